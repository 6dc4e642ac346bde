"""Amounts in Dutch and international writing, one set of rules: read leniently from print
(None when there is none), strictly from what a person typed (a reason when it is none)."""

from decimal import Decimal

import pytest
from django.utils import translation

from exactbridge.helpers.numbers import (
    find_amounts,
    parse_amount,
    parse_percentage,
    parse_typed_amount,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- As printed -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("€ 1.234,-", "1234.00"),
        ("-12,50", "-12.50"),
        ("12.50-", "-12.50"),
        ("€ -9,32", "-9.32"),
        ("(3,00)", "-3.00"),
        ("\u22124,00", "-4.00"),
        ("$4.11", "4.11"),
        ("0,75 €", "0.75"),
        ("EUR 49,99", "49.99"),
        ("Rs. 319.00", "319.00"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),
        ("12,5", "12.5"),
        ("1.234.567", "1234567"),
        ("2.321,00", "2321.00"),
        ("12.345,678", "12345.678"),
    ],
)
def test_a_printed_amount_is_read(text, amount):
    assert parse_amount(text) == Decimal(amount)


def test_one_separator_before_three_digits_groups_thousands():
    assert parse_amount("1.234") == Decimal("1234")
    assert parse_amount("1,234") == Decimal("1234")
    assert parse_amount("0,125") == Decimal("0.125")  # no thousands of nothing
    assert parse_amount("1234.567") == Decimal("1234.567")  # no group of three before it


@pytest.mark.parametrize(
    "text", ["NL810433941B01", "21%", "1,2,3", "abc", "", "12.34.5", "12,", "1.234,5.6", "12,34.5"]
)
def test_what_is_no_amount_is_refused(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "100000000000000",
        "-100.000.000.000.000,00",
        "EUR 1.000.000.000.000.000.000.000.000.000,00",
        "1 234 567 890 123 456",  # an account number printed in groups
    ],
)
def test_a_printed_number_a_case_cannot_store_is_no_amount(text):
    assert parse_amount(text) is None


def test_the_largest_amount_a_case_stores_is_read():
    assert parse_amount("99.999.999.999.999,99") == Decimal("99999999999999.99")
    assert parse_amount("-99999999999999.99") == Decimal("-99999999999999.99")


def test_a_number_too_large_is_not_found_in_a_line():
    values = [value for value, _start, _end in find_amounts("Total 1000000000000000000 12,50")]
    assert values == [Decimal("12.50")]


def test_a_phone_number_in_print_is_no_amount():
    assert find_amounts("Tel. +31 20") == [(Decimal("20"), 9, 11)]


def test_amounts_in_a_row_are_separate_columns():
    values = [value for value, _start, _end in find_amounts("1 278.61 14.50% 40.39 319.00")]
    assert values == [Decimal("1"), Decimal("278.61"), Decimal("40.39"), Decimal("319.00")]


def test_percentages():
    assert parse_percentage("21 %") == Decimal("21")
    assert parse_percentage("15.00%") == Decimal("15.00")
    assert parse_percentage("21") is None


# --- As typed ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1234.5", "1234.50"),
        ("1.234", "1234.00"),
        ("1.234.567,8", "1234567.80"),
        ("€ 12,50", "12.50"),
        ("-7.500,00", "-7500.00"),
        ("+7,5", "7.50"),
        ("1 234,56", "1234.56"),
        (" 0,5 ", "0.50"),
        ("12,-", "12.00"),
        ("42", "42.00"),
    ],
)
def test_a_typed_amount_is_kept_in_cents(typed, amount):
    parsed = parse_typed_amount(typed)

    assert parsed == Decimal(amount)
    assert str(parsed) == amount


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("twelve", "Write an amount, such as 1.234,56 or 1234.56."),
        ("12,34,56", "Write an amount"),
        ("1.234,5.6", "Write an amount"),
        ("12,", "Write an amount"),
        ("12 maal", "Write an amount"),
        ("12.345,678", "An amount has at most two decimals."),
        ("1234.567", "at most two decimals"),
        ("0,125", "at most two decimals"),
        ("100000000000000", "That amount is too large."),
    ],
)
def test_what_is_not_a_typed_amount_says_why(typed, reason):
    with pytest.raises(ValueError) as refused:
        parse_typed_amount(typed)

    assert reason in str(refused.value)


@pytest.mark.parametrize(
    "text", ["1.234,56", "1,234", "€ 1.234,-", "(3,00)", "0,5", "1 234", "12,34,56", "abc"]
)
def test_typed_and_printed_follow_the_same_rules(text):
    printed = parse_amount(text)
    try:
        typed = parse_typed_amount(text)
    except ValueError:
        typed = None

    assert typed == (None if printed is None else printed.quantize(Decimal("0.01")))
