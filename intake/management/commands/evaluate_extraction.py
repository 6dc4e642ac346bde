"""`manage.py evaluate_extraction DIR [--json]`: how well documents are read, field by field.

DIR holds NAME.json (expected results, ../shared/corpora/README.md) beside NAME.xml, NAME.pdf,
NAME.png or NAME.jpg. Each document is read the way intake reads it — XML as an e-invoice; a PDF
by its embedded e-invoice if it has one (what that lacks read from the page), otherwise its text
layer or OCR; an image by OCR — and compared with intake.extraction.evaluate. Needs no database,
administration or Exact connection.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intake.einvoice import READ_ERRORS, read_einvoice
from intake.extracted import ExtractedInvoice
from intake.extraction import EXTRACTION_ERRORS, extract_from_image, extract_from_pdf
from intake.extraction.embedded import read_embedded_einvoice
from intake.extraction.evaluate import compare, expected_object

# When NAME.json has several documents beside it, the first of these is evaluated.
SUFFIXES = (".xml", ".pdf", ".png", ".jpg", ".jpeg")


def read_document(path: Path) -> tuple[ExtractedInvoice, str]:
    """Read one document as intake would; returns the invoice and the kind of reading done."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".xml":
        return read_einvoice(data=data), "xml"
    if suffix == ".pdf":
        embedded = read_embedded_einvoice(pdf_bytes=data)
        if embedded is not None:
            return embedded, "pdf-embedded-xml"
        invoice = extract_from_pdf(data=data)
        return invoice, invoice.format_name
    invoice = extract_from_image(data=data)
    return invoice, invoice.format_name


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


class Command(BaseCommand):
    help = "Read every document in DIR that has a NAME.json beside it and report field accuracy."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, metavar="DIR")
        parser.add_argument(
            "--json", action="store_true", help="End with one line holding the figures as JSON."
        )

    def handle(self, *args, directory: Path, json: bool, **options):
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a folder.")
        totals: dict[str, list[int]] = {}
        seconds: dict[str, list[float]] = {}
        failures: list[tuple[str, str]] = []
        documents = 0
        for expected_path in sorted(directory.glob("*.json")):
            document = _document_for(expected_path)
            if document is None:
                continue
            documents += 1
            try:
                expected = expected_object(_load_json(expected_path))
            except ValueError as exc:
                failures.append((expected_path.name, f"expected results unreadable: {exc}"))
                continue
            started = time.perf_counter()
            kind = document.suffix.lower().lstrip(".")
            try:
                invoice, kind = read_document(document)
                read = invoice.to_expected_dict()
            except (*READ_ERRORS, *EXTRACTION_ERRORS, OSError) as exc:
                read = {}
                failures.append((document.name, str(exc)))
            except Exception as exc:  # an evaluation reports a bug as a failed document
                read = {}
                failures.append((document.name, f"{type(exc).__name__}: {exc}"))
            seconds.setdefault(kind, []).append(time.perf_counter() - started)
            for field, (correct, total) in compare(read=read, expected=expected).items():
                tally = totals.setdefault(field, [0, 0])
                tally[0] += correct
                tally[1] += total
        self._print_table(documents, totals, seconds, failures)
        if json:
            self.stdout.write(_json_line(documents, totals, seconds))

    def _print_table(self, documents, totals, seconds, failures) -> None:
        write = self.stdout.write
        write(f"{'field':<22} {'correct':>8} {'total':>6} {'accuracy':>9}")
        for field in sorted(totals):
            correct, total = totals[field]
            write(f"{field:<22} {correct:>8} {total:>6} {correct / total:>9.1%}")
        correct, total = _overall(totals)
        accuracy = correct / total if total else 0.0
        write(f"{'overall':<22} {correct:>8} {total:>6} {accuracy:>9.1%}")
        write(f"documents: {documents}")
        for kind, values in sorted(seconds.items()):
            write(
                f"seconds per document ({kind}, {len(values)}): "
                f"p50 {percentile(values, 0.5):.2f}  p95 {percentile(values, 0.95):.2f}"
            )
        for name, reason in failures:
            write(f"unreadable: {name}: {reason}")


def _document_for(expected_path: Path) -> Path | None:
    for suffix in SUFFIXES:
        for candidate in (suffix, suffix.upper()):
            path = expected_path.with_suffix(candidate)
            if path.is_file():
                return path
    return None


def _load_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(str(exc)) from exc


def _overall(totals: dict[str, list[int]]) -> tuple[int, int]:
    return sum(c for c, _t in totals.values()), sum(t for _c, t in totals.values())


def _json_line(documents, totals, seconds) -> str:
    correct, total = _overall(totals)
    every = [value for values in seconds.values() for value in values]
    return json.dumps(
        {
            "documents": documents,
            "accuracy": round(correct / total, 4) if total else 0.0,
            "fields": {f: {"correct": c, "total": t} for f, (c, t) in sorted(totals.items())},
            "seconds": {
                "p50": round(percentile(every, 0.5), 3),
                "p95": round(percentile(every, 0.95), 3),
            },
        }
    )
