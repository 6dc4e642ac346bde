"""Deterministic benchmark data from a seed: orders, receipts and invoices with the mess of real
life, each invoice with its ground truth, and a history of approved postings.

The mess: partial deliveries invoiced separately, price changes (small and large), rounding,
invoices in another unit, typos and rewordings, missing item codes, missing or mistyped order
references, split and merged lines, returns with credit notes, duplicates, freight and discount
lines, goods not yet received, and invoices quoting another supplier's order. Background orders
(open, partly received) compete with the true order, as in a real administration.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from matching.coding import ApprovedPosting, SupplierDefaults
from matching.dataset import Administration, Dataset, Truth
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
REWORDS = {
    "black": "blk",
    "white": "wht",
    "heavy duty": "HD",
    "stainless": "stainless steel",
    "premium": "prem.",
    "recycled": "eco",
    "galvanised": "galv.",
    "copy paper": "printing paper",
    "ballpoint pen": "ball pen",
    "cable tie": "tie wrap",
    "trash bag": "refuse sack",
    "carton box": "cardboard box",
}
GL = {"office": "4500", "tools": "4300", "cleaning": "4350", "food": "4800", "packaging": "7010"}
COST_CENTERS = ["100", "200", "300", "400", "500"]
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


def generate(*, seed: int, invoices: int, order_lines: int | None = None) -> Dataset:
    return _Generator(seed, invoices, order_lines or invoices * 10).run()


class _Generator:
    def __init__(self, seed: int, invoices: int, order_lines: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.seed, self.wanted, self.wanted_lines = seed, invoices, order_lines
        self.orders: list[Order] = []
        self.receipts: list[Receipt] = []
        self.invoices: list[Invoice] = []
        self.truth: list[Truth] = []
        self.units: dict[str, ItemUnits] = {}
        self.counter = 0
        self.lines_made = 0

    def number(self, prefix: str = "") -> str:
        self.counter += 1
        return f"{prefix}{100000 + self.counter}"

    # The world: suppliers, their items, administrations ------------------------------------
    def run(self) -> Dataset:
        rng = self.rng
        count = max(4, self.wanted // 20)
        self.suppliers = [
            self.make_supplier(i, "A" if rng.random() < 0.8 else "B") for i in range(count)
        ]
        self.items = {item.code: item for s in self.suppliers for item in s.items}
        self.administration = {s.code: s.administration for s in self.suppliers}
        while len(self.invoices) < self.wanted:
            self.invoiced_order(rng.choice(self.suppliers))
        while self.lines_made < self.wanted_lines:
            self.background_order(rng.choice(self.suppliers))
        self.orders.sort(key=lambda o: o.number)
        return Dataset(
            administrations={
                "A": Administration("A", Tolerances(), receipts_required=True),
                "B": Administration(
                    "B", Tolerances(price_percent=Decimal("1"), price_amount=Decimal("10")), False
                ),
            },
            supplier_administration={s.code: s.administration for s in self.suppliers},
            suppliers={s.code: self.defaults(s) for s in self.suppliers},
            units=self.units,
            orders=self.orders,
            receipts=self.receipts,
            invoices=self.invoices,
            truth=self.truth,
            history=[r for s in self.suppliers for r in self.history(s)],
            seed=self.seed,
        )

    def make_supplier(self, index: int, administration: str) -> Supplier:
        rng = self.rng
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
                self.units[item_code.replace("-", "")] = ItemUnits(
                    item_code, {"pcs": Decimal(1), pack[0]: pack[1]}
                )
            coding = {
                "gl_account": GL[category]
                if rng.random() < 0.85
                else rng.choice(list(GL.values())),
                "vat_code": "9" if category == "food" else "21",
                "cost_center": main_cc if rng.random() < 0.7 else rng.choice(COST_CENTERS),
            }
            items.append(Item(item_code, description, category, price, pack, coding))
        weights = [1 / (rank + 1) for rank in range(len(items))]
        return Supplier(code, administration, items, weights)

    def defaults(self, supplier: Supplier) -> SupplierDefaults:
        first = supplier.items[0]
        coding = {"gl_account": GL[first.category], "vat_code": first.coding["vat_code"]}
        return SupplierDefaults(supplier.code, "70", 30, coding)

    # Orders and receipts ---------------------------------------------------------------------
    def make_order(self, supplier: Supplier, date: dt.date, repeat_item: bool = False) -> Order:
        rng = self.rng
        number = self.number()
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
            again = (
                Decimal(rng.randint(1, 30)) if first.unit == "pcs" else Decimal(rng.randint(1, 5))
            )
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
        self.orders.append(order)
        supplier.orders.append(order)
        self.lines_made += len(lines)
        return order

    def receive(self, order: Order, date: dt.date, quantities: dict[int, Decimal] | None = None):
        lines = tuple(
            ReceiptLine(order.number, line.line_no, quantities[line.line_no], line.unit)
            if quantities
            else ReceiptLine(order.number, line.line_no, line.quantity, line.unit)
            for line in order.lines
            if line.kind == LineKind.GOODS and (not quantities or quantities.get(line.line_no))
        )
        self.receipts.append(Receipt(self.number("R"), order.supplier, date, lines))

    def background_order(self, supplier: Supplier) -> None:
        date = START + dt.timedelta(days=self.rng.randint(-60, 360))
        order = self.make_order(supplier, date)
        if self.rng.random() < 0.25 and supplier.administration == "A":
            self.receive(order, date + dt.timedelta(days=self.rng.randint(3, 20)))

    # Invoices --------------------------------------------------------------------------------
    def invoiced_order(self, supplier: Supplier) -> None:
        rng = self.rng
        scenario = rng.choices(list(SCENARIOS), list(SCENARIOS.values()))[0]
        three_way = supplier.administration == "A"
        if scenario == "no_receipt" and not three_way:
            scenario = "clean"
        date = START + dt.timedelta(days=rng.randint(0, 300))
        order = self.make_order(supplier, date, repeat_item=scenario == "merged")
        received = date + dt.timedelta(days=rng.randint(3, 20))
        invoice_date = received + dt.timedelta(days=rng.randint(0, 10))
        full = {line.line_no: line.quantity for line in order.lines}

        if scenario == "partial":
            later = invoice_date + dt.timedelta(days=rng.randint(5, 20))
            first = {no: _part(q, Decimal("0.5")) for no, q in full.items()}
            second = {no: q - first[no] for no, q in full.items() if q - first[no]}
            if three_way:
                self.receive(order, received, first)
                if second:
                    self.receive(order, later - dt.timedelta(days=2), second)
            self.invoice(order, invoice_date, first, "partial", charges=False)
            if any(
                by_no.kind == LineKind.GOODS for by_no in order.lines if by_no.line_no in second
            ):
                self.invoice(order, later, second, "partial", charges=False)
            return
        if three_way:
            late = scenario == "no_receipt"
            self.receive(order, invoice_date + dt.timedelta(days=5) if late else received)
        if scenario == "other_supplier":
            others = [s for s in self.suppliers if s.administration == supplier.administration]
            other = rng.choice([s for s in others if s is not supplier] or [supplier])
            if other is not supplier:
                self.invoice(order, invoice_date, full, scenario, supplier=other.code)
                return
            scenario = "clean"
        original = self.invoice(order, invoice_date, full, scenario)
        if scenario == "duplicate":
            copy_date = invoice_date + dt.timedelta(days=rng.randint(3, 20))
            same_number = rng.random() < 0.5
            number = original.number if same_number else self.number("F")
            duplicate = Invoice(
                number,
                original.supplier,
                copy_date if same_number else original.date,
                original.lines,
                original.po_reference,
            )
            self.invoices.append(duplicate)
            self.truth.append(
                Truth(number, supplier.code, "exception", "duplicate", reason="duplicate")
            )
        if scenario in {"credit", "credit_unknown"}:
            self.credit(order, original, scenario, invoice_date, three_way)

    def credit(self, order, original, scenario, invoice_date, three_way) -> None:
        rng = self.rng
        line = rng.choice([line for line in order.lines if line.kind == LineKind.GOODS])
        returned = max(Decimal(1), (line.quantity / 3).to_integral_value())
        date = invoice_date + dt.timedelta(days=rng.randint(5, 30))
        if three_way:
            self.receipts.append(
                Receipt(
                    self.number("R"),
                    order.supplier,
                    date,
                    (ReceiptLine(order.number, line.line_no, -returned, line.unit),),
                )
            )
        credited = original.number if scenario == "credit" else self.number("X")
        self.invoice(
            order,
            date + dt.timedelta(days=2),
            {line.line_no: -returned},
            scenario,
            credits=credited,
            charges=False,
        )

    def invoice(
        self,
        order: Order,
        date: dt.date,
        quantities: dict[int, Decimal],
        scenario: str,
        *,
        supplier: str = "",
        credits: str = "",
        charges: bool = True,
    ) -> Invoice:
        rng = self.rng
        number = self.number("F")
        by_no = {line.line_no: line for line in order.lines}
        goods = [by_no[no] for no in quantities if by_no[no].kind == LineKind.GOODS]
        lines: list[InvoiceLine] = []
        truth_lines: dict[int, list[tuple[str, int]]] = {}
        post: list[tuple[str, int, Decimal]] = []
        expect, reason = "match", ""

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
                    expect, reason = "exception", "price_above_order"
            if index == touched and scenario == "over_invoiced":
                quantity += rng.randint(1, 3)
                expect = "exception"
                three_way = self.administration[order.supplier] == "A"
                reason = "quantity_over_received" if three_way else "quantity_over_ordered"
            pieces = [quantity]
            if index == touched and scenario == "split" and quantity >= 2:
                cut = Decimal(rng.randint(1, int(quantity) - 1))
                pieces = [cut, quantity - cut]
            for piece in pieces:
                line_no = len(lines) + 1
                lines.append(
                    self.invoice_line(line_no, first, self.items.get(first.item_code), piece, price)
                )
                truth_lines[line_no] = [line.key for line in group]
            for line in group:
                post.append((order.number, line.line_no, quantities[line.line_no]))

        if charges:
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
                    InvoiceLine(
                        len(lines) + 1, "Freight", Decimal(1), amount, kind=LineKind.FREIGHT
                    )
                )
                expect, reason = "exception", "charge_not_ordered"
            elif rng.random() < 0.15 and not any(line.kind == LineKind.FREIGHT for line in lines):
                amount = Decimal(rng.choice(["6.95", "9.95", "12.50", "19.95"]))
                lines.append(
                    InvoiceLine(
                        len(lines) + 1, "Shipping", Decimal(1), amount, kind=LineKind.FREIGHT
                    )
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

        reference = order.number
        roll = rng.random()
        if roll < (0.5 if credits else 0.12):
            reference = ""
        elif roll < 0.17:
            reference = self.mistyped(order.number)
        if scenario == "no_receipt":
            expect, reason = "exception", "no_receipt"
        if scenario == "credit_unknown" and credits:
            expect, reason = "exception", "credited_invoice_unknown"
        if supplier:
            expect, reason, post = "exception", "order_other_supplier", []
            reference = order.number
        invoice = Invoice(
            number, supplier or order.supplier, date, tuple(lines), reference, credits
        )
        self.invoices.append(invoice)
        self.truth.append(
            Truth(
                number,
                invoice.supplier,
                expect,
                scenario,
                order=order.number,
                reason=reason,
                lines=truth_lines,
                post=post,
            )
        )
        return invoice

    def invoice_line(self, line_no, order_line, item, quantity, price) -> InvoiceLine:
        rng = self.rng
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
                price.quantize(CENT, ROUND_HALF_UP)
                if price >= 1
                else price.quantize(Decimal("0.0001"))
            )
        code = "" if rng.random() < 0.15 else order_line.item_code
        return InvoiceLine(line_no, self.messy(order_line.description), quantity, price, code, unit)

    def messy(self, description: str) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.12:
            for plain, other in REWORDS.items():
                if plain in description:
                    return description.replace(plain, other)
        if roll < 0.27:
            words = description.split()
            long = [i for i, word in enumerate(words) if len(word) >= 4]
            if long:
                i = rng.choice(long)
                at = rng.randrange(1, len(words[i]) - 1)
                words[i] = words[i][:at] + words[i][at + 1 :]  # a letter dropped
            return " ".join(words)
        if roll < 0.35:
            return description.upper()
        return description

    def mistyped(self, number: str) -> str:
        # A digit lost at either end: never another order's number (those all have six).
        return self.rng.choice([number[1:], "PO " + number[:-1]])

    # The history of approved postings ---------------------------------------------------------
    def history(self, supplier: Supplier) -> list[ApprovedPosting]:
        rng = self.rng
        start = dt.date(2023, 1, 1)
        drift = {
            item.code: (start + dt.timedelta(days=rng.randint(200, 600)), rng.choice(COST_CENTERS))
            for item in supplier.items
            if rng.random() < 0.1
        }
        records, since_drift = [], {}
        for _ in range(rng.randint(20, 80)):
            item = rng.choices(supplier.items, supplier.weights)[0]
            date = start + dt.timedelta(days=rng.randint(0, 729))
            records.append((date, item))
        result = []
        for date, item in sorted(records, key=lambda r: (r[0], r[1].code)):
            coding = dict(item.coding)
            corrected = rng.random() < 0.05
            if item.code in drift and date >= drift[item.code][0]:
                coding["cost_center"] = drift[item.code][1]
                since_drift[item.code] = since_drift.get(item.code, 0) + 1
                corrected = corrected or since_drift[item.code] <= 2
            if rng.random() < 0.04:
                coding["cost_center"] = rng.choice(COST_CENTERS)
            code = "" if rng.random() < 0.2 else item.code
            result.append(
                ApprovedPosting(
                    supplier.code, date, code, self.messy(item.description), coding, corrected
                )
            )
        return result


def _part(quantity: Decimal, share: Decimal) -> Decimal:
    return (quantity * share).to_integral_value(ROUND_HALF_UP)
