"""The data matching works on and the results it gives: plain frozen dataclasses, Decimal money.

Quantities on invoice and receipt lines are in their own unit; matching converts them to the
order line's unit through the item's ``ItemUnits``. Reasons carry a stable ``code`` (for counting
and tests) and a ``text`` for people: a message, translated when it is read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from exactbridge.helpers.messages import Message

ZERO = Decimal("0")


@lru_cache(maxsize=1 << 16)
def normalize_code(code: str) -> str:
    """Item codes compared the way people read them: no case, spaces, dashes or dots."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


class LineKind(StrEnum):
    GOODS = "goods"
    FREIGHT = "freight"
    DISCOUNT = "discount"


class MatchStatus(StrEnum):
    MATCHED = "matched"
    WITHIN_TOLERANCE = "within_tolerance"
    EXCEPTION = "exception"


@dataclass(frozen=True)
class ItemUnits:
    """How many base units one of each unit holds, as the item in Exact says (box: 12, pcs: 1)."""

    item_code: str
    factors: dict[str, Decimal]

    def factor(self, unit: str) -> Decimal | None:
        return self.factors.get(unit.lower())


@dataclass(frozen=True)
class OrderLine:
    order_number: str
    line_no: int
    item_code: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    unit: str = "pcs"
    kind: LineKind = LineKind.GOODS
    # Coding as the order line carries it in Exact; empty when the order leaves it open.
    gl_account: str = ""
    vat_code: str = ""
    cost_center: str = ""
    cost_unit: str = ""
    project: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.order_number, self.line_no)

    @property
    def label(self) -> str:
        return f"{self.order_number}/{self.line_no}"


@dataclass(frozen=True)
class Order:
    number: str
    supplier: str
    date: dt.date
    lines: tuple[OrderLine, ...]


@dataclass(frozen=True)
class ReceiptLine:
    order_number: str
    order_line_no: int
    quantity: Decimal  # negative for goods sent back
    unit: str = "pcs"


@dataclass(frozen=True)
class Receipt:
    number: str
    supplier: str
    date: dt.date
    lines: tuple[ReceiptLine, ...]


@dataclass(frozen=True)
class InvoiceLine:
    line_no: int
    description: str
    quantity: Decimal  # negative on a credit note
    unit_price: Decimal
    item_code: str = ""
    unit: str = "pcs"
    kind: LineKind = LineKind.GOODS

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Invoice:
    number: str
    supplier: str
    date: dt.date
    lines: tuple[InvoiceLine, ...]
    po_reference: str = ""
    credits_invoice: str = ""  # on a credit note: the number of the invoice it corrects

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def is_credit_note(self) -> bool:
        return self.total < 0


@dataclass(frozen=True)
class Tolerances:
    """An administration's tolerances. A deviation is accepted only within every limit given."""

    price_percent: Decimal = Decimal("2")
    price_amount: Decimal = Decimal("25")  # per line: quantity times the price difference
    quantity_percent: Decimal = Decimal("0")  # over the received (or ordered) quantity
    total_percent: Decimal = Decimal("2")
    total_amount: Decimal = Decimal("50")
    unordered_charges_amount: Decimal = Decimal("25")  # freight not on the order, per invoice
    rounding: Decimal = Decimal("0.02")  # a line amount difference this small is no deviation


@dataclass(frozen=True)
class Reason:
    code: str
    text: Message

    def __str__(self) -> str:
        return self.text.render()


@dataclass(frozen=True)
class LineMatch:
    invoice_line_no: int
    status: MatchStatus
    # The order lines the invoice line is booked against, with the quantity in the order unit.
    allocations: tuple[tuple[tuple[str, int], Decimal], ...] = ()
    price_deviation_percent: Decimal | None = None
    reasons: tuple[Reason, ...] = ()
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class InvoiceMatch:
    invoice_number: str
    status: MatchStatus
    orders: tuple[str, ...] = ()
    lines: tuple[LineMatch, ...] = ()
    reasons: tuple[Reason, ...] = ()
    candidates: tuple[str, ...] = ()
    notes: tuple[Reason, ...] = ()  # what people should know, without stopping the match
    total_deviation: Decimal = ZERO

    @property
    def is_automatic(self) -> bool:
        return self.status != MatchStatus.EXCEPTION

    def all_reasons(self) -> tuple[Reason, ...]:
        return self.reasons + tuple(r for line in self.lines for r in line.reasons)
