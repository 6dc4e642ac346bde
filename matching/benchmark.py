"""`manage.py bench matching`: matching and coding measured on a generated data set with ground
truth, plus the time for 10,000 invoices against 100,000 open order lines.

Invoices are matched one by one in date order, as they would arrive. After each invoice the
quantities people finally book (from the ground truth: an exception is resolved by a person, a
duplicate rejected) move the invoiced-so-far ledger on; the matcher itself never sees the truth.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from matching import dataset as datasets
from matching.candidates import OrderIndex
from matching.coding import learn, suggest_coding
from matching.generate import generate
from matching.three_way import match_invoice
from matching.types import ZERO, Invoice, InvoiceLine, InvoiceMatch, MatchStatus, normalize_code

HELD_BACK = 0.2  # the latest fifth of the history is what the coding is measured on
CODING_FIELDS = ("gl_account", "vat_code", "cost_center")


def add_arguments(parser) -> None:
    parser.add_argument("--data", help="Folder written by make_matching_benchmark.")
    parser.add_argument("--scale-invoices", type=int, default=10_000, help="0 skips the timing.")
    parser.add_argument("--scale-order-lines", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1, help="Seed of the timing data set.")


def match_all(data: datasets.Dataset) -> Iterator[tuple[Invoice, datasets.Truth, InvoiceMatch]]:
    """Every invoice matched in arrival order, with its truth."""
    index = OrderIndex(data.orders, data.receipts)
    ledger: dict[tuple[str, int], Decimal] = {}
    arrival = sorted(range(len(data.invoices)), key=lambda i: (data.invoices[i].date, i))
    for position in arrival:
        invoice, truth = data.invoices[position], data.truth[position]
        administration = data.administrations[data.supplier_administration[invoice.supplier]]
        earlier = index.earlier_invoices(invoice)
        credited = [
            e.po_reference
            for e in earlier
            if invoice.credits_invoice
            and normalize_code(e.number) == normalize_code(invoice.credits_invoice)
        ]
        orders = index.orders_for(invoice, credited[0] if credited else "")
        result = match_invoice(
            invoice=invoice,
            orders=orders,
            receipts=index.receipts_for(orders, invoice.date),
            already_invoiced=ledger,
            tolerances=administration.tolerances,
            receipts_required=administration.receipts_required,
            units=data.units,
            earlier_invoices=earlier,
        )
        index.add_invoice(invoice)
        for order, line_no, quantity in truth.post:
            ledger[(order, line_no)] = ledger.get((order, line_no), ZERO) + quantity
        yield invoice, truth, result


def _correct(truth: datasets.Truth, result: InvoiceMatch) -> bool:
    if result.orders != (truth.order,):
        return False
    for line in result.lines:
        allowed = {tuple(key) for key in truth.lines.get(line.invoice_line_no, ())}
        if line.invoice_line_no in truth.lines and not {k for k, _ in line.allocations} <= allowed:
            return False
    return True


def evaluate_matching(data: datasets.Dataset) -> dict[str, Any]:
    started = time.perf_counter()
    truly = auto = false = 0
    by_reason: Counter = Counter()
    by_status: Counter = Counter()
    by_scenario: dict[str, Counter] = {}
    for _invoice, truth, result in match_all(data):
        by_status[result.status] += 1
        scenario = by_scenario.setdefault(truth.scenario, Counter())
        scenario["invoices"] += 1
        if truth.expect == "match":
            truly += 1
        if result.is_automatic:
            if truth.expect == "match" and _correct(truth, result):
                auto += 1
                scenario["auto_matched"] += 1
            else:
                false += 1
                scenario["false_matches"] += 1
        else:
            scenario["exceptions"] += 1
            codes = {r.code for r in result.reasons}
            codes |= {
                r.code
                for line in result.lines
                if line.status == MatchStatus.EXCEPTION
                for r in line.reasons
            }
            by_reason.update(codes)
    seconds = time.perf_counter() - started
    return {
        "invoices": len(data.invoices),
        "order_lines": sum(len(order.lines) for order in data.orders),
        "truly_matching": truly,
        "auto_matched": auto,
        "auto_match_rate": round(auto / truly, 4) if truly else 0.0,
        "false_matches": false,
        "exceptions_by_reason": dict(by_reason.most_common()),
        "statuses": {str(k): v for k, v in by_status.items()},
        "scenarios": {k: dict(v) for k, v in sorted(by_scenario.items())},
        "matching_seconds": round(seconds, 3),
    }


def evaluate_coding(data: datasets.Dataset) -> dict[str, Any]:
    """Learn on the older history, suggest for the held-back latest part, count exact hits."""
    history = sorted(data.history, key=lambda r: (r.date, r.supplier))
    cut = int(len(history) * (1 - HELD_BACK))
    memory = learn(history[:cut])
    held_back = history[cut:]
    hits: Counter = Counter()
    for record in held_back:
        line = InvoiceLine(0, record.description, Decimal(1), ZERO, record.item_code)
        suggested = suggest_coding(
            supplier=record.supplier,
            line=line,
            order_line=None,
            memory=memory,
            defaults=data.suppliers.get(record.supplier),
        )
        right = [
            name
            for name in CODING_FIELDS
            if name in suggested and suggested[name].value == record.coding.get(name)
        ]
        hits.update(right)
        hits["all"] += len(right) == len(CODING_FIELDS)
    total = len(held_back) or 1
    return {
        "coding_lines": len(held_back),
        "coding_accuracy": round(hits["all"] / total, 4),
        "coding_accuracy_by_field": {n: round(hits[n] / total, 4) for n in CODING_FIELDS},
    }


def time_at_scale(*, seed: int, invoices: int, order_lines: int) -> dict[str, Any]:
    """Seconds to index and match ``invoices`` against ``order_lines`` (generation excluded)."""
    data = generate(seed=seed, invoices=invoices, order_lines=order_lines)
    started = time.perf_counter()
    count = sum(1 for _ in match_all(data))
    seconds = time.perf_counter() - started
    return {
        "invoices": count,
        "order_lines": sum(len(order.lines) for order in data.orders),
        "seconds": round(seconds, 2),
    }


def run_matching_benchmark(
    *, data: str | None, scale_invoices: int, scale_order_lines: int, seed: int
) -> tuple[list[tuple[str, Any]], dict[str, Any]]:
    if not data:
        raise CommandError("Give --data, a folder written by make_matching_benchmark.")
    folder = Path(data)
    if not (folder / "truth.json").is_file():
        raise CommandError(f"{folder} holds no matching benchmark (truth.json is missing).")
    loaded = datasets.read(folder)
    figures = evaluate_matching(loaded) | evaluate_coding(loaded)
    figures["seconds"] = figures["matching_seconds"]
    if scale_invoices:
        small = time_at_scale(
            seed=seed, invoices=scale_invoices // 4, order_lines=scale_order_lines // 4
        )
        large = time_at_scale(seed=seed, invoices=scale_invoices, order_lines=scale_order_lines)
        figures["scale"] = {"quarter": small, "full": large}
        figures["seconds"] = large["seconds"]
    return _rows(figures), figures


def _rows(figures: dict[str, Any]) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [
        ("invoices", figures["invoices"]),
        ("open order lines", figures["order_lines"]),
        ("truly matching", figures["truly_matching"]),
        ("matched automatically", figures["auto_matched"]),
        ("auto-match rate", f"{figures['auto_match_rate']:.1%}"),
        ("false matches", figures["false_matches"]),
    ]
    rows += [(f"  exception: {code}", n) for code, n in figures["exceptions_by_reason"].items()]
    for name, counts in figures["scenarios"].items():
        rows.append(
            (
                f"  scenario {name}",
                f"{counts.get('auto_matched', 0)} auto, {counts.get('exceptions', 0)} exceptions,"
                f" {counts.get('false_matches', 0)} false, of {counts['invoices']}",
            )
        )
    rows.append(("coding accuracy (GL+VAT+cost center)", f"{figures['coding_accuracy']:.1%}"))
    for name, share in figures["coding_accuracy_by_field"].items():
        rows.append((f"  {name}", f"{share:.1%}"))
    rows.append(("matching seconds (this data set)", figures["matching_seconds"]))
    for size, timing in figures.get("scale", {}).items():
        rows.append(
            (
                f"seconds, {size} scale",
                f"{timing['seconds']} for {timing['invoices']} invoices"
                f" x {timing['order_lines']} order lines",
            )
        )
    return rows
