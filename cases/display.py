"""The extracted data of a case, laid out for people: labelled fields and invoice lines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

# Header fields in the order an accountant reads an invoice.
HEADER_FIELDS = [
    ("supplier_name", _("Supplier")),
    ("vat_number", _("VAT number")),
    ("kvk_number", _("KvK number")),
    ("iban", _("IBAN")),
    ("invoice_number", _("Invoice number")),
    ("invoice_date", _("Invoice date")),
    ("due_date", _("Due date")),
    ("po_number", _("Purchase order")),
    ("payment_reference", _("Payment reference")),
    ("currency", _("Currency")),
    ("net_total", _("Net total")),
    ("vat_total", _("VAT")),
    ("gross_total", _("Total")),
    ("payable_amount", _("Payable")),
    ("buyer_name", _("Buyer")),
]
ACTION_LABELS = {
    "case.received": _("Received"),
    "case.reading_started": _("Reading started"),
    "case.read": _("Read"),
    "case.unreadable": _("Found unreadable"),
    "case.duplicate": _("Marked as duplicate"),
    "case.edited": _("Data changed"),
    "case.reviewed": _("Reviewed, ready for approval"),
    "case.approved": _("Approved"),
    "case.rejected": _("Rejected"),
    "case.sent_back": _("Sent back for review"),
    "case.assigned": _("Assigned"),
    "case.note_added": _("Note added"),
}
LINE_FIELDS = [
    ("description", _("Description")),
    ("quantity", _("Quantity")),
    ("unit_price", _("Unit price")),
    ("amount", _("Amount")),
    ("vat_rate", _("VAT %")),
]


@dataclass(frozen=True)
class FieldRow:
    name: str
    label: str
    value: Any
    confidence: float | None
    source: str

    @property
    def uncertain(self) -> bool:
        return self.confidence is not None and self.confidence < 0.9


def header_rows(extracted: dict | None) -> list[FieldRow]:
    """The header fields the document carried, each with its confidence and source."""
    if not extracted:
        return []
    return [
        _row(name, label, extracted[name])
        for name, label in HEADER_FIELDS
        if isinstance(extracted.get(name), dict)
    ]


def line_rows(extracted: dict | None) -> list[list[FieldRow | None]]:
    if not extracted:
        return []
    return [
        [
            _row(name, label, line[name]) if isinstance(line.get(name), dict) else None
            for name, label in LINE_FIELDS
        ]
        for line in extracted.get("lines") or []
    ]


def _row(name: str, label, field: dict) -> FieldRow:
    return FieldRow(
        name=name,
        label=str(label),
        value=field.get("value"),
        confidence=field.get("confidence"),
        source=field.get("source") or "",
    )


@dataclass(frozen=True)
class HistoryRow:
    event: Any
    label: str


def history_rows(events: Iterable) -> list[HistoryRow]:
    return [
        HistoryRow(event=event, label=str(ACTION_LABELS.get(event.action, event.action)))
        for event in events
    ]
