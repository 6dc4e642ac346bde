"""Dates in Dutch, English, German and French writing, one set of forms: found leniently in
print, taken strictly as a person typed them (day first, the whole text, a reason if not)."""

import datetime

import pytest
from django.utils import translation

from exactbridge.helpers.dates import find_dates, parse_date, parse_typed_date


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- As printed -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05-03-2024", "2024-03-05"),
        ("5/3/2024", "2024-03-05"),
        ("05.03.2024", "2024-03-05"),
        ("05-03-24", "2024-03-05"),
        ("2024-03-05", "2024-03-05"),
        ("5 maart 2024", "2024-03-05"),
        ("5 mrt. 2024", "2024-03-05"),
        ("31 dec. 2023", "2023-12-31"),
        ("19 april 2014", "2014-04-19"),
        ("7. Mai 2014", "2014-05-07"),
        ("du 02 Juillet 2015", "2015-07-02"),
        ("March 5, 2024", "2024-03-05"),
        ("Mar 5 2024", "2024-03-05"),
        ("August 3 , 2014", "2014-08-03"),
        ("Sept 3rd, 2020", "2020-09-03"),
        ("Factuurdatum: 19 april 2014", "2014-04-19"),
    ],
)
def test_a_printed_date_is_read(text, expected):
    assert parse_date(text) == datetime.date.fromisoformat(expected)


def test_numeric_dates_are_day_first():
    assert parse_date("03/04/2024") == datetime.date(2024, 4, 3)


def test_a_printed_date_is_month_first_only_when_day_first_is_impossible():
    assert parse_date("03/20/2023") == datetime.date(2023, 3, 20)


@pytest.mark.parametrize(
    "text", ["32-01-2024", "13-13-2024", "01-01-1850", "2024", "INV/2023/03/0008"]
)
def test_impossible_printed_dates_are_refused(text):
    assert parse_date(text) is None


def test_a_period_gives_both_dates():
    assert [d for d, _s, _e in find_dates("01.05.14-31.05.14")] == [
        datetime.date(2014, 5, 1),
        datetime.date(2014, 5, 31),
    ]


# --- As typed ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("13-11-2017", datetime.date(2017, 11, 13)),
        ("1-3-2025", datetime.date(2025, 3, 1)),
        ("01/03/2025", datetime.date(2025, 3, 1)),
        ("01.03.2025", datetime.date(2025, 3, 1)),
        (" 2025-03-01 ", datetime.date(2025, 3, 1)),
        ("1 maart 2025", datetime.date(2025, 3, 1)),
        ("March 1, 2025", datetime.date(2025, 3, 1)),
    ],
)
def test_a_typed_date_is_read_day_first_or_iso(typed, expected):
    assert parse_typed_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("29-02-2025", "29-02-2025 is not a day in the calendar."),
        ("03/20/2023", "not a day in the calendar"),  # typed dates are never month first
        ("31 februari 2025", "not a day in the calendar"),
        ("2025/03/01", "Write a date as dd-mm-yyyy or yyyy-mm-dd."),
        ("01-03-25", "dd-mm-yyyy"),  # a typed year has four digits
        ("3 maart", "dd-mm-yyyy"),
        ("Factuurdatum: 1-3-2025", "dd-mm-yyyy"),  # the whole text must be the date
    ],
)
def test_what_is_not_a_typed_date_says_why(typed, reason):
    with pytest.raises(ValueError) as refused:
        parse_typed_date(typed)

    assert reason in str(refused.value)
