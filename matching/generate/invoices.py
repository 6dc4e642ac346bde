"""The invoices, one scenario each, with the ground truth of what a matcher should make of them.

A scenario is drawn per invoiced order by weight. Most end in a match however messy the
invoice (partial deliveries, small price changes, split and merged lines, credit notes); the
others carry the exception a person has to resolve, set where the mess is made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from matching.dataset import Truth
from matching.generate.orders import make_order, receive
from matching.generate.wording import messy, mistyped
from matching.generate.world import CENT, START, Item, Supplier, World
from matching.types import Invoice, InvoiceLine, LineKind, Order, OrderLine, Receipt, ReceiptLine

SCENARIOS = {
    "clean": 40,
    "partial": 10,
    "price_small": 8,
    "price_big": 3,
    "over_invoiced": 3,
    "no_receipt": 3,
    "split": 5,
    "merged": 4,
    "credit": 4,
    "duplicate": 3,
    "freight_big": 2,
    "other_supplier": 2,
    "credit_unknown": 1,
}


@dataclass
class _Draft:
    """An invoice being written, and what matching it should come to."""

    lines: list[InvoiceLine] = field(default_factory=list)
    truth_lines: dict[int, list[tuple[str, int]]] = field(default_factory=dict)
    post: list[tuple[str, int, Decimal]] = field(default_factory=list)
    expect: str = "match"
    reason: str = ""

    def exception(self, reason: str) -> None:
        self.expect, self.reason = "exception", reason


def invoiced_order(world: World, supplier: Supplier) -> None:
    """An order for ``supplier``, its receipts and the invoices (and credit notes) for it."""
    rng = world.rng
    scenario = rng.choices(list(SCENARIOS), list(SCENARIOS.values()))[0]
    three_way = supplier.administration == "A"
    if scenario == "no_receipt" and not three_way:
        scenario = "clean"
    date = START + dt.timedelta(days=rng.randint(0, 300))
    order = make_order(world, supplier, date, repeat_item=scenario == "merged")
    received = date + dt.timedelta(days=rng.randint(3, 20))
    invoice_date = received + dt.timedelta(days=rng.randint(0, 10))
    full = {line.line_no: line.quantity for line in order.lines}

    if scenario == "partial":
        _partial_deliveries(world, order, full, received, invoice_date, three_way=three_way)
        return
    if three_way:
        late = scenario == "no_receipt"
        receive(world, order, invoice_date + dt.timedelta(days=5) if late else received)
    if scenario == "other_supplier":
        others = [s for s in world.suppliers if s.administration == supplier.administration]
        other = rng.choice([s for s in others if s is not supplier] or [supplier])
        if other is not supplier:
            _invoice(world, order, invoice_date, full, scenario, supplier=other.code)
            return
        scenario = "clean"
    original = _invoice(world, order, invoice_date, full, scenario)
    if scenario == "duplicate":
        _duplicate(world, original, invoice_date)
    if scenario in {"credit", "credit_unknown"}:
        _credit(world, order, original, scenario, invoice_date, three_way=three_way)


def _partial_deliveries(
    world: World,
    order: Order,
    full: dict[int, Decimal],
    received: dt.date,
    invoice_date: dt.date,
    *,
    three_way: bool,
) -> None:
    """Half delivered and invoiced, the rest later: two receipts, two invoices."""
    later = invoice_date + dt.timedelta(days=world.rng.randint(5, 20))
    first = {no: _part(q, Decimal("0.5")) for no, q in full.items()}
    second = {no: q - first[no] for no, q in full.items() if q - first[no]}
    if three_way:
        receive(world, order, received, first)
        if second:
            receive(world, order, later - dt.timedelta(days=2), second)
    _invoice(world, order, invoice_date, first, "partial", charges=False)
    if any(line.kind == LineKind.GOODS for line in order.lines if line.line_no in second):
        _invoice(world, order, later, second, "partial", charges=False)


def _duplicate(world: World, original: Invoice, invoice_date: dt.date) -> None:
    """The same invoice sent again: under its own number, or under a new one."""
    rng = world.rng
    copy_date = invoice_date + dt.timedelta(days=rng.randint(3, 20))
    same_number = rng.random() < 0.5
    number = original.number if same_number else world.number("F")
    duplicate = Invoice(
        number,
        original.supplier,
        copy_date if same_number else original.date,
        original.lines,
        original.po_reference,
    )
    world.invoices.append(duplicate)
    world.truth.append(
        Truth(number, original.supplier, "exception", "duplicate", reason="duplicate")
    )


def _credit(
    world: World,
    order: Order,
    original: Invoice,
    scenario: str,
    invoice_date: dt.date,
    *,
    three_way: bool,
) -> None:
    """Part of one line returned and credited; "credit_unknown" credits an invoice never seen."""
    rng = world.rng
    line = rng.choice([line for line in order.lines if line.kind == LineKind.GOODS])
    returned = max(Decimal(1), (line.quantity / 3).to_integral_value())
    date = invoice_date + dt.timedelta(days=rng.randint(5, 30))
    if three_way:
        world.receipts.append(
            Receipt(
                world.number("R"),
                order.supplier,
                date,
                (ReceiptLine(order.number, line.line_no, -returned, line.unit),),
            )
        )
    credited = original.number if scenario == "credit" else world.number("X")
    _invoice(
        world,
        order,
        date + dt.timedelta(days=2),
        {line.line_no: -returned},
        scenario,
        credits=credited,
        charges=False,
    )


def _invoice(
    world: World,
    order: Order,
    date: dt.date,
    quantities: dict[int, Decimal],
    scenario: str,
    *,
    supplier: str = "",
    credits: str = "",
    charges: bool = True,
) -> Invoice:
    """The invoice for ``quantities`` by order line, as ``scenario`` messes it up, and its
    truth. ``supplier`` sends it for another supplier's order; ``credits`` makes it a credit
    note for that invoice number."""
    rng = world.rng
    number = world.number("F")
    draft = _Draft()
    _add_goods(world, draft, order, quantities, scenario)
    if charges:
        _add_charges(world, draft, order, scenario)

    reference = order.number
    roll = rng.random()
    if roll < (0.5 if credits else 0.12):
        reference = ""
    elif roll < 0.17:
        reference = mistyped(rng, order.number)
    if scenario == "no_receipt":
        draft.exception("no_receipt")
    if scenario == "credit_unknown" and credits:
        draft.exception("credited_invoice_unknown")
    if supplier:
        draft.exception("order_other_supplier")
        draft.post = []
        reference = order.number
    invoice = Invoice(
        number, supplier or order.supplier, date, tuple(draft.lines), reference, credits
    )
    world.invoices.append(invoice)
    world.truth.append(
        Truth(
            number,
            invoice.supplier,
            draft.expect,
            scenario,
            order=order.number,
            reason=draft.reason,
            lines=draft.truth_lines,
            post=draft.post,
        )
    )
    return invoice


def _add_goods(
    world: World,
    draft: _Draft,
    order: Order,
    quantities: dict[int, Decimal],
    scenario: str,
) -> None:
    """One invoice line per order line (merged: one for the repeated item), one of them
    touched by the scenario's price, quantity or split."""
    rng = world.rng
    by_no = {line.line_no: line for line in order.lines}
    goods = [by_no[no] for no in quantities if by_no[no].kind == LineKind.GOODS]
    groups = [[line] for line in goods]
    if scenario == "merged":
        groups = [[line for line in goods if line.item_code == goods[0].item_code]] + [
            [line] for line in goods if line.item_code != goods[0].item_code
        ]
    touched = rng.randrange(len(groups))
    for index, group in enumerate(groups):
        quantity = sum((quantities[line.line_no] for line in group), Decimal(0))
        first = group[0]
        price = first.unit_price
        if index == touched and scenario in {"price_small", "price_big"}:
            percent = rng.uniform(0.4, 1.4) if scenario == "price_small" else rng.uniform(4, 12)
            if scenario == "price_small":
                # stay well inside both limits of either administration
                cap = Decimal("8") / max(abs(quantity) * price, Decimal(1)) * 100
                percent = min(percent, float(cap) * 0.9, 0.9)
            price = (price * Decimal(1 + percent / 100)).quantize(Decimal("0.0001"))
            if scenario == "price_big":
                draft.exception("price_above_order")
        if index == touched and scenario == "over_invoiced":
            quantity += rng.randint(1, 3)
            three_way = world.administration[order.supplier] == "A"
            draft.exception("quantity_over_received" if three_way else "quantity_over_ordered")
        pieces = [quantity]
        if index == touched and scenario == "split" and quantity >= 2:
            cut = Decimal(rng.randint(1, int(quantity) - 1))
            pieces = [cut, quantity - cut]
        for piece in pieces:
            line_no = len(draft.lines) + 1
            item = world.items.get(first.item_code)
            draft.lines.append(_invoice_line(world, line_no, first, item, piece, price))
            draft.truth_lines[line_no] = [line.key for line in group]
        for line in group:
            draft.post.append((order.number, line.line_no, quantities[line.line_no]))


