"""What a typed value means: amounts in Dutch and international writing, dates as dd-mm-yyyy
or ISO, IBAN and VAT numbers by their check digits, currency codes, trimmed text."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from cases.editing import understood_as, validate_field


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1234.5", "1234.50"),
        ("1.234", "1234.00"),
        ("1,234", "1234.00"),
        ("1.234.567,8", "1234567.80"),
        ("€ 12,50", "12.50"),
        ("-7.500,00", "-7500.00"),
        ("1 234,56", "1234.56"),
        (" 0,5 ", "0.50"),
        ("42", "42.00"),
    ],
)
def test_amounts_read_as_people_write_them(typed, amount):
    assert validate_field("gross_total", typed) == (Decimal(amount), None)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("twelve", "Write an amount"),
        ("12,34,56", "Write an amount"),
        ("1.234,5.6", "Write an amount"),
        ("12,", "Write an amount"),
        ("12.345,678", "at most two decimals"),
        ("1234.567", "at most two decimals"),
        ("100000000000000", "too large"),
    ],
)
def test_what_is_not_an_amount_says_why(typed, reason):
    value, error = validate_field("net_total", typed)

    assert value is None
    assert reason in error


@pytest.mark.parametrize(
    ("typed", "date"),
    [
        ("13-11-2017", datetime.date(2017, 11, 13)),
        ("1-3-2025", datetime.date(2025, 3, 1)),
        ("01/03/2025", datetime.date(2025, 3, 1)),
        ("01.03.2025", datetime.date(2025, 3, 1)),
        ("2025-03-01", datetime.date(2025, 3, 1)),
    ],
)
def test_dates_read_day_first_or_iso(typed, date):
    assert validate_field("invoice_date", typed) == (date, None)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("29-02-2025", "not a day in the calendar"), ("2025/03/01", "dd-mm-yyyy"), ("3 maart", "")],
)
def test_what_is_not_a_date_says_why(typed, reason):
    value, error = validate_field("due_date", typed)

    assert value is None
    assert reason in error


def test_an_iban_is_kept_compact_and_checked():
    assert validate_field("iban", "nl91 abna 0417 1643 00") == ("NL91ABNA0417164300", None)
    assert "check digits" in validate_field("iban", "NL91ABNA0417164301")[1]
    assert "starts with a country code" in validate_field("iban", "12345")[1]


def test_an_eu_vat_number_is_checked_and_others_are_kept():
    assert validate_field("vat_number", "NL 0044.95.445.B01") == ("NL004495445B01", None)
    assert "not a valid VAT number" in validate_field("vat_number", "NL123456789B01")[1]
    assert validate_field("vat_number", "GB1232434") == ("GB1232434", None)
    assert "country code" in validate_field("vat_number", "004495445B01")[1]


def test_currency_codes_are_iso_4217():
    assert validate_field("currency", " usd") == ("USD", None)
    assert "not a currency code" in validate_field("currency", "EURO")[1]


def test_text_is_trimmed_and_limited():
    assert validate_field("supplier_name", "  Leverancier B.V.  ") == ("Leverancier B.V.", None)
    assert "At most 100" in validate_field("invoice_number", "F" * 101)[1]


def test_empty_means_not_on_the_document():
    assert validate_field("due_date", "   ") == (None, None)


def test_only_the_listed_fields_can_be_changed():
    assert validate_field("status", "posted")[1] == "This field cannot be changed."


def test_a_valid_value_reads_back_in_the_language_of_the_page():
    with translation.override("nl"):
        assert understood_as("gross_total", Decimal("1234.5")) == "1.234,50"
        assert understood_as("invoice_date", datetime.date(2025, 3, 1)) == "1 maart 2025"
    with translation.override("en"):
        assert understood_as("gross_total", Decimal("1234.5")) == "1,234.50"
    assert understood_as("iban", "NL91ABNA0417164300") == "NL91 ABNA 0417 1643 00"
