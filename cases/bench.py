"""`manage.py bench dashboard`: the dashboard's pages over a large administration, timed.

Unlike `bench intake` this runs in the *configured* database, because that is the one whose
size and indexes are in question. It seeds ``--cases`` cases (default 100,000) into one
administration, "bench-dashboard", once: a later run finds them and only adds what is missing,
so runs can be repeated and compared. The cases are inserted directly, in batches, without the
audit events their life would have left (audit rows cannot be deleted, and they are not what
the lists read); only the member's account and the page views leave audit events.

Then it asks Django's test client, signed in as a member, for the queue list (every queue in
turn), a filtered list (supplier, amount range and status) and the case page, ``--requests``
times each, and reports p50 and p95 in milliseconds.
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Check
from cases.selectors import QUEUES, queue_of
from exactbridge.accounts.services import create_user
from exactbridge.administrations.models import Administration
from exactbridge.administrations.services import create_administration, grant_membership
from intake.extracted import ExtractedInvoice, ExtractedLine, Field, VatSubtotal
from intake.serialize import invoice_to_json

CODE = "bench-dashboard"
MEMBER = "bench-dashboard"
BATCH = 1000
S = Case.Status
# Most of an administration's history is posted; the work in hand is a small part of it.
STATUS_WEIGHTS = {
    S.POSTED: 70,
    S.REJECTED: 3,
    S.DUPLICATE: 1,
    S.UNREADABLE: 1,
    S.RECEIVED: 0.5,
    S.READING: 0.5,
    S.NEEDS_REVIEW: 9,
    S.READY_FOR_APPROVAL: 8,
    S.APPROVED: 2,
    S.READY_TO_POST: 2,
    S.POSTING: 0.5,
    S.POSTING_FAILED: 2.5,
}
FAMILY = ["Jansen", "De Vries", "Van den Berg", "Bakker", "Visser", "Smit", "Meijer", "De Boer"]
FAMILY += ["Mulder", "De Groot", "Bos", "Vos", "Peters", "Hendriks", "Van Leeuwen", "Dekker"]
TRADE = ["Techniek", "Logistiek", "Bouw", "Installatie", "Kantoorartikelen", "Schoonmaak"]
TRADE += ["Transport", "Catering", "Advies", "Drukwerk", "ICT", "Beveiliging", "Metaal"]
FORM = ["B.V.", "N.V.", "V.O.F.", "Holding B.V."]
PLAIN_STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
TRADING_NAMES = [f"{family} {trade}" for family in FAMILY for trade in TRADE]
random.Random(3).shuffle(TRADING_NAMES)  # noqa: S311 - which suppliers are frequent, not a secret


def add_arguments(parser) -> None:
    parser.add_argument("--cases", type=int, default=100_000, help="Cases to seed (once).")
    parser.add_argument("--requests", type=int, default=50, help="Requests per page.")


def run_dashboard_benchmark(*, cases: int, requests: int = 50):
    if cases < 1 or requests < 1:
        raise CommandError("--cases and --requests must be at least 1.")
    administration, member = _administration_and_member()
    present = Case.objects.filter(administration=administration).count()
    seed_started = time.monotonic()
    if present < cases:
        _seed(administration, member, start=present, stop=cases)
        _settle()
    seed_seconds = time.monotonic() - seed_started
    total = max(present, cases)

    client = Client(HTTP_HOST=_allowed_host())
    client.force_login(member)
    rng = _random(7)
    queue_url = reverse("cases:queue", args=[CODE])
    queues = list(QUEUES)
    queue_urls = [f"{queue_url}?queue={queues[n % len(queues)]}" for n in range(requests)]
    filtered_urls = [_filtered_url(queue_url, rng) for _ in range(requests)]
    open_ids = list(
        Case.objects.filter(
            administration=administration, status__in=[S.NEEDS_REVIEW, S.READY_FOR_APPROVAL]
        )
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)[:2000]
    )
    if not open_ids:
        raise CommandError("No case to open: seed more cases.")
    case_urls = [
        reverse("cases:case", args=[CODE, rng.choice(open_ids)]) + "?queue=review"
        for _ in range(requests)
    ]
    # Static file URLs without collectstatic's manifest: a lookup either way, not measured here.
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": PLAIN_STATIC}):
        figures = {
            "cases": total,
            "queue_list": _timed(client, queue_urls),
            "filtered_list": _timed(client, filtered_urls),
            "case_view": _timed(client, case_urls),
        }
    rows = [
        ("cases", f"{total} in administration {CODE}"),
        (
            "seeding",
            f"{total - present} new in {seed_seconds:.1f} s" if total > present else "reused",
        ),
        ("database", settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]),
    ]
    for page in ("queue_list", "filtered_list", "case_view"):
        rows.append(
            (
                page.replace("_", " "),
                f"p50 {figures[page]['p50_ms']} ms, p95 {figures[page]['p95_ms']} ms "
                f"({requests} requests)",
            )
        )
    return rows, figures


def _administration_and_member():
    administration = Administration.objects.filter(code=CODE).first()
    if administration is None:
        administration = create_administration(
            code=CODE, name="Benchmark dashboard", four_eyes_threshold=Decimal("10000")
        )
    member = get_user_model().objects.filter(username=MEMBER).first()
    if member is None:
        member = create_user(username=MEMBER, email="")
        grant_membership(
            administration=administration,
            user=member,
            role="accountant",
            approval_limit=Decimal("50000"),
        )
    return administration, member


def _seed(administration, member, *, start: int, stop: int) -> None:
    """Cases ``start`` to ``stop`` of the benchmark's fixed sequence, in batches."""
    now = timezone.now()
    epoch = now - datetime.timedelta(days=730)
    for first in range(start, stop, BATCH):
        with transaction.atomic():
            cases = Case.objects.bulk_create(
                _case(administration, member, n) for n in range(first, min(first + BATCH, stop))
            )
            Check.objects.bulk_create(check for case in cases for check in _checks(case))
            # created_at is set on insert; spread arrivals over two years, one time per batch.
            arrived = min(epoch + datetime.timedelta(minutes=10 * first), now)
            Case.objects.filter(pk__in=[case.pk for case in cases]).update(created_at=arrived)


