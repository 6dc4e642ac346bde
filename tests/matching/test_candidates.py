"""The order index offers a handful of orders per invoice, never all of them."""

import datetime as dt

from matching.candidates import OrderIndex
from tests.matching.builders import invoice, order

PAPER = ("AB-1", "Copy paper A4 80g", 10, "5.00")
SOAP = ("ZZ-9", "Hand soap", 10, "2.00")


def test_orders_with_the_invoices_item_codes_of_that_supplier_only():
    index = OrderIndex(
        [order("1", lines=[PAPER]), order("2", lines=[SOAP]), order("3", "OTHER", [PAPER])]
    )

    found = index.orders_for(invoice([PAPER], reference=""))

    assert [o.number for o in found] == ["1"]


def test_the_referenced_order_is_offered_whoever_it_belongs_to():
    index = OrderIndex([order("3", "OTHER", [SOAP])])

    found = index.orders_for(invoice([PAPER], reference="3"))

    assert [o.number for o in found] == ["3"]


def test_without_item_codes_all_of_the_suppliers_orders_are_offered():
    index = OrderIndex([order("1", lines=[PAPER]), order("2", lines=[SOAP])])

    found = index.orders_for(invoice([("", "paper", 1, "5")], reference=""))

    assert sorted(o.number for o in found) == ["1", "2"]


def test_orders_dated_after_the_invoice_are_not_offered():
    later = order("1", lines=[PAPER])
    inv = invoice([PAPER], reference="")
    index = OrderIndex([later])
    early = invoice([PAPER], reference="")
    early = type(early)(
        early.number, early.supplier, later.date - dt.timedelta(days=1), early.lines
    )

    assert index.orders_for(inv) and not index.orders_for(early)
