"""A matching benchmark data set: what the generator writes and the evaluation reads.

Plain JSON files in one folder — ``orders.json``, ``receipts.json``, ``invoices.json``,
``history.json``, ``setup.json`` (administrations, tolerances, suppliers, units) and
``truth.json`` (what should happen to every invoice; only the evaluation reads it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from matching.coding import ApprovedPosting, SupplierDefaults
from matching.types import (
    Invoice,
    InvoiceLine,
    ItemUnits,
    LineKind,
    Order,
    OrderLine,
    Receipt,
    ReceiptLine,
    Tolerances,
)


@dataclass(frozen=True)
class Administration:
    code: str
    tolerances: Tolerances
    receipts_required: bool


@dataclass(frozen=True)
class Truth:
    """What should happen to one invoice. ``expect`` is ``match`` or ``exception``; ``lines``
    maps each goods invoice line to the order lines it belongs to; ``post`` is what people
    finally book on the order lines (order unit), which moves the invoiced quantities on."""

    invoice: str
    supplier: str
    expect: str
    scenario: str
    order: str = ""
    reason: str = ""
    lines: dict[int, list[tuple[str, int]]] = field(default_factory=dict)
    post: list[tuple[str, int, Decimal]] = field(default_factory=list)


@dataclass
class Dataset:
    administrations: dict[str, Administration]
    supplier_administration: dict[str, str]
    suppliers: dict[str, SupplierDefaults]
    units: dict[str, ItemUnits]
    orders: list[Order]
    receipts: list[Receipt]
    invoices: list[Invoice]
    truth: list[Truth]  # one per invoice, in the same order
    history: list[ApprovedPosting]
    seed: int = 0


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def write(dataset: Dataset, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    setup = {
        "seed": dataset.seed,
        "administrations": dataset.administrations,
        "supplier_administration": dataset.supplier_administration,
        "suppliers": dataset.suppliers,
        "units": dataset.units,
    }
    files = {
        "setup.json": setup,
        "orders.json": dataset.orders,
        "receipts.json": dataset.receipts,
        "invoices.json": dataset.invoices,
        "history.json": dataset.history,
        "truth.json": dataset.truth,
    }
    for name, content in files.items():
        (folder / name).write_text(json.dumps(_plain(content), indent=1), encoding="utf-8")


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _order(raw: dict) -> Order:
    lines = tuple(
        OrderLine(
            **{
                **line,
                "quantity": Decimal(line["quantity"]),
                "unit_price": Decimal(line["unit_price"]),
                "kind": LineKind(line["kind"]),
            }
        )
        for line in raw["lines"]
    )
    return Order(raw["number"], raw["supplier"], _date(raw["date"]), lines)


def _receipt(raw: dict) -> Receipt:
    lines = tuple(
        ReceiptLine(
            line["order_number"], line["order_line_no"], Decimal(line["quantity"]), line["unit"]
        )
        for line in raw["lines"]
    )
    return Receipt(raw["number"], raw["supplier"], _date(raw["date"]), lines)


def _invoice(raw: dict) -> Invoice:
    lines = tuple(
        InvoiceLine(
            **{
                **line,
                "quantity": Decimal(line["quantity"]),
                "unit_price": Decimal(line["unit_price"]),
                "kind": LineKind(line["kind"]),
            }
        )
        for line in raw["lines"]
    )
    return Invoice(**{**raw, "date": _date(raw["date"]), "lines": lines})


def read(folder: Path) -> Dataset:
    def load(name: str) -> Any:
        return json.loads((folder / name).read_text(encoding="utf-8"))

    setup = load("setup.json")
    administrations = {
        code: Administration(
            code,
            Tolerances(**{k: Decimal(v) for k, v in raw["tolerances"].items()}),
            raw["receipts_required"],
        )
        for code, raw in setup["administrations"].items()
    }
    units = {
        code: ItemUnits(code, {u: Decimal(f) for u, f in raw["factors"].items()})
        for code, raw in setup["units"].items()
    }
    suppliers = {code: SupplierDefaults(**raw) for code, raw in setup["suppliers"].items()}
    truth = []
    for raw in load("truth.json"):
        raw["lines"] = {int(k): [tuple(v) for v in keys] for k, keys in raw["lines"].items()}
        raw["post"] = [(o, int(n), Decimal(q)) for o, n, q in raw["post"]]
        truth.append(Truth(**raw))
    history = [
        ApprovedPosting(**{**raw, "date": _date(raw["date"])}) for raw in load("history.json")
    ]
    return Dataset(
        administrations=administrations,
        supplier_administration=setup["supplier_administration"],
        suppliers=suppliers,
        units=units,
        orders=[_order(raw) for raw in load("orders.json")],
        receipts=[_receipt(raw) for raw in load("receipts.json")],
        invoices=[_invoice(raw) for raw in load("invoices.json")],
        truth=truth,
        history=history,
        seed=setup["seed"],
    )
