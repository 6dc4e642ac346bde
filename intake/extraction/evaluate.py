"""Field-level comparison of what was read against an expected-results JSON.

The rules are those of ../shared/corpora/README.md:
- `issuer`: case-insensitive, punctuation and legal forms ignored; right if one contains the
  other (as whole words).
- `vat_number`, `kvk_number`, `iban`: without spaces, upper case.
- `invoice_number`, `po_number`: without surrounding spaces, case-insensitive.
- `date`, `due_date`: ISO YYYY-MM-DD.   `currency`: exact.
- `amount`, `amount_untaxed`, `amount_tax`: numbers equal to the cent.
- `lines`: per line in order (expected line i against read line i); in each line the keys
  `description` (or `name`), `quantity`, `unit_price` (or `price_unit`), `amount`, `vat_rate`,
  compared as text (whitespace collapsed, case-insensitive) or as numbers to the cent.
  Expected entries without any of those keys (section titles, notes) are no lines and are left
  out before lining up.
A JSON that is a list holding one object is that object. Other keys are not counted.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

HEADER_KEYS = (
    "issuer",
    "vat_number",
    "kvk_number",
    "iban",
    "invoice_number",
    "po_number",
    "date",
    "due_date",
    "currency",
    "amount",
    "amount_untaxed",
    "amount_tax",
)
LINE_KEYS = {
    "description": ("description", "name"),
    "quantity": ("quantity",),
    "unit_price": ("unit_price", "price_unit"),
    "amount": ("amount",),
    "vat_rate": ("vat_rate",),
}
_LEGAL_FORMS = re.compile(
    r"\b(?:b\s?v|n\s?v|gmbh|inc|ltd|llc|limited|ag|sa|sas|sarl|plc|bvba|vof|pvt|corp|co)\b"
)


def expected_object(data: Any) -> dict[str, Any]:
    """The expected-results object: the JSON itself, or the one object in a list."""
    if isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict):
        return data[0]
    if isinstance(data, dict):
        return data
    raise ValueError("The expected results are neither an object nor a list holding one object.")


def compare(*, read: dict[str, Any], expected: Any) -> dict[str, tuple[int, int]]:
    """Per field: (correct, total) over the keys the expected results carry.

    `read` is ExtractedInvoice.to_expected_dict() or a dict in the same keys. Line fields are
    counted as "lines.description", "lines.unit_price" and so on."""
    expected = expected_object(expected)
    scores: dict[str, tuple[int, int]] = {}

    def count(field: str, right: bool) -> None:
        correct, total = scores.get(field, (0, 0))
        scores[field] = (correct + int(right), total + 1)

    for key in HEADER_KEYS:
        if key in expected and expected[key] not in (None, ""):
            count(key, same_value(key, read.get(key), expected[key]))
    if isinstance(expected.get("lines"), list):
        wanted = [line for line in expected["lines"] if isinstance(line, dict) and _line_keys(line)]
        got = read.get("lines") or []
        for index, line in enumerate(wanted):
            found = got[index] if index < len(got) else {}
            for key, value in _line_keys(line).items():
                count(f"lines.{key}", same_value(key, _line_value(found, key), value, line=True))
    return scores


def same_value(key: str, read: Any, expected: Any, *, line: bool = False) -> bool:
    """Whether one read value counts as right, by the rules of the module docstring."""
    if read is None or read == "":
        return False
    if line and key == "description":
        return _collapse(read) == _collapse(expected)
    if key in {"amount", "amount_untaxed", "amount_tax", "quantity", "unit_price", "vat_rate"}:
        return _cents(read) is not None and _cents(read) == _cents(expected)
    if key == "issuer":
        a, b = _name(read), _name(expected)
        # Whole words: "Free" is in "Free Mobile", not in "Freedom".
        return bool(a and b) and (f" {a} " in f" {b} " or f" {b} " in f" {a} ")
    if key in {"vat_number", "kvk_number", "iban"}:
        return _compact(read) == _compact(expected)
    if key in {"invoice_number", "po_number"}:
        return str(read).strip().casefold() == str(expected).strip().casefold()
    if key in {"date", "due_date"}:
        return _iso(read) == _iso(expected)
    return str(read) == str(expected)


def _line_keys(line: dict[str, Any]) -> dict[str, Any]:
    present = {}
    for key, names in LINE_KEYS.items():
        for name in names:
            if name in line and line[name] not in (None, ""):
                present[key] = line[name]
                break
    return present


def _line_value(line: dict[str, Any], key: str) -> Any:
    for name in LINE_KEYS[key]:
        if name in line:
            return line[name]
    return None


def _cents(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None


def _name(value: Any) -> str:
    text = re.sub(r"[^\w\s]", " ", str(value).casefold())
    text = _LEGAL_FORMS.sub(" ", re.sub(r"\b(\w)\s(?=\w\b)", r"\1", text))
    return " ".join(text.split())


def _compact(value: Any) -> str:
    return re.sub(r"\s", "", str(value)).upper()


def _collapse(value: Any) -> str:
    return " ".join(str(value).split()).casefold()


def _iso(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()[:10]
