"""Deterministic benchmark data from a seed: orders, receipts and invoices with the mess of real
life, each invoice with its ground truth, and a history of approved postings.

The mess: partial deliveries invoiced separately, price changes (small and large), rounding,
invoices in another unit, typos and rewordings, missing item codes, missing or mistyped order
references, split and merged lines, returns with credit notes, duplicates, freight and discount
lines, goods not yet received, and invoices quoting another supplier's order. Background orders
(open, partly received) compete with the true order, as in a real administration.

``world`` holds the suppliers and their items, ``orders`` the orders and receipts,
``invoices`` the scenarios and their truth, ``wording`` how invoices misspell what was ordered,
``history`` the approved postings. All draw from one random generator in a fixed order.
"""

from __future__ import annotations

import random
from decimal import Decimal

from matching.dataset import Administration, Dataset
from matching.generate.history import history
from matching.generate.invoices import invoiced_order
from matching.generate.orders import background_order
from matching.generate.world import World, make_supplier, supplier_defaults
from matching.types import Tolerances


def generate(*, seed: int, invoices: int, order_lines: int | None = None) -> Dataset:
    """At least ``invoices`` invoices (the last order can bring one or two more), then open
    orders until there are ``order_lines`` order lines in all (default ten per invoice). The
    same arguments give the same data."""
    wanted_lines = order_lines or invoices * 10
    world = World(rng=random.Random(seed))  # noqa: S311 - reproducible test data, not secrets
    rng = world.rng
    count = max(4, invoices // 20)
    world.suppliers = [
        make_supplier(world, index=i, administration="A" if rng.random() < 0.8 else "B")
        for i in range(count)
    ]
    world.items = {item.code: item for s in world.suppliers for item in s.items}
    world.administration = {s.code: s.administration for s in world.suppliers}
    while len(world.invoices) < invoices:
        invoiced_order(world, rng.choice(world.suppliers))
    while world.lines_made < wanted_lines:
        background_order(world, rng.choice(world.suppliers))
    world.orders.sort(key=lambda o: o.number)
    return Dataset(
        administrations={
            "A": Administration("A", Tolerances(), receipts_required=True),
            "B": Administration(
                "B", Tolerances(price_percent=Decimal("1"), price_amount=Decimal("10")), False
            ),
        },
        supplier_administration=dict(world.administration),
        suppliers={s.code: supplier_defaults(s) for s in world.suppliers},
        units=world.units,
        orders=world.orders,
        receipts=world.receipts,
        invoices=world.invoices,
        truth=world.truth,
        history=[r for s in world.suppliers for r in history(world, s)],
        seed=seed,
    )