def _settle() -> None:
    """What PostgreSQL's autovacuum does a while after a bulk load, done now so the first run
    measures the steady state: table statistics and the visibility map (index-only scans)."""
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in (Case, Check):
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def _case(administration, member, n: int) -> Case:
    rng = _random(n)
    status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
    # A few suppliers send most invoices.
    which = int(len(TRADING_NAMES) * rng.random() ** 3)
    supplier = f"{TRADING_NAMES[which]} {FORM[which % len(FORM)]}"
    credit = rng.random() < 0.04
    total = Decimal(str(round(min(rng.lognormvariate(6, 1.4), 5_000_000), 2)))
    total = -total if credit else total
    issued = datetime.date.today() - datetime.timedelta(days=rng.randint(0, 730))
    number = f"F{issued.year}-{n:07d}"
    currency = "EUR" if rng.random() < 0.95 else rng.choice(["USD", "GBP"])
    unread = status in (S.RECEIVED, S.READING, S.UNREADABLE)
    return Case(
        administration=administration,
        kind=Case.Kind.PURCHASE_CREDIT_NOTE if credit else Case.Kind.PURCHASE_INVOICE,
        status=status,
        assignee=member if rng.random() < 0.3 else None,
        extracted=None if unread else _extracted(supplier, number, issued, total, currency, rng),
        supplier_name="" if unread else supplier,
        invoice_number="" if unread else number,
        document_date=None if unread else issued,
        total_amount=None if unread else total,
        currency="" if unread else currency,
    )


def _extracted(supplier, number, issued, total, currency, rng: random.Random) -> dict:
    """A realistic reading: a PDF read from its text, fields with box positions."""

    def field(value, confidence=None):
        box = f"page 1, box {rng.randint(40, 400)},{rng.randint(40, 700)},{rng.randint(40, 220)},14"
        return Field(value, confidence or round(rng.uniform(0.75, 1.0), 2), box)

    net = (total / Decimal("1.21")).quantize(Decimal("0.01"))
    vat = total - net
    count = rng.randint(1, 4)
    shares = [(net / count).quantize(Decimal("0.01"))] * (count - 1)
    shares.append(net - sum(shares, Decimal(0)))
    invoice = ExtractedInvoice(
        format_name="pdf-text",
        supplier_name=field(supplier),
        vat_number=field(f"NL{rng.randint(100000000, 999999999)}B01"),
        iban=field(f"NL{rng.randint(10, 99)}ABNA0{rng.randint(100000000, 999999999)}"),
        invoice_number=field(number),
        invoice_date=field(issued),
        due_date=field(issued + datetime.timedelta(days=30)),
        currency=field(currency, 1.0),
        net_total=field(net),
        vat_total=field(vat),
        gross_total=field(total),
        payable_amount=field(total),
        vat_breakdown=[VatSubtotal(field(Decimal(21)), None, field(net), field(vat))],
        lines=[
            ExtractedLine(
                description=field(f"{rng.choice(TRADE)} werkzaamheden week {rng.randint(1, 52)}"),
                quantity=field(Decimal(1)),
                unit_price=field(share),
                amount=field(share),
                vat_rate=field(Decimal(21)),
            )
            for share in shares
        ],
    )
    return invoice_to_json(invoice)


def _checks(case: Case) -> list[Check]:
    rng = _random(-case.pk)
    iban_ok = rng.random() < 0.9
    return [
        Check(case=case, code="required_fields", severity="ok", message="All read."),
        Check(
            case=case,
            code="iban",
            severity="ok" if iban_ok else "error",
            message="IBAN is valid." if iban_ok else "IBAN is not valid.",
        ),
        Check(
            case=case,
            code="supplier",
            severity="ok" if rng.random() < 0.8 else "warning",
            message="Supplier matched.",
        ),
    ]


def _filtered_url(queue_url: str, rng: random.Random) -> str:
    status = rng.choice([S.NEEDS_REVIEW, S.READY_FOR_APPROVAL, S.POSTED])
    supplier = rng.choice(TRADING_NAMES[:30])  # one of the frequent ones
    low = rng.choice([0, 100, 500, 1000])
    return (
        f"{queue_url}?queue={queue_of(status)}&status={status}&supplier={supplier}"
        f"&amount_min={low}&amount_max={low * 10 + 1000}"
    )


def _timed(client: Client, urls: list[str]) -> dict[str, float]:
    for url in urls[:3]:  # warm caches and the connection first
        _get(client, url)
    times = []
    for url in urls:
        started = time.perf_counter()
        _get(client, url)
        times.append((time.perf_counter() - started) * 1000)
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1)}


def _get(client: Client, url: str) -> None:
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise CommandError(f"GET {url} answered {response.status_code}.")


def _random(seed: int) -> random.Random:
    """The same data and pages on every run; nothing here is a secret."""
    return random.Random(seed)  # noqa: S311


def _allowed_host() -> str:
    """A host name the configured ALLOWED_HOSTS accepts, for the test client's requests."""
    for host in settings.ALLOWED_HOSTS:
        if host != "*":
            return host.lstrip(".")
    return "localhost"
