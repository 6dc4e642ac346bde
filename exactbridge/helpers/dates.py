"""Dates in Dutch, English, and the German and French neighbours' writing, to date: one set of
rules for what documents print and what people type.

    find_dates(text)        -> [(date, start, end)]  lenient: every date in a line of print
    parse_date(text)        -> date | None           lenient: the first date in `text`
    parse_typed_date(text)  -> date                  strict: what a person typed in a date field;
                                                     ValueError with a reason they can act on

Forms read: ISO "2024-03-05"; numeric "05-03-2024", "5/3/2024", "05.03.2024", "05-03-24";
"5 maart 2024", "5 mrt. 2024", "5. März 2024", "05 Juillet 2015"; "March 5, 2024", "Mar 5 2024",
"August 3 , 2014".

Ambiguity: a numeric date is read day first (European order). In print, when the first number
cannot be a day-of-month reading — the second number is above 12 and the first is not — it is
read month first ("03/20/2023" is 20 March); a two-digit year is 2000-2099, and a date outside
1990-2100 is refused as a likely misreading. What a person types is taken as written: day first
always, the year in four digits, and the whole text must be the date.
"""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _

MONTHS = {
    # Dutch
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "nov": 11, "dec": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10, "mar": 3, "oct": 10,
    # German
    "januar": 1, "februar": 2, "märz": 3, "maerz": 3, "mai": 5, "dezember": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip
_MONTH = "|".join(sorted((re.escape(name.strip()) for name in MONTHS), key=len, reverse=True))

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})\s?([-/.])\s?(\d{1,2})\2(\d{4}|\d{2})(?![\d/])")
_DAY_MONTH = re.compile(
    rf"(?<!\d)(\d{{1,2}})\.?\s*(?:de\s+)?({_MONTH})\.?,?\s+(\d{{4}})(?!\d)", re.I
)
_MONTH_DAY = re.compile(
    rf"(?<![\w])({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(\d{{4}})(?!\d)", re.I
)

# (year, month, day) from a match of each form that is no numeric day-month-year.
_WRITTEN_OUT = (
    (_ISO, lambda m: (int(m[1]), int(m[2]), int(m[3]))),
    (_DAY_MONTH, lambda m: (int(m[3]), MONTHS[m[2].lower()], int(m[1]))),
    (_MONTH_DAY, lambda m: (int(m[3]), MONTHS[m[1].lower()], int(m[2]))),
)


def find_dates(text: str) -> list[tuple[datetime.date, int, int]]:
    """Every date in `text` as (date, start, end), left to right."""
    found: list[tuple[datetime.date, int, int]] = []
    taken: list[tuple[int, int]] = []
    for pattern, build in (*_WRITTEN_OUT, (_NUMERIC, _printed_numeric)):
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            found_date = _make(*build(match))
            if found_date is not None:
                found.append((found_date, match.start(), match.end()))
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda item: item[1])


def parse_date(text: str) -> datetime.date | None:
    """The first date in `text`, or None."""
    found = find_dates(text)
    return found[0][0] if found else None


def parse_typed_date(text: str) -> datetime.date:
    """The date a person typed: the whole of `text`, in one of the module's forms with a
    four-digit year, numeric dates day first. Raises ValueError with a plain-language reason
    otherwise."""
    text = text.strip()
    for pattern, build in (*_WRITTEN_OUT, (_NUMERIC, _typed_numeric)):
        match = pattern.fullmatch(text)
        parts = build(match) if match else None
        if parts is None:
            continue
        try:
            return datetime.date(*parts)
        except ValueError:
            raise ValueError(_("%(text)s is not a day in the calendar.") % {"text": text}) from None
    raise ValueError(_("Write a date as dd-mm-yyyy or yyyy-mm-dd."))


def _printed_numeric(match: re.Match) -> tuple[int, int, int]:
    first, second, year = int(match[1]), int(match[3]), int(match[4])
    if len(match[4]) == 2:
        year += 2000
    if second > 12 >= first:
        return year, first, second
    return year, second, first


def _typed_numeric(match: re.Match) -> tuple[int, int, int] | None:
    if len(match[4]) != 4:
        return None
    return int(match[4]), int(match[3]), int(match[1])


def _make(year: int, month: int, day: int) -> datetime.date | None:
    if not 1990 <= year <= 2100:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None
