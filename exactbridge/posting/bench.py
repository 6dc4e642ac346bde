"""`manage.py bench exact`: demo invoices posted to the Exact Online simulator through
``post_case``, each with its PDF attached, counting Exact API calls and timing each posting.

Like ``intake/bench.py`` it runs in a fresh data directory (its own SQLite database), so it
needs nothing from, and leaves nothing in, the configured installation: the outer call migrates
that database; an inner call of the same command, in that environment, starts the simulator in
a thread, loads the demo administration and people, connects them, and posts.

The simulator's rate limit is lifted so the latency is Exact's answer time plus ours; at Exact's
real 60 calls a minute the throughput is ``60 / api_calls_per_invoice`` invoices a minute.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from exactbridge.env import child_environment

EXACT_MINUTELY_LIMIT = 60


def add_arguments(parser) -> None:
    parser.add_argument("--invoices", type=int, default=50, help="Demo invoices to post.")
    # The inner run, in the benchmark's own environment (see the module docstring).
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)


def run_exact_benchmark(*, invoices: int, inner: bool = False):
    if invoices < 2:
        raise CommandError("Post at least 2 invoices.")
    if inner:
        figures = _post_and_time(invoices)
        return _rows(figures), figures
    with tempfile.TemporaryDirectory(prefix="bench-exact-") as tmp:
        env = child_environment(DATA_DIR=tmp, DATABASE_URL=None, REDIS_URL=None)
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        out = subprocess.run(
            [*manage, "bench", "exact", "--json", "--inner", "--invoices", str(invoices)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    return _rows(figures), figures


def _rows(figures: dict) -> list[tuple[str, object]]:
    return [
        ("invoices posted (PDF attached)", figures["invoices"]),
        ("Exact API calls", figures["api_calls"]),
        ("API calls per invoice", figures["api_calls_per_invoice"]),
        ("posting latency p50 (ms)", figures["p50_ms"]),
        ("posting latency p95 (ms)", figures["p95_ms"]),
        ("invoices/minute at 60 calls/min", figures["invoices_per_minute_at_exact_limit"]),
    ]


def _post_and_time(invoices: int) -> dict:
    """Inner half, in the benchmark's own environment."""
    import requests

    from exactbridge.demo import services as demo
    from exactbridge.online.models import ExactApiCall
    from exactbridge.posting.services import post_case
    from exactbridge.simulator.server import start_in_thread

    pdfs = [demo.CORPORA / path for path in demo.DEMO_DOCUMENTS if path.endswith(".pdf")]
    if not pdfs or not all(path.is_file() for path in pdfs):
        raise CommandError(f"The benchmark posts the demo PDFs from {demo.CORPORA}: missing.")
    running = start_in_thread()
    try:
        limits = {"minutely_limit": 1_000_000, "daily_limit": 1_000_000}
        requests.post(f"{running.base_url}/_simulator/config", json=limits, timeout=10)
        demo.load_administrations()
        demo.load_people()
        demo.connect_to_simulator(running.base_url)
        case_ids = _cases_ready_to_post(invoices, pdfs)
        last_call = ExactApiCall.objects.order_by("-id").values_list("id", flat=True).first()
        latencies = []
        for case_id in case_ids:
            started = time.perf_counter()
            outcome = post_case(case_id=case_id)
            latencies.append((time.perf_counter() - started) * 1000)
            if outcome != "posted":
                raise CommandError(f"Case #{case_id} was not posted: {outcome}.")
        calls = ExactApiCall.objects.filter(id__gt=last_call or 0).count()
    finally:
        running.stop()
    per_invoice = calls / invoices
    return {
        "invoices": invoices,
        "api_calls": calls,
        "api_calls_per_invoice": round(per_invoice, 2),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(statistics.quantiles(latencies, n=20)[-1], 1),
        "invoices_per_minute_at_exact_limit": round(EXACT_MINUTELY_LIMIT / per_invoice, 1),
    }


def _cases_ready_to_post(invoices: int, pdfs: list[Path]) -> list[int]:
    """Demo invoices received, read (with the values a reading would give) and approved, each
    with a purchase entry proposal on the simulator's demo master data."""
    from django.contrib.auth import get_user_model

    from cases.transitions import approve_case, finish_reading, start_reading
    from exactbridge.administrations.models import Administration
    from exactbridge.demo.services import DEMO_ADMINISTRATIONS
    from exactbridge.online import odata
    from exactbridge.online.client import ExactOnlineClient
    from exactbridge.online.models import ExactOnlineConnection
    from exactbridge.posting.actions import EntryLine, PurchaseEntryAction
    from exactbridge.posting.services import plan_posting
    from intake.models import Document
    from intake.services import receive_document

    administration = Administration.objects.get(code=DEMO_ADMINISTRATIONS[0]["code"])
    approver = get_user_model().objects.get(username="approver")
    client = ExactOnlineClient(ExactOnlineConnection.objects.get(administration=administration))
    codes = [odata.eq("Code", odata.account_code(2001 + n)) for n in range(5)]  # seeded
    suppliers = [
        row["ID"]
        for row in client.get_collection("crm/Accounts", select=["ID"], filter=odata.any_of(*codes))
    ]
    gl_accounts = client.get_collection(
        "financial/GLAccounts", select=["ID"], filter=odata.eq("Code", "4000")
    )
    gl_account = next(gl_accounts)["ID"]
    case_ids = []
    for n in range(invoices):
        path = pdfs[n % len(pdfs)]
        case = receive_document(
            administration=administration,
            data=path.read_bytes() + f"\n% bench {n}\n".encode(),  # unique: not a duplicate
            filename=path.name,
            channel=Document.Channel.COMMAND,
        )
        amount = Decimal(100 + n)
        start_reading(case)
        case = finish_reading(
            case,
            needs_review=False,
            fields={"total_amount": amount * Decimal("1.21"), "invoice_number": f"B-{n}"},
        )
        case = approve_case(case, user=approver)
        action = PurchaseEntryAction(
            journal="60",
            supplier=suppliers[n % len(suppliers)],
            supplier_invoice_number=f"B-{n}",
            entry_date=date(2026, 3, 2),
            description=path.stem,
            lines=(EntryLine(gl_account=gl_account, amount=amount, vat_code="1  "),),
        )
        plan_posting(case=case, action=action)
        case_ids.append(case.pk)
    return case_ids
