"""Purchase orders and goods receipts: the ones the invoices are for, and background orders
(open, partly received) that compete with them, as in a real administration."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from matching.generate.world import CENT, START, Supplier, World
from matching.types import LineKind, Order, OrderLine, Receipt, ReceiptLine


def make_order(
    world: World, supplier: Supplier, date: dt.date, *, repeat_item: bool = False
) -> Order:
    rng = world.rng
    number = world.number()
    chosen = []
    for _ in range(rng.choice([1, 1, 2, 2, 3, 3, 4, 5])):
        item = rng.choices(supplier.items, supplier.weights)[0]
        if item not in chosen:
            chosen.append(item)
    variation = Decimal(1) if rng.random() < 0.7 else Decimal(1 + rng.uniform(-0.03, 0.03))
    lines = []
    for no, item in enumerate(chosen, 1):
        unit, quantity = "pcs", Decimal(rng.randint(1, 60))
        if item.pack and rng.random() < 0.5:
            unit, quantity = item.pack[0], Decimal(rng.randint(1, 10))
        price = item.price * (item.pack[1] if unit != "pcs" else 1) * variation
        exponent = Decimal("0.001") if item.price.as_tuple().exponent == -3 else CENT
        lines.append(
            OrderLine(
                number,
                no,
                item.code,
                item.description,
                quantity,
                price.quantize(exponent),
                unit,
            )
        )
    if repeat_item:  # the same item again, for a second delivery date
        first = lines[0]
        again = Decimal(rng.randint(1, 30)) if first.unit == "pcs" else Decimal(rng.randint(1, 5))
        lines.append(replace(first, line_no=len(lines) + 1, quantity=again))
    if rng.random() < 0.08:
        freight = Decimal(rng.choice(["9.95", "15.00", "25.00"]))
        lines.append(
            OrderLine(
                number,
                len(lines) + 1,
                "",
                "Freight",
                Decimal(1),
                freight,
                "pcs",
                LineKind.FREIGHT,
            )
        )
    order = Order(number, supplier.code, date, tuple(lines))
    world.orders.append(order)
    supplier.orders.append(order)
    world.lines_made += len(lines)
    return order


def receive(
    world: World, order: Order, date: dt.date, quantities: dict[int, Decimal] | None = None
) -> None:
    """A goods receipt for ``quantities`` by order line, or for the whole order."""
    lines = tuple(
        ReceiptLine(order.number, line.line_no, quantities[line.line_no], line.unit)
        if quantities
        else ReceiptLine(order.number, line.line_no, line.quantity, line.unit)
        for line in order.lines
        if line.kind == LineKind.GOODS and (not quantities or quantities.get(line.line_no))
    )
    world.receipts.append(Receipt(world.number("R"), order.supplier, date, lines))


def background_order(world: World, supplier: Supplier) -> None:
    date = START + dt.timedelta(days=world.rng.randint(-60, 360))
    order = make_order(world, supplier, date)
    if world.rng.random() < 0.25 and supplier.administration == "A":
        receive(world, order, date + dt.timedelta(days=world.rng.randint(3, 20)))