def _add_charges(world: World, draft: _Draft, order: Order, scenario: str) -> None:
    """The order's freight, sometimes unordered shipping or a discount; "freight_big" adds a
    charge nobody ordered."""
    rng = world.rng
    lines = draft.lines
    for line in order.lines:
        if line.kind == LineKind.FREIGHT:
            lines.append(
                InvoiceLine(
                    len(lines) + 1,
                    "Freight costs",
                    Decimal(1),
                    line.unit_price,
                    kind=LineKind.FREIGHT,
                )
            )
    if scenario == "freight_big":
        amount = Decimal(rng.randint(45, 120))
        lines.append(
            InvoiceLine(len(lines) + 1, "Freight", Decimal(1), amount, kind=LineKind.FREIGHT)
        )
        draft.exception("charge_not_ordered")
    elif rng.random() < 0.15 and not any(line.kind == LineKind.FREIGHT for line in lines):
        amount = Decimal(rng.choice(["6.95", "9.95", "12.50", "19.95"]))
        lines.append(
            InvoiceLine(len(lines) + 1, "Shipping", Decimal(1), amount, kind=LineKind.FREIGHT)
        )
    if rng.random() < 0.05:
        subtotal = sum((line.amount for line in lines), Decimal(0))
        discount = -(subtotal * Decimal("0.02")).quantize(CENT)
        if discount:
            lines.append(
                InvoiceLine(
                    len(lines) + 1,
                    "Discount 2%",
                    Decimal(1),
                    discount,
                    kind=LineKind.DISCOUNT,
                )
            )


def _invoice_line(
    world: World,
    line_no: int,
    order_line: OrderLine,
    item: Item | None,
    quantity: Decimal,
    price: Decimal,
) -> InvoiceLine:
    """The order line as the supplier writes it: maybe in packs instead of pieces, its price
    rounded, its item code left off, its description messy."""
    rng = world.rng
    unit = order_line.unit
    if item and item.pack and rng.random() < 0.3:
        factor = item.pack[1]
        if unit == "pcs":
            if quantity % factor == 0:
                unit, quantity, price = item.pack[0], quantity / factor, price * factor
        else:
            unit, quantity, price = "pcs", quantity * factor, price / factor
    if rng.random() < 0.5:  # invoices show two decimals, orders may have had more
        price = (
            price.quantize(CENT, ROUND_HALF_UP) if price >= 1 else price.quantize(Decimal("0.0001"))
        )
    code = "" if rng.random() < 0.15 else order_line.item_code
    description = messy(rng, order_line.description)
    return InvoiceLine(line_no, description, quantity, price, code, unit)


def _part(quantity: Decimal, share: Decimal) -> Decimal:
    return (quantity * share).to_integral_value(ROUND_HALF_UP)
