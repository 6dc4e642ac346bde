"""Amounts as printed on invoices, in Dutch and international notation, to Decimal.

Rules, in order:
- A currency sign or code (€, $, £, ₹, EUR, USD, Rs ...) and spaces around it are ignored.
- A minus sign before or after the number, or parentheses around it, make it negative.
- ",-" and ".-" after whole units mean ",00" ("€ 1.234,-" is 1234.00).
- With both "." and "," present, the one that comes last is the decimal separator.
- With one kind of separator only: if it occurs more than once it groups thousands
  ("1.234.567"); once, followed by exactly three digits, it groups thousands as well ("1.234"
  and "1,234" are 1234: three decimals hardly occur on invoices); otherwise it is the decimal
  separator ("12,50", "12.5").
- Spaces between digit groups ("1 234,56") are thousands separators.
Anything else — letters, a percent sign, more than one number — is not an amount (None).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_MARKS = re.compile(r"(?:€|\$|£|₹|¥|\b(?:EUR|USD|GBP|CHF|INR|PLN|SEK|NOK|DKK)\b|\bRs\.?)", re.I)
_NUMBER = re.compile(r"\d{1,3}(?:[ .,\u00a0\u202f]\d{3})*(?:[.,]\d+)?|\d+(?:[.,]\d+)?")


def parse_amount(text: str) -> Decimal | None:
    """The amount `text` holds, following the module's rules; None if it is not one amount."""
    cleaned = _MARKS.sub(" ", text).strip().replace("\u2212", "-")
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1].strip()
    if cleaned.startswith("-"):
        negative, cleaned = True, cleaned[1:].strip()
    if cleaned.endswith(("-", ",-", ".-")) and not cleaned.endswith((",-", ".-")):
        negative, cleaned = True, cleaned[:-1].strip()
    if cleaned.endswith((",-", ".-")):
        cleaned = cleaned[:-2] + ",00" if "," not in cleaned[:-2] else cleaned[:-2] + ".00"
    cleaned = cleaned.strip()
    if not cleaned or not _NUMBER.fullmatch(cleaned):
        return None
    digits = _normalise(cleaned.replace("\u00a0", " ").replace("\u202f", " "))
    if digits is None:
        return None
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    return -value if negative else value


def _normalise(number: str) -> str | None:
    number = number.replace(" ", "")
    dots, commas = number.count("."), number.count(",")
    if dots and commas:
        decimal = "." if number.rfind(".") > number.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        if number.count(decimal) > 1:
            return None
        return number.replace(thousands, "").replace(decimal, ".")
    separator = "." if dots else "," if commas else ""
    if not separator:
        return number
    groups = number.split(separator)
    if len(groups) > 2:
        if all(len(group) == 3 for group in groups[1:]):
            return "".join(groups)
        return None
    if len(groups[1]) == 3 and groups[0] != "0":
        return "".join(groups)
    return number.replace(separator, ".")


_OCR_QUOTES = "\"'\u201c\u201d\u201e\u2018\u2019\u201a`\u00ab\u00bb|"


def find_amounts(text: str) -> list[tuple[Decimal, int, int]]:
    """Every amount in a line of text, as (value, start, end), left to right.

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
