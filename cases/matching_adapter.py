"""From the case and the mirror to matching's plain types, and back to words for the case page.

``matching`` is pure: it knows no case and no mirror row. This module reads what it needs —
the case's extracted JSON, the supplier's purchase orders and goods receipts — and turns it into
``matching.types``. Order numbers are Exact's ``OrderNumber`` as text; the supplier is keyed by
its Exact id.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from exactbridge.helpers.messages import message
from exactbridge.masterdata.models import (
    GoodsReceiptLine,
    Item,
    Project,
    PurchaseOrder,
    PurchaseOrderLine,
    Relation,
)
from matching.types import (
    ZERO,
    Invoice,
    InvoiceLine,
    ItemUnits,
    LineKind,
    Order,
    OrderLine,
    Receipt,
    ReceiptLine,
    Tolerances,
    normalize_code,
)

CANCELLED = 40  # PurchaseOrder.order_status
# UN/ECE Recommendation 20 unit codes (e-invoices) and common spellings -> one name per unit.
UNITS = {
    "c62": "pc", "ea": "pc", "h87": "pc", "pce": "pc", "pc": "pc", "pcs": "pc", "st": "pc",
    "stk": "pc", "stuk": "pc", "stuks": "pc", "piece": "pc", "pieces": "pc", "": "pc",
    "kgm": "kg", "kg": "kg", "mtr": "m", "m": "m", "ltr": "l", "l": "l",
    "bx": "box", "box": "box", "doos": "box", "hur": "h", "h": "h", "uur": "h",
}  # fmt: skip
FREIGHT = re.compile(r"\b(vracht|verzend|freight|shipping|transport|bezorg)", re.IGNORECASE)


def unit_name(unit: str | None) -> str:
    text = (unit or "").strip().lower()
    return UNITS.get(text, text)


def tolerances_for(administration) -> Tolerances:
    return Tolerances(
        price_percent=administration.price_tolerance_percent,
        price_amount=administration.price_tolerance_amount,
        quantity_percent=administration.quantity_tolerance_percent,
        total_percent=administration.total_tolerance_percent,
        total_amount=administration.total_tolerance_amount,
    )


def supplier_key(relation: Relation) -> str:
    return str(relation.exact_id)


# --- the invoice ----------------------------------------------------------------------------
def value(extracted: dict | None, name: str) -> Any:
    found = (extracted or {}).get(name)
    return found.get("value") if isinstance(found, dict) else None


def amount(raw: Any) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        return None


def is_credit_note(extracted: dict | None) -> bool:
    return (extracted or {}).get("document_type") == "credit_note"


def credit_sign(extracted: dict | None) -> int:
    """-1 when the amounts, as printed, must be turned negative for Exact: a credit note whose
    total is printed positive (UBL prints credit notes positive)."""
    total = amount(value(extracted, "gross_total")) or amount(value(extracted, "net_total"))
    return -1 if is_credit_note(extracted) and (total is None or total > 0) else 1


@dataclass(frozen=True)
class ReadLine:
    """One invoice line as read, in the signs Exact wants (negative on a credit note)."""

    line_no: int
    description: str
    item_code: str
    quantity: Decimal
    unit_price: Decimal
    unit: str
    amount: Decimal
    vat_rate: Decimal | None
    kind: LineKind


def read_lines(extracted: dict | None) -> list[ReadLine]:
    """The invoice's lines; an invoice read without lines becomes one line for its net total."""
    sign = credit_sign(extracted)
    lines = []
    for number, raw in enumerate((extracted or {}).get("lines") or [], start=1):
        quantity = amount(value(raw, "quantity"))
        price = amount(value(raw, "unit_price"))
        base = amount(value(raw, "price_base_quantity")) or Decimal(1)
        total = amount(value(raw, "amount"))
        if price is not None:
            price = price / base
        if quantity is None or not quantity:
            quantity = Decimal(1) if price is None or total is None else total / (price or 1)
        if price is None:
            price = (total or ZERO) / quantity
        if total is None:
            total = (quantity * price).quantize(Decimal("0.01"))
        description = value(raw, "description") or ""
        item_code = value(raw, "item_code") or ""
        kind = LineKind.GOODS
        if not item_code and FREIGHT.search(description):
            kind = LineKind.FREIGHT
        elif total < 0 and sign > 0:
            kind = LineKind.DISCOUNT
        lines.append(
            ReadLine(
                number,
                description,
                item_code,
                sign * quantity,
                price,
                unit_name(value(raw, "unit")),
                sign * total,
                amount(value(raw, "vat_rate")),
                kind,
            )
        )
    if lines:
        return lines
    net = amount(value(extracted, "net_total"))
    if net is None:
        gross = amount(value(extracted, "gross_total"))
        vat = amount(value(extracted, "vat_total")) or ZERO
        net = gross - vat if gross is not None else ZERO
    rates = {amount(value(row, "rate")) for row in (extracted or {}).get("vat_breakdown") or []}
    rate = rates.pop() if len(rates) == 1 else None
    name = value(extracted, "supplier_name") or _("Invoice")
    return [ReadLine(1, name, "", Decimal(sign), net, "pc", sign * net, rate, LineKind.GOODS)]


def invoice_for_matching(
    *, extracted: dict, supplier: str, lines: list[ReadLine], po_reference: str
) -> Invoice:
    issued = value(extracted, "invoice_date")
    return Invoice(
        number=value(extracted, "invoice_number") or "",
        supplier=supplier,
        date=dt.date.fromisoformat(issued) if issued else dt.date.today(),
        lines=tuple(
            InvoiceLine(
                line_no=line.line_no,
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                item_code=line.item_code,
                unit=line.unit,
                kind=line.kind,
            )
            for line in lines
        ),
        po_reference=po_reference,
    )


