"""The world the benchmark plays in: suppliers with their catalogue of items, each item with
its usual coding, and the state that the orders, invoices and history are drawn into."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from matching.coding import SupplierDefaults
from matching.dataset import Truth
from matching.types import Invoice, ItemUnits, Order, Receipt

PRODUCTS = {
    "office": ["copy paper", "stapler", "ballpoint pen", "toner cartridge", "binder", "envelope"],
    "tools": [
        "drill bit",
        "hex bolt",
        "wood screw",
        "cable tie",
        "hinge",
        "wall plug",
        "saw blade",
    ],
    "cleaning": ["cleaning spray", "microfibre cloth", "hand soap", "trash bag", "floor mop"],
    "food": ["coffee beans", "tea bags", "sugar sticks", "oat milk", "biscuits"],
    "packaging": ["pallet wrap", "carton box", "packing tape", "bubble wrap", "pallet label"],
}
ADJECTIVES = ["black", "white", "heavy duty", "stainless", "premium", "recycled", "galvanised"]
VARIANTS = ["A4 80g", "M8x40", "500ml", "10mm", "1kg", "2m", "50x30", "A3", "M6x20", "5L", "250"]
GL = {"office": "4500", "tools": "4300", "cleaning": "4350", "food": "4800", "packaging": "7010"}
COST_CENTERS = ["100", "200", "300", "400", "500"]
START = dt.date(2025, 1, 1)
CENT = Decimal("0.01")


@dataclass
class Item:
    code: str
    description: str
    category: str
    price: Decimal
    pack: tuple[str, Decimal] | None  # (unit, pieces in it) when the item also comes in packs
    coding: dict[str, str]


@dataclass
class Supplier:
    code: str
    administration: str
    items: list[Item]
    weights: list[float]
    orders: list[Order] = field(default_factory=list)


@dataclass
class World:
    """Everything generated so far. One ``rng`` draws it all, so the order of the draws is
    part of the data: same seed, same calls in the same order, same data set."""

    rng: random.Random
    suppliers: list[Supplier] = field(default_factory=list)
    items: dict[str, Item] = field(default_factory=dict)
    administration: dict[str, str] = field(default_factory=dict)  # supplier code -> "A" / "B"
    orders: list[Order] = field(default_factory=list)
    receipts: list[Receipt] = field(default_factory=list)
    invoices: list[Invoice] = field(default_factory=list)
    truth: list[Truth] = field(default_factory=list)
    units: dict[str, ItemUnits] = field(default_factory=dict)
    counter: int = 0
    lines_made: int = 0

    def number(self, prefix: str = "") -> str:
        """The next document number; all kinds share one counter."""
        self.counter += 1
        return f"{prefix}{100000 + self.counter}"


def make_supplier(world: World, *, index: int, administration: str) -> Supplier:
    rng = world.rng
    code = f"S{index:04d}"
    categories = rng.sample(sorted(PRODUCTS), rng.choice([1, 1, 2]))
    main_cc = rng.choice(COST_CENTERS)
    items, seen = [], set()
    for _ in range(rng.randint(12, 35)):
        category = rng.choice(categories)
        description = " ".join(
            [rng.choice(PRODUCTS[category]), rng.choice(ADJECTIVES), rng.choice(VARIANTS)]
        )
        if description in seen:
            continue
        seen.add(description)
        price = Decimal(str(round(rng.lognormvariate(2.3, 1.0), rng.choice([2, 2, 3]))))
        price = max(price, Decimal("1.00"))
        item_code = f"{code[1:]}-{rng.randint(1000, 99999)}"
        pack = None
        if rng.random() < 0.2:
            pack = (rng.choice(["box", "pack"]), Decimal(rng.choice([6, 10, 12, 25, 50])))
            world.units[item_code.replace("-", "")] = ItemUnits(
                item_code, {"pcs": Decimal(1), pack[0]: pack[1]}
            )
        coding = {
            "gl_account": GL[category] if rng.random() < 0.85 else rng.choice(list(GL.values())),
            "vat_code": "9" if category == "food" else "21",
            "cost_center": main_cc if rng.random() < 0.7 else rng.choice(COST_CENTERS),
        }
        items.append(Item(item_code, description, category, price, pack, coding))
    weights = [1 / (rank + 1) for rank in range(len(items))]
    return Supplier(code, administration, items, weights)


def supplier_defaults(supplier: Supplier) -> SupplierDefaults:
    first = supplier.items[0]
    coding = {"gl_account": GL[first.category], "vat_code": first.coding["vat_code"]}
    return SupplierDefaults(supplier.code, "70", 30, coding)
