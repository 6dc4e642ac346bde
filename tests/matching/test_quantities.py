"""Quantity rules: against what was received (three-way) or ordered (two-way), over time."""

from decimal import Decimal

from matching.types import ItemUnits, MatchStatus, Tolerances
from tests.matching.builders import codes, invoice, match, order, receipt

PAPER = ("AB-1", "Copy paper A4 80g")


def test_invoicing_more_than_received_is_an_exception():
    result = match(invoice([(*PAPER, 12, "5.00")]), [order()])

    assert result.status == MatchStatus.EXCEPTION
    assert [str(r) for r in result.all_reasons()] == ["invoiced 12, received 10"]


def test_quantity_tolerance_accepts_a_little_over_received():
    tolerances = Tolerances(quantity_percent=Decimal("10"))

    result = match(invoice([(*PAPER, 11, "5.00")]), [order()], tolerances=tolerances)

    assert result.status == MatchStatus.WITHIN_TOLERANCE


def test_no_receipt_yet_is_an_exception():
    result = match(invoice([(*PAPER, 10, "5.00")]), [order()], receipts=[])

    assert [str(r) for r in result.all_reasons()] == ["no receipt yet"]


def test_partial_deliveries_invoiced_one_by_one():
    first_delivery = [receipt(lines=[(1, 4)])]
    first = match(invoice([(*PAPER, 4, "5.00")]), [order()], receipts=first_delivery)
    assert first.status == MatchStatus.MATCHED

    both_deliveries = [receipt(lines=[(1, 4)]), receipt(lines=[(1, 6)])]
    second = match(
        invoice([(*PAPER, 6, "5.00")], number="F-2"),
        [order()],
        receipts=both_deliveries,
        invoiced={("4711", 1): Decimal(4)},
    )
    assert second.status == MatchStatus.MATCHED


def test_second_invoice_beyond_what_was_received_says_what_was_invoiced_before():
    result = match(
        invoice([(*PAPER, 6, "5.00")], number="F-2"),
        [order()],
        receipts=[receipt(lines=[(1, 4)])],
        invoiced={("4711", 1): Decimal(4)},
    )

    assert [str(r) for r in result.all_reasons()] == ["invoiced 10 (4 before), received 4"]


def test_two_way_needs_no_receipt_and_checks_the_ordered_quantity():
    fits = match(invoice([(*PAPER, 10, "5.00")]), [order()], receipts=[], receipts_required=False)
    over = match(invoice([(*PAPER, 12, "5.00")]), [order()], receipts=[], receipts_required=False)

    assert fits.status == MatchStatus.MATCHED
    assert [str(r) for r in over.all_reasons()] == ["invoiced 12, ordered 10"]


def test_units_are_converted_where_the_item_says_how():
    boxes = order(lines=[("AB-1", "Copy paper A4 80g", 2, "60.00", "box")])
    units = {"AB1": ItemUnits("AB-1", {"pcs": Decimal(1), "box": Decimal(12)})}

    result = match(invoice([(*PAPER, 24, "5.00", "pcs")]), [boxes], units=units)

    assert result.status == MatchStatus.MATCHED
    assert result.lines[0].allocations == ((("4711", 1), Decimal(2)),)


def test_a_unit_without_conversion_is_an_exception():
    boxes = order(lines=[("AB-1", "Copy paper A4 80g", 2, "60.00", "box")])

    result = match(invoice([(*PAPER, 24, "5.00", "pcs")]), [boxes])

    assert codes(result) == ["unit_unknown"]
