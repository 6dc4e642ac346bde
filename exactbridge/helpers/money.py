"""Amounts as Decimal, never float."""

import re
from decimal import Decimal

# The xs:decimal lexical form: no exponent, no thousands separator, no comma, no NaN.
_XML_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def parse_xml_decimal(*, text: str) -> Decimal:
    """Return `text` (an xs:decimal such as "-1234.50") as a Decimal; ValueError otherwise."""
    cleaned = text.strip()
    if not _XML_DECIMAL.fullmatch(cleaned):
        raise ValueError(f"not a decimal number: {text!r}")
    return Decimal(cleaned)
