from decimal import Decimal

import pytest

from intake.extraction.numbers import find_amounts, parse_amount, parse_percentage


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
        ("$4.11", "4.11"),
        ("0,75 €", "0.75"),
        ("EUR 49,99", "49.99"),
        ("1 234,56", "1234.56"),
        ("12,5", "12.5"),
        ("1.234.567", "1234567"),
        ("2.321,00", "2321.00"),
    ],
)
def test_amount_is_read(text, amount):
    assert parse_amount(text) == Decimal(amount)


def test_one_separator_before_three_digits_groups_thousands():
    assert parse_amount("1.234") == Decimal("1234")
    assert parse_amount("1,234") == Decimal("1234")
    assert parse_amount("0,125") == Decimal("0.125")


@pytest.mark.parametrize("text", ["NL810433941B01", "21%", "1,2,3", "abc", "", "12.34.5"])
def test_what_is_no_amount_is_refused(text):
    assert parse_amount(text) is None


def test_amounts_in_a_row_are_separate_columns():
    values = [value for value, _start, _end in find_amounts("1 278.61 14.50% 40.39 319.00")]
    assert values == [Decimal("1"), Decimal("278.61"), Decimal("40.39"), Decimal("319.00")]


def test_percentages():
    assert parse_percentage("21 %") == Decimal("21")
    assert parse_percentage("15.00%") == Decimal("15.00")
    assert parse_percentage("21") is None
