"""`manage.py bench intake`: documents through the real path — receive_document, the django-q2
queue, a running cluster, the reading pipeline — timed from arrival to extracted, per kind.

It runs in a fresh data directory (its own SQLite database) so the figures do not depend on,
or leave anything in, the configured installation: the outer call prepares the documents and
starts the cluster; an inner call of the same command, in that environment, feeds and times.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from exactbridge.env import child_environment

CORPORA = Path(settings.BASE_DIR).parent / "shared" / "corpora"
SOURCES = {
    "ubl": ["ubl/peppol-bis3/examples/base-example.xml"],
    "pdf": ["pdf/invoice2data/QualityHosting.pdf", "pdf/invoice2data/coolblue1.pdf"],
    "scan": ["pdf/invoice2data/oyo.png", "pdf/invoice2data/SammyMaystoneLinesTest.png"],
}


def add_arguments(parser) -> None:
    parser.add_argument("--per-kind", type=int, default=20, help="Documents of each kind.")
    parser.add_argument("--kinds", default="ubl,pdf,scan", help="Comma-separated kinds.")
    # The inner run, in the benchmark's own environment (see the module docstring).
    parser.add_argument("--inner-dir", help=argparse.SUPPRESS)


def run_intake_benchmark(*, per_kind: int, kinds: str, inner_dir: str | None = None):
    if inner_dir:
        return _feed_and_time(Path(inner_dir))
    wanted = [kind.strip() for kind in kinds.split(",") if kind.strip()]
    unknown = set(wanted) - set(SOURCES)
    if unknown:
        raise CommandError(f"Unknown kind(s): {', '.join(sorted(unknown))}.")
    if not CORPORA.is_dir():
        raise CommandError(f"The benchmark reads its documents from {CORPORA}, which is missing.")
    with tempfile.TemporaryDirectory(prefix="bench-intake-") as tmp:
        work = Path(tmp)
        _write_documents(work / "documents", wanted, per_kind)
        env = child_environment(DATA_DIR=str(work / "data"), DATABASE_URL=None, REDIS_URL=None)
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        cluster = subprocess.Popen(
            [*manage, "qcluster"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            out = subprocess.run(
                [*manage, "bench", "intake", "--json", "--inner-dir", str(work / "documents")],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        finally:
            cluster.terminate()
            cluster.wait(timeout=30)
    figures = json.loads(out.strip().splitlines()[-1])
    return _rows(figures), figures


def _write_documents(folder: Path, kinds: list[str], per_kind: int) -> None:
    """Unique bytes per document, so none is taken for a duplicate of another."""
    for kind in kinds:
        (folder / kind).mkdir(parents=True)
        sources = [(CORPORA / relative) for relative in SOURCES[kind]]
        for n in range(per_kind):
            source = sources[n % len(sources)]
            data = _unique(kind, source.read_bytes(), n)
            (folder / kind / f"{n:04d}-{source.name}").write_bytes(data)


def _unique(kind: str, data: bytes, n: int) -> bytes:
    if kind == "ubl":
        return re.sub(
            rb"<cbc:ID>[^<]*</cbc:ID>", f"<cbc:ID>BENCH-{n}</cbc:ID>".encode(), data, count=1
        )
    if kind == "pdf":
        return data + f"\n% bench {n}\n".encode()  # a comment after %%EOF; readers ignore it
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    image.putpixel((0, 0), (n % 256, n // 256 % 256, 7))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _feed_and_time(folder: Path):
    """Inner half, in the benchmark's own environment: feed one kind at a time, then a burst."""
    from cases.models import Case
    from exactbridge.administrations.services import create_administration
    from intake.models import Document
    from intake.services import receive_document

    administration = create_administration(code="bench", name="Benchmark")
    latencies: dict[str, list[float]] = {}
    for kind_folder in sorted(p for p in folder.iterdir() if p.is_dir()):
        times = latencies.setdefault(kind_folder.name, [])
        for path in sorted(kind_folder.iterdir()):
            started = time.monotonic()
            case = receive_document(
                administration=administration,
                data=path.read_bytes(),
                filename=path.name,
                channel=Document.Channel.COMMAND,
            )
            _wait_until_read([case.pk], Case)
            times.append(time.monotonic() - started)
    every = sorted(p for p in folder.rglob("*") if p.is_file())
    burst_start = time.monotonic()
    ids = [
        receive_document(
            administration=administration,
            data=path.read_bytes() + b"\n",
            filename=path.name,
            channel=Document.Channel.COMMAND,
        ).pk
        for path in every
    ]
    _wait_until_read(ids, Case)
    burst_seconds = time.monotonic() - burst_start
    statuses = dict.fromkeys(Case.Status.values, 0)
    for status in Case.objects.values_list("status", flat=True):
        statuses[status] += 1
    figures = {
        "documents": len(every),
        "documents_per_minute": round(len(every) / burst_seconds * 60, 1),
        "kinds": {
            kind: {
                "documents": len(times),
                "p50_s": round(statistics.median(times), 3),
                "p95_s": round(_p95(times), 3),
            }
            for kind, times in latencies.items()
        },
        "statuses": {status: count for status, count in statuses.items() if count},
        "workers": settings.Q_CLUSTER["workers"],
    }
    return _rows(figures), figures


def _wait_until_read(ids: list[int], case_model, timeout: float = 600) -> None:
    unfinished = [case_model.Status.RECEIVED, case_model.Status.READING]
    deadline = time.monotonic() + timeout
    while case_model.objects.filter(pk__in=ids, status__in=unfinished).exists():
        if time.monotonic() > deadline:
            raise CommandError("Documents were not read in time: is the cluster running?")
        time.sleep(0.02)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _rows(figures: dict) -> list[tuple[str, str]]:
    rows = [
        ("documents (burst)", str(figures["documents"])),
        ("documents per minute", str(figures["documents_per_minute"])),
    ]
    for kind, kind_figures in figures["kinds"].items():
        rows.append(
            (
                f"{kind}: arrival to read",
                f"p50 {kind_figures['p50_s']} s, "
                f"p95 {kind_figures['p95_s']} s ({kind_figures['documents']} documents)",
            )
        )
    rows.append(("outcomes", ", ".join(f"{k} {v}" for k, v in figures["statuses"].items())))
    return rows
