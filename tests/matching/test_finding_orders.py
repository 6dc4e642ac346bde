"""Which order (and line) an invoice belongs to; ambiguity is an exception, never a guess."""

from matching.types import MatchStatus
from tests.matching.builders import codes, invoice, match, order, received_in_full

PAPER = ("AB-1", "Copy paper A4 80g", 10, "5.00")


def test_without_reference_the_order_is_found_by_its_lines():
    mine = order("4711", lines=[PAPER])
    other_items = order("4712", lines=[("ZZ-9", "Hand soap 500ml", 10, "2.00")])

    result = match(invoice([PAPER], reference=""), [mine, other_items])

    assert result.status == MatchStatus.MATCHED
    assert result.orders == ("4711",)


def test_without_item_code_the_description_decides_despite_a_typo():
    result = match(invoice([("", "copy papr A4 80g", 10, "5.00")], reference=""), [order()])

    assert result.orders == ("4711",)
    assert result.status == MatchStatus.MATCHED


def test_a_different_size_in_the_description_is_another_item():
    result = match(invoice([("", "Copy paper A3 80g", 10, "5.00")], reference=""), [order()])

    assert result.status == MatchStatus.EXCEPTION
    assert codes(result) == ["no_order"]


def test_a_wrong_reference_is_corrected_by_the_lines_and_noted():
    mine = order("4711", lines=[PAPER])

    result = match(invoice([PAPER], reference="9999"), [mine])

    assert result.orders == ("4711",)
    assert result.status == MatchStatus.MATCHED
    assert [n.code for n in result.notes] == ["reference_corrected"]


def test_two_orders_that_fit_equally_are_an_exception_listing_both():
    first, second = order("4711", lines=[PAPER]), order("4712", lines=[PAPER])

    result = match(invoice([PAPER], reference=""), [first, second])

    assert result.status == MatchStatus.EXCEPTION
    assert [str(r) for r in result.reasons] == ["two orders fit: 4711, 4712"]
    assert result.candidates == ("4711", "4712")


def test_a_mistyped_reference_tells_two_fitting_orders_apart():
    first, second = order("104711", lines=[PAPER]), order("104712", lines=[PAPER])

    result = match(invoice([PAPER], reference="PO 10471"), [first, second])

    assert result.status == MatchStatus.EXCEPTION  # 10471 resembles both equally
    result = match(invoice([PAPER], reference="04711"), [first, second])
    assert result.orders == ("104711",)


def test_another_suppliers_order_is_never_matched():
    theirs = order("4711", supplier="OTHER", lines=[PAPER])

    result = match(invoice([PAPER], supplier="ACME", reference="4711"), [theirs])

    assert result.status == MatchStatus.EXCEPTION
    assert result.orders == ()
    assert [str(r) for r in result.reasons] == ["order 4711 belongs to another supplier"]


def test_an_unknown_reference_without_fitting_orders_says_so():
    result = match(invoice([PAPER], reference="123"), [])

    assert [str(r) for r in result.reasons] == ["order 123 not found"]


def test_two_order_lines_that_fit_one_invoice_line_are_an_exception_listing_both():
    two_items = order(
        lines=[("", "Copy paper A4 80g", 10, "5.00"), ("", "Copy paper A4 80g white", 10, "5.00")]
    )

    result = match(invoice([("", "copy paper A4 80g", 10, "5.00")]), [two_items])

    assert result.status == MatchStatus.EXCEPTION
    assert result.lines[0].candidates == ("4711/1", "4711/2")


def test_lines_of_the_same_item_and_price_are_interchangeable_so_merged_lines_match():
    twice = order(lines=[("AB-1", "Copy paper A4 80g", 10, "5.00")] * 2)

    result = match(invoice([("AB-1", "Copy paper", 20, "5.00")]), [twice])

    assert result.status == MatchStatus.MATCHED
    assert {key for key, _ in result.lines[0].allocations} == {("4711", 1), ("4711", 2)}


def test_split_lines_on_the_invoice_add_up_on_one_order_line():
    result = match(invoice([("AB-1", "paper", 4, "5.00"), ("AB-1", "paper", 6, "5.00")]), [order()])
    too_much = match(
        invoice([("AB-1", "paper", 4, "5.00"), ("AB-1", "paper", 7, "5.00")]), [order()]
    )

    assert result.status == MatchStatus.MATCHED
    assert too_much.status == MatchStatus.EXCEPTION


def test_receipts_decide_nothing_about_which_order_it_is():
    """A received order that fits elsewhere does not win over the true one without receipt."""
    unreceived = order("4711", lines=[PAPER])
    received = order("4712", lines=[("AB-1", "Copy paper A4 80g", 10, "5.00")])

    result = match(
        invoice([PAPER], reference=""), [unreceived, received], receipts=received_in_full(received)
    )

    assert result.status == MatchStatus.EXCEPTION
    assert codes(result) == ["ambiguous_orders"]
