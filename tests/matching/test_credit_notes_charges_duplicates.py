"""Credit notes against earlier invoices, freight and discount lines, duplicates."""

from decimal import Decimal

from matching.types import LineKind, MatchStatus
from tests.matching.builders import codes, invoice, match, order

PAPER = ("AB-1", "Copy paper A4 80g", 10, "5.00")
FREIGHT = LineKind.FREIGHT


def test_credit_note_against_an_earlier_invoice_is_matched_on_its_order():
    original = invoice([PAPER], number="F-1")
    credit = invoice([("AB-1", "paper", -3, "5.00")], number="C-1", reference="", credits="F-1")

    result = match(
        credit, [order()], invoiced={("4711", 1): Decimal(10)}, earlier_invoices=[original]
    )

    assert result.status == MatchStatus.MATCHED
    assert result.lines[0].allocations == ((("4711", 1), Decimal(-3)),)


def test_credit_note_for_more_than_was_invoiced_is_an_exception():
    original = invoice([PAPER], number="F-1")
    credit = invoice([("AB-1", "paper", -12, "5.00")], number="C-1", credits="F-1")

    result = match(
        credit, [order()], invoiced={("4711", 1): Decimal(10)}, earlier_invoices=[original]
    )

    assert [str(r) for r in result.all_reasons()] == ["credits 12, only 10 invoiced"]


def test_credit_note_for_an_unknown_invoice_is_an_exception():
    credit = invoice([("AB-1", "paper", -3, "5.00")], number="C-1", credits="F-404")

    result = match(credit, [order()], invoiced={("4711", 1): Decimal(10)})

    assert codes(result) == ["credited_invoice_unknown"]


def test_freight_on_the_order_is_matched_like_a_line():
    with_freight = order(lines=[PAPER, ("", "Freight", 1, "15.00", "pcs", FREIGHT)])

    result = match(
        invoice([PAPER, ("", "Shipping costs", 1, "15.00", "pcs", FREIGHT)]), [with_freight]
    )

    assert result.status == MatchStatus.MATCHED


def test_small_freight_not_on_the_order_is_within_tolerance_large_is_an_exception():
    small = match(invoice([PAPER, ("", "Freight", 1, "9.95", "pcs", FREIGHT)]), [order()])
    large = match(invoice([PAPER, ("", "Freight", 1, "60.00", "pcs", FREIGHT)]), [order()])

    assert small.status == MatchStatus.WITHIN_TOLERANCE
    assert large.status == MatchStatus.EXCEPTION
    assert [str(r) for r in large.all_reasons()] == ["Freight 60.00 not on the order"]


def test_a_discount_line_is_accepted():
    discount = ("", "Discount 2%", 1, "-1.00", "pcs", LineKind.DISCOUNT)

    result = match(invoice([PAPER, discount]), [order()])

    assert result.status == MatchStatus.WITHIN_TOLERANCE


def test_the_same_invoice_number_again_is_a_duplicate():
    first = invoice([PAPER], number="F-1")

    result = match(invoice([PAPER], number="F-1"), [order()], earlier_invoices=[first])

    assert [str(r) for r in result.reasons] == ["looks like a duplicate of invoice F-1"]


def test_the_same_lines_on_the_same_day_under_a_new_number_is_a_duplicate():
    first = invoice([PAPER], number="F-1")

    result = match(invoice([PAPER], number="F-2"), [order()], earlier_invoices=[first])

    assert codes(result) == ["duplicate"]
