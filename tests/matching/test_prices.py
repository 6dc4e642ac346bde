"""Price rules: exact, within tolerance (percent and amount both), over tolerance, rounding."""

from decimal import Decimal

from matching.types import MatchStatus, Tolerances
from tests.matching.builders import codes, invoice, match, order


def test_exact_match_is_matched():
    result = match(invoice([("AB-1", "Copy paper A4 80g", 10, "5.00")]), [order()])

    assert result.status == MatchStatus.MATCHED
    assert result.orders == ("4711",)
    assert result.lines[0].allocations == ((("4711", 1), Decimal(10)),)


def test_small_price_increase_is_matched_within_tolerance_with_the_deviation():
    result = match(invoice([("AB-1", "Copy paper A4 80g", 10, "5.05")]), [order()])

    assert result.status == MatchStatus.WITHIN_TOLERANCE
    assert result.lines[0].price_deviation_percent == Decimal("1.00")
    assert [str(r) for r in result.lines[0].reasons] == ["price 1.0% above order"]


def test_price_above_the_percent_tolerance_is_an_exception_in_plain_words():
    result = match(invoice([("AB-1", "Copy paper A4 80g", 10, "5.21")]), [order()])

    assert result.status == MatchStatus.EXCEPTION
    assert [str(r) for r in result.all_reasons()] == ["price 4.2% above order"]


def test_price_within_percent_but_over_the_amount_is_an_exception():
    big = order(lines=[("AB-1", "Copy paper A4 80g", 1000, "5.00")])
    tolerances = Tolerances(price_percent=Decimal("2"), price_amount=Decimal("25"))

    result = match(invoice([("AB-1", "paper", 1000, "5.05")]), [big], tolerances=tolerances)

    assert result.status == MatchStatus.EXCEPTION
    assert codes(result) == ["price_above_order"]


def test_rounding_to_cents_is_no_deviation():
    fine = order(lines=[("AB-1", "Copy paper A4 80g", 3, "1.333")])

    result = match(invoice([("AB-1", "Copy paper A4 80g", 3, "1.33")]), [fine])

    assert result.status == MatchStatus.MATCHED


def test_small_deviations_adding_up_over_the_total_tolerance_are_an_exception():
    two = order(
        lines=[("AB-1", "Copy paper A4 80g", 100, "5.00"), ("AB-2", "Stapler black", 100, "5.00")]
    )
    tolerances = Tolerances(price_amount=Decimal("100"), total_amount=Decimal("10"))

    result = match(
        invoice([("AB-1", "paper", 100, "5.09"), ("AB-2", "stapler", 100, "5.09")]),
        [two],
        tolerances=tolerances,
    )

    assert result.status == MatchStatus.EXCEPTION
    assert [str(r) for r in result.reasons] == ["total 18.00 (1.8%) above orders"]
