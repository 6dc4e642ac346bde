"""The extracted data of a case, laid out for people: labelled fields and invoice lines, amounts
and dates in the reader's locale, and the audit events of a case in plain words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from exactbridge.audit.services import SYSTEM_ACTOR_LABEL
from exactbridge.helpers.messages import DAY_FORMAT

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
# Every audit action recorded on a case, its document or its posting, as a reader says it.
ACTION_LABELS = {
    "case.received": _("Received"),
    "case.viewed": _("Opened"),
    "case.reading_started": _("Reading started"),
    "case.read": _("Read"),
    "case.unreadable": _("Found unreadable"),
    "case.duplicate": _("Marked as duplicate"),
    "case.split": _("Split into one case per invoice"),
    "case.resplit": _("Split corrected"),
    "case.edited": _("Data changed"),
    "case.reviewed": _("Reviewed, ready for approval"),
    "case.approved": _("Approved"),
    "case.rejected": _("Rejected"),
    "case.sent_back": _("Sent back for review"),
    "case.assigned": _("Assigned"),
    "case.note_added": _("Note added"),
    "case.posting_started": _("Posting to Exact started"),
    "case.posting_retried": _("Posting to Exact retried"),
    "case.posting_waiting": _("Waiting for Exact"),
    "case.posted": _("Posted to Exact"),
    "case.posting_failed": _("Posting to Exact failed"),
    "document.kept_as_context": _("Kept with its attachments"),
}
LINE_FIELDS = [
    ("description", _("Description")),
    ("quantity", _("Quantity")),
    ("unit_price", _("Unit price")),
    ("amount", _("Amount")),
    ("vat_rate", _("VAT %")),
]
AMOUNT_FIELDS = frozenset({"net_total", "vat_total", "gross_total", "payable_amount"})
AMOUNT_FIELDS |= {"unit_price", "amount"}
NUMBER_FIELDS = frozenset({"quantity", "vat_rate"})
DATE_FIELDS = frozenset({"invoice_date", "due_date"})
# Days (DAY_FORMAT) are written day first with the month's (translated) name: unambiguous in
# both languages, and without the full stop that English "a.m." would add before a sentence's.
MOMENT_FORMAT = "j M Y, H:i"


# --- Locale formatting -------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def format_amount(value: Any) -> str:
    """An amount with at least two decimals, grouped as the reader's language does
    (1.656,25 in Dutch, 1,656.25 in English); what is not a number comes back as it was."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return number_format(
        number, decimal_pos=max(2, _places(number)), use_l10n=True, force_grouping=True
    )


def format_number(value: Any) -> str:
    """A quantity or a rate with the decimals it has (25.0 reads 25, 2.5 reads 2,5 in Dutch)."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return number_format(number, decimal_pos=_places(number), use_l10n=True, force_grouping=True)


def format_day(value: Any) -> str:
    """A date, or an ISO date string from stored JSON, in the reader's language."""
    day = value
    if isinstance(value, str):
        day = parse_date(value.strip()[:10]) if value.strip() else None
        if day is None:
            return value
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    if not isinstance(day, dt.date):
        return "" if value is None else str(value)
    return date_format(day, DAY_FORMAT)


def format_moment(value: Any) -> str:
    """A point in time (or its ISO string) in the current time zone and the reader's language."""
    moment = parse_datetime(value) if isinstance(value, str) else value
    if not isinstance(moment, dt.datetime):
        return "" if value is None else str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, MOMENT_FORMAT)


def format_value(name: str, value: Any) -> Any:
    """A value read from a document as a person reads it, by what the field holds."""
    if name in AMOUNT_FIELDS:
        return format_amount(value)
    if name in NUMBER_FIELDS:
        return format_number(value)
    if name in DATE_FIELDS:
        return format_day(value)
    return value


# --- Fields and lines --------------------------------------------------------------------------


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

    @property
    def shown(self) -> Any:
        """The value in the reader's locale (amounts grouped, dates with the month's name)."""
        return format_value(self.name, self.value)


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


# --- History -----------------------------------------------------------------------------------


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def actor_name(event: Any, actor: Any = None) -> str:
    """Who did it: a person by name, ExactBridge's own work as ExactBridge's. ``actor`` is the
    event's user when the caller loaded it already."""
    if actor is None and event.actor_id:
        actor = event.actor
    if actor is not None and getattr(actor, "is_coworker", False):
        return str(_("ExactBridge (AI coworker)"))
    if actor is not None:
        return actor.display_name
    if event.actor_label == SYSTEM_ACTOR_LABEL:
        return str(_("ExactBridge (automatic)"))
    return event.actor_label


@dataclass(frozen=True)
class HistoryRow:
    event: Any
    label: str
    who: str


def history_rows(events: Iterable) -> list[HistoryRow]:
    """The events in plain words, their people loaded in one query however many there are."""
    events = list(events)
    actors = get_user_model().objects.in_bulk({e.actor_id for e in events if e.actor_id})
    return [
        HistoryRow(
            event=event,
            label=action_label(event.action),
            who=actor_name(event, actors.get(event.actor_id)),
        )
        for event in events
    ]
