"""Small builders for matching tests: one supplier's orders, receipts and invoices."""

import datetime as dt
from decimal import Decimal

from matching.three_way import match_invoice
from matching.types import (
    Invoice,
    InvoiceLine,
    LineKind,
    Order,
    OrderLine,
    Receipt,
    ReceiptLine,
    Tolerances,
)

DAY = dt.date(2025, 3, 1)


def order(number="4711", supplier="ACME", lines=(("AB-1", "Copy paper A4 80g", 10, "5.00"),)):
    """lines: (item code, description, quantity, unit price[, unit[, kind]])."""
    built = []
    for no, spec in enumerate(lines, 1):
        code, description, quantity, price, *rest = spec
        unit = rest[0] if rest else "pcs"
        kind = rest[1] if len(rest) > 1 else LineKind.GOODS
        built.append(
            OrderLine(number, no, code, description, Decimal(quantity), Decimal(price), unit, kind)
        )
    return Order(number, supplier, DAY, tuple(built))


def receipt(order_number="4711", lines=((1, 10),), supplier="ACME", unit="pcs"):
    return Receipt(
        f"R-{order_number}",
        supplier,
        DAY,
        tuple(ReceiptLine(order_number, no, Decimal(q), unit) for no, q in lines),
    )


def received_in_full(*orders):
    return [
        Receipt(
            f"R-{o.number}",
            o.supplier,
            DAY,
            tuple(
                ReceiptLine(o.number, line.line_no, line.quantity, line.unit) for line in o.lines
            ),
        )
        for o in orders
    ]


def invoice(lines, number="F-1", supplier="ACME", reference="4711", credits=""):
    """lines: (item code, description, quantity, unit price[, unit[, kind]])."""
    built = []
    for no, spec in enumerate(lines, 1):
        code, description, quantity, price, *rest = spec
        unit = rest[0] if rest else "pcs"
        kind = rest[1] if len(rest) > 1 else LineKind.GOODS
        built.append(
            InvoiceLine(no, description, Decimal(quantity), Decimal(price), code, unit, kind)
        )
    return Invoice(number, supplier, DAY + dt.timedelta(days=5), tuple(built), reference, credits)


def match(inv, orders, receipts=None, invoiced=None, tolerances=None, **kwargs):
    return match_invoice(
        invoice=inv,
        orders=orders,
        receipts=received_in_full(*orders) if receipts is None else receipts,
        already_invoiced=invoiced or {},
        tolerances=tolerances or Tolerances(),
        **kwargs,
    )


def codes(result):
    return [reason.code for reason in result.all_reasons()]
