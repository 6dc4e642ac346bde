import datetime

import pytest

from intake.extraction.dates import find_dates, parse_date


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
    ],
)
def test_date_is_read(text, expected):
    assert parse_date(text) == datetime.date.fromisoformat(expected)


def test_numeric_dates_are_day_first():
    assert parse_date("03/04/2024") == datetime.date(2024, 4, 3)


def test_numeric_date_is_month_first_only_when_day_first_is_impossible():
    assert parse_date("03/20/2023") == datetime.date(2023, 3, 20)


@pytest.mark.parametrize(
    "text", ["32-01-2024", "13-13-2024", "01-01-1850", "2024", "INV/2023/03/0008"]
)
def test_impossible_dates_are_refused(text):
    assert parse_date(text) is None


def test_a_period_gives_both_dates():
    assert [d for d, _s, _e in find_dates("01.05.14-31.05.14")] == [
        datetime.date(2014, 5, 1),
        datetime.date(2014, 5, 31),
    ]
