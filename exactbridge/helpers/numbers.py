"""Amounts in Dutch and international writing to Decimal: one set of rules for what documents
print and what people type.

    parse_amount(text)        -> Decimal | None   lenient: an amount as printed, None if not one
    find_amounts(text)        -> [(Decimal, start, end)]   every amount in a line of print
    parse_typed_amount(text)  -> Decimal          strict: what a person typed in an amount field;
                                                  ValueError with a reason they can act on
    parse_percentage(text)    -> Decimal | None   "21%", "9,0 %"

The rules, for both:
- A currency sign or code (€, $, £, ₹, EUR, USD, Rs ...) and the spaces around it are ignored.
- A minus sign before or after the number, or parentheses around it, make it negative. (A
  plus sign before it is read only in what people type: in print it starts a phone number.)
- ",-" and ".-" after whole units mean ",00" ("€ 1.234,-" is 1234.00).
- With both "." and "," present, the one that comes last is the decimal separator, and the
  other must group thousands ("1.234.567,89").
- With one kind of separator only, it groups thousands when it stands between groups of three
  digits after a first group of one to three ("1.234", "1,234,567": three decimals hardly occur
  on invoices) — unless the whole units are 0 ("0,125"); otherwise, once, it is the decimal
  separator ("12,50", "12.5"); more often it is no amount ("1,2,3").
- Spaces between groups of three digits ("1 234,56") group thousands.
Anything else — letters, a percent sign, more than one number — is not an amount. Nor, in print,
is a number of AMOUNT_LIMIT or more: no invoice holds it, and a case could not store it. What a
person types must have at most two decimals and stay below AMOUNT_LIMIT; it is kept in cents.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

# A case stores amounts of up to 14 integer digits (and two decimals).
AMOUNT_LIMIT = Decimal(10) ** 14
CENT = Decimal("0.01")

_MARKS = re.compile(r"(?:€|\$|£|₹|¥|\b(?:EUR|USD|GBP|CHF|INR|PLN|SEK|NOK|DKK)\b|\bRs\.?)", re.I)
_DIGITS = re.compile(r"\d+(?:[ .,]\d+)*")
_GROUPED = re.compile(r"\d{1,3}(?:[ .,]\d{3})+")
_SEPARATOR = re.compile(r"[ .,]")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2212": "-"})
_OCR_QUOTES = "\"'\u201c\u201d\u201e\u2018\u2019\u201a`\u00ab\u00bb|"


class NotAnAmount(ValueError):
    """The text is no amount by the module's rules."""


def parse_amount(text: str) -> Decimal | None:
    """The amount `text` holds, as printed; None if it is not one amount or too large to be
    one (a long account or card number, a misread)."""
    try:
        amount = _amount(text)
    except NotAnAmount:
        return None
    return amount if abs(amount) < AMOUNT_LIMIT else None


def parse_typed_amount(text: str) -> Decimal:
    """The amount a person typed, in cents. The whole of `text` must be the amount; raises
    ValueError with a plain-language reason otherwise."""
    try:
        # A person may write "+7,50"; in print a leading "+" starts a phone number ("+31 20").
        amount = _amount(text.strip().removeprefix("+"))
    except NotAnAmount:
        raise ValueError(_("Write an amount, such as 1.234,56 or 1234.56.")) from None
    if amount.as_tuple().exponent < -2:
        raise ValueError(_("An amount has at most two decimals."))
    if abs(amount) >= AMOUNT_LIMIT:
        raise ValueError(_("That amount is too large."))
    return amount.quantize(CENT)


def find_amounts(text: str) -> list[tuple[Decimal, int, int]]:
    """Every amount in a line of printed text, as (value, start, end), left to right.

    Spaces separate amounts here (table columns: "1 278.61" is 1 and 278.61); a currency
    sign standing alone belongs to the number after it. Percentages are not amounts.
    """
    found = []
    for match in re.finditer(r"\S+", text):
        token = match.group()
        if "%" in token or not any(char.isdigit() for char in token):
            continue
        value = parse_amount(token.strip(_OCR_QUOTES).rstrip(":;*"))
        if value is not None:
            found.append((value, match.start(), match.end()))
    return found


def parse_percentage(text: str) -> Decimal | None:
    """'21%', '21 %', '15.00%', '9,0 %' -> Decimal; None when `text` is not a percentage."""
    match = re.fullmatch(r"\s*(\d{1,3}(?:[.,]\d{1,2})?)\s*%\s*", text)
    if not match:
        return None
    return Decimal(match.group(1).replace(",", "."))


def _amount(text: str) -> Decimal:
    """The amount by the module's rules, exactly as written (not rounded); NotAnAmount if
    `text` is none."""
    cleaned = _MARKS.sub(" ", text.translate(_SPACES)).strip()
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1].strip()
    if cleaned.startswith("-"):
        negative, cleaned = True, cleaned[1:].strip()
    if cleaned.endswith((",-", ".-")):
        cleaned = cleaned[:-1] + "00"
    elif cleaned.endswith("-"):
        negative, cleaned = True, cleaned[:-1].strip()
    if not _DIGITS.fullmatch(cleaned):
        raise NotAnAmount(text)
    whole, decimals = _split(cleaned)
    if _SEPARATOR.search(whole) and not _GROUPED.fullmatch(whole):
        raise NotAnAmount(text)
    value = Decimal(_SEPARATOR.sub("", whole) + (f".{decimals}" if decimals else ""))
    return -value if negative else value


def _split(number: str) -> tuple[str, str]:
    """(whole units with their grouping, decimals) by the separator rules."""
    marks = [char for char in number if char in ".,"]
    if not marks:
        return number, ""
    last = number[max(number.rfind("."), number.rfind(","))]
    if len(set(marks)) == 2:
        if marks.count(last) > 1:
            raise NotAnAmount(number)
        return _at_last(number, last)
    whole, decimals = _at_last(number, last)
    if len(marks) > 1 or (
        len(decimals) == 3 and _GROUPED.fullmatch(number) and whole.strip("0 ") != ""
    ):
        return number, ""  # it groups thousands
    return whole, decimals


def _at_last(number: str, separator: str) -> tuple[str, str]:
    whole, _sep, decimals = number.rpartition(separator)
    if not decimals.isdigit():
        raise NotAnAmount(number)
    return whole, decimals