# --- the supplier's orders and receipts -----------------------------------------------------
@dataclass
class OrderBook:
    """What the mirror holds for matching one supplier's invoice."""

    orders: list[Order] = field(default_factory=list)
    receipts: list[Receipt] = field(default_factory=list)
    invoiced: dict[tuple[str, int], Decimal] = field(default_factory=dict)
    units: dict[str, ItemUnits] = field(default_factory=dict)
    lines: dict[tuple[str, int], OrderLine] = field(default_factory=dict)
    rows: dict[tuple[str, int], PurchaseOrderLine] = field(default_factory=dict)
    # Per order line, its receipts as messages in their JSON form (for the case page).
    received_by: dict[tuple[str, int], list[dict]] = field(default_factory=dict)
    reference: str = ""  # the invoice's order reference, as an order number where it is one


def order_book(*, administration_id: int, supplier: Relation, reference: str) -> OrderBook:
    """The supplier's open orders (and the one the reference names, whoever's it is), their
    lines and receipts. A constant number of queries."""
    live_lines = Prefetch(
        "lines",
        queryset=PurchaseOrderLine.objects.filter(deleted_at__isnull=True).order_by("line_number"),
    )
    orders = list(
        PurchaseOrder.objects.live()
        .filter(administration_id=administration_id, supplier_exact_id=supplier.exact_id)
        .exclude(order_status=CANCELLED)
        .prefetch_related(live_lines)
    )
    book = OrderBook()
    book.reference = _resolve_reference(reference, orders)
    number = _order_number(book.reference)
    if number is not None and number not in {order.order_number for order in orders}:
        # Named by number but not this supplier's: matching says whose it is.
        other = list(
            PurchaseOrder.objects.live()
            .filter(administration_id=administration_id, order_number=number)
            .prefetch_related(live_lines)
        )
        if other:
            orders += other
            book.reference = str(number)
    rows = [line for order in orders for line in order.lines.all()]
    items = {
        item.exact_id: item
        for item in Item.objects.filter(
            administration_id=administration_id,
            exact_id__in={row.item_exact_id for row in rows if row.item_exact_id},
        )
    }
    projects = dict(
        Project.objects.filter(
            administration_id=administration_id,
            exact_id__in={row.project_exact_id for row in rows if row.project_exact_id},
        ).values_list("exact_id", "code")
    )
    keys = {}
    for order in orders:
        number = str(order.order_number)
        lines = []
        for row in order.lines.all():
            item = items.get(row.item_exact_id)
            line = OrderLine(
                order_number=number,
                line_no=row.line_number or 0,
                item_code=row.item_code,
                description=row.description or (item.description if item else ""),
                quantity=row.quantity or ZERO,
                unit_price=row.net_price if row.net_price is not None else row.unit_price or ZERO,
                unit=unit_name(item.unit if item else ""),
                vat_code=row.vat_code,
                cost_center=row.cost_center,
                cost_unit=row.cost_unit,
                project=projects.get(row.project_exact_id, ""),
            )
            lines.append(line)
            book.lines[line.key] = line
            book.rows[line.key] = row
            keys[row.exact_id] = line
            if row.invoiced_quantity:
                book.invoiced[line.key] = row.invoiced_quantity
        book.orders.append(
            Order(
                number=number,
                supplier=str(order.supplier_exact_id),
                date=order.order_date or dt.date.min,
                lines=tuple(lines),
            )
        )
    receipts: dict[int, tuple] = defaultdict(lambda: [None, []])
    for row in GoodsReceiptLine.objects.filter(
        administration_id=administration_id,
        deleted_at__isnull=True,
        receipt__deleted_at__isnull=True,
        purchase_order_line_exact_id__in=list(keys),
    ).select_related("receipt"):
        line = keys[row.purchase_order_line_exact_id]
        entry = receipts[row.receipt_id]
        entry[0] = row.receipt
        entry[1].append(
            ReceiptLine(line.order_number, line.line_no, row.quantity_received or ZERO, line.unit)
        )
        book.received_by.setdefault(line.key, []).append(
            message(
                gettext_noop("receipt %(number)s: %(quantity)s"),
                number=str(row.receipt.receipt_number),
                quantity=(row.quantity_received or ZERO).normalize(),
            ).to_json()
        )
    book.receipts = [
        Receipt(
            number=str(receipt.receipt_number),
            supplier=str(receipt.supplier_exact_id or supplier.exact_id),
            date=receipt.receipt_date or dt.date.min,
            lines=tuple(lines),
        )
        for receipt, lines in receipts.values()
    ]
    return book


def _resolve_reference(reference: str, orders: list[PurchaseOrder]) -> str:
    """Invoices quote the order number, or the order's own reference: make it the number."""
    wanted = normalize_code(reference or "")
    if not wanted:
        return ""
    for order in orders:
        if order.your_ref and normalize_code(order.your_ref) == wanted:
            return str(order.order_number)
    number = _order_number(reference)
    if number is not None and number in {order.order_number for order in orders}:
        return str(number)
    return reference.strip()


def _order_number(reference: str) -> int | None:
    """4711, "PO 4711", "PO-004711": an order number; anything else: None."""
    found = re.fullmatch(r"[A-Z]*0*(\d{1,9})", normalize_code(reference or ""))
    return int(found.group(1)) if found else None
