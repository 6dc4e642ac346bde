"""What is posted, in accounting terms and independent of the Exact product that receives it.

An action is a plain frozen dataclass; ``to_json``/``from_json`` store it on a ``Posting`` and
read it back unchanged. Identifiers of things in Exact (supplier, GL account, item, project,
subscription) are the ids the backend knows them by: GUIDs for Exact Online. Codes stay codes
(journal, VAT code, cost center, cost unit).

A ``Backend`` turns an action into Exact's own request. It never decides about retries: the
posting service does, with ``find`` before any repeat of a call whose outcome is unknown.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Protocol


@dataclass(frozen=True)
class EntryLine:
    """One line of a purchase or sales entry; ``amount`` excludes VAT."""

    gl_account: str
    amount: Decimal
    description: str = ""
    vat_code: str = ""
    vat_amount: Decimal | None = None  # only to override what the VAT code computes
    cost_center: str = ""
    cost_unit: str = ""
    project: str = ""


@dataclass(frozen=True)
class PurchaseEntryAction:
    kind: ClassVar[str] = "purchase_entry"

    journal: str
    supplier: str
    supplier_invoice_number: str
    entry_date: date
    lines: tuple[EntryLine, ...]
    due_date: date | None = None
    currency: str = "EUR"
    description: str = ""
    payment_reference: str = ""


@dataclass(frozen=True)
class SalesEntryAction:
    """An invoice we produced ourselves, booked in the sales journal."""

    kind: ClassVar[str] = "sales_entry"

    journal: str
    customer: str
    entry_date: date
    lines: tuple[EntryLine, ...]
    due_date: date | None = None
    currency: str = "EUR"
    description: str = ""
    your_ref: str = ""
    invoice_number: int | None = None


@dataclass(frozen=True)
class JournalLine:
    """One line of a general journal entry: positive ``amount`` debits, negative credits."""

    gl_account: str
    amount: Decimal
    description: str = ""
    account: str = ""  # a relation, for lines on a receivable or payable
    vat_code: str = ""
    cost_center: str = ""
    cost_unit: str = ""
    project: str = ""


@dataclass(frozen=True)
class GeneralJournalEntryAction:
    kind: ClassVar[str] = "general_journal_entry"

    journal: str
    entry_date: date
    lines: tuple[JournalLine, ...]
    currency: str = "EUR"
    description: str = ""


@dataclass(frozen=True)
class OrderLine:
    item: str
    quantity: Decimal
    unit_price: Decimal | None = None  # None: Exact's price for this customer
    description: str = ""
    vat_code: str = ""
    delivery_date: date | None = None


@dataclass(frozen=True)
class SalesOrderAction:
    kind: ClassVar[str] = "sales_order"

    customer: str
    order_date: date
    lines: tuple[OrderLine, ...]
    description: str = ""
    your_ref: str = ""  # the customer's order number
    delivery_date: date | None = None
    currency: str = "EUR"


@dataclass(frozen=True)
class SubscriptionLineChange:
    """A new line on a subscription, or (with ``line``) a change to an existing line."""

    kind: ClassVar[str] = "subscription_line"

    subscription: str
    item: str
    quantity: Decimal
    from_date: date
    line: str = ""
    unit_price: Decimal | None = None
    to_date: date | None = None
    description: str = ""


Action = (
    PurchaseEntryAction
    | SalesEntryAction
    | GeneralJournalEntryAction
    | SalesOrderAction
    | SubscriptionLineChange
)
ACTION_TYPES: dict[str, type] = {
    cls.kind: cls
    for cls in (
        PurchaseEntryAction,
        SalesEntryAction,
        GeneralJournalEntryAction,
        SalesOrderAction,
        SubscriptionLineChange,
    )
}


@dataclass(frozen=True)
class AttachedDocument:
    """The source document that goes into Exact with the entry."""

    filename: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class PostedEntry:
    """What Exact made: its id (a GUID for Exact Online) and the number people see."""

    entry_id: str
    entry_number: str = ""
    # Where people open the entry's source document in Exact Online (Documents.DocumentViewUrl,
    # §5.19): the reference gives no web address for an entry itself, and the document page
    # shows the entry it is linked to.
    document_url: str = ""


class Backend(Protocol):
    def preview(self, action: Action, *, reference: str) -> dict:
        """The request as it will be sent (endpoint and body), to show people before posting."""

    def find(self, action: Action, *, reference: str) -> PostedEntry | None:
        """The entry an earlier attempt made for ``reference``, or None when there is none."""

    def post(
        self,
        action: Action,
        *,
        reference: str,
        document: AttachedDocument | None,
        resume: bool,
    ) -> PostedEntry:
        """Make the entry (with ``document`` attached when the kind of entry can carry one).

        ``resume`` is true when an earlier attempt may have made some of the steps before the
        entry itself (such as the document); the backend then looks for them instead of making
        them twice. Raises ``exactbridge.online.errors`` types (or the Globe equivalents).
        """


# --- storing actions -----------------------------------------------------------------------
def to_json(action: Action) -> dict[str, Any]:
    """``{"kind": …, …fields}`` with decimals and dates as strings."""
    return {"kind": action.kind, **_plain(dataclasses.asdict(action))}


def from_json(data: dict[str, Any]) -> Action:
    values = dict(data)
    cls = ACTION_TYPES[values.pop("kind")]
    return _build(cls, values)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal | date):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    return value


def _build(cls: type, values: dict[str, Any]) -> Any:
    hints = typing.get_type_hints(cls)
    kwargs = {
        f.name: _coerce(hints[f.name], values[f.name])
        for f in dataclasses.fields(cls)
        if f.name in values
    }
    return cls(**kwargs)


def _coerce(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
        origin = typing.get_origin(hint)
    if origin is tuple:
        item_type = typing.get_args(hint)[0]
        return tuple(_coerce(item_type, item) for item in value)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value)
    if hint is Decimal:
        return Decimal(str(value))
    if hint is date:
        return date.fromisoformat(value)
    return value
