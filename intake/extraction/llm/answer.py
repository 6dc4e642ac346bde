"""Taking the model's answer: each value through the rule reader's normalisers, and what the
model says it copied checked against the text it was sent.

Grounding, per field:
- identifiers (invoice, order and payment references, IBAN, VAT and KvK numbers) must be one
  or more whole words in a row of a line of the text, compared without spaces and punctuation,
  and have at least three letters or digits: "1" or "0" occurs on every page;
- amounts must be printed somewhere in the text, equal to the cent;
- the supplier's name must be in the text, bar punctuation and case, or nearly so (OCR).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.utils.translation import gettext_noop
from rapidfuzz import fuzz
from stdnum import iban as stdnum_iban
from stdnum.eu import vat as stdnum_vat
from stdnum.exceptions import ValidationError

from exactbridge.helpers.dates import parse_date
from exactbridge.helpers.numbers import AMOUNT_LIMIT, CENT, find_amounts, parse_amount
from intake.extracted import ExtractedInvoice, Field

# Below every value the rules read (their weakest guesses start at 0.4): a suggestion to confirm.
MODEL_CONFIDENCE = 0.3
SOURCE = "language model"

MIN_IDENTIFIER = 3  # letters and digits
# A name this long or longer may differ from the page by an OCR slip or two.
MIN_FUZZY_NAME = 8
NAME_SIMILARITY = 90


def suggested_by_model(found: Field | None) -> bool:
    """Whether `found` is the model's suggestion rather than a value read from the document."""
    return found is not None and found.source.startswith(SOURCE)


# --- The text that was sent, prepared for the grounding checks ---------------------------------


def _compact(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", text.upper())


# Words end at spaces and at punctuation that does not join the parts of a code ("-", "/",
# ".", "_" do: "2024-0815" is one word, and "0815" is not on the page as a word).
_WORD_BREAK = re.compile(r"[^\w./-]+")


class SentText:
    """The text the model was sent, prepared once for every field of its answer."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    @cached_property
    def words(self) -> list[list[str]]:
        """Per line, its words compacted (upper case, letters and digits only)."""
        return [
            [word for part in _WORD_BREAK.split(line) if (word := _compact(part))]
            for line in self.lines
        ]

    @cached_property
    def amounts(self) -> set[Decimal]:
        found = set()
        for line in self.lines:
            found.update(value.quantize(CENT) for value, _start, _end in find_amounts(line))
            # find_amounts takes a space for a column gap; "1 234,56" is one amount too.
            for grouped in _SPACE_GROUPED.finditer(line):
                value = parse_amount(grouped.group())
                if value is not None:
                    found.add(value.quantize(CENT))
        return found

    @cached_property
    def name_text(self) -> str:
        return f" {_name_words(' '.join(self.lines))} "

    def has_words(self, compact: str) -> bool:
        """Whether `compact` is one or more whole words in a row on one line."""
        for words in self.words:
            for start in range(len(words)):
                joined = ""
                for word in words[start:]:
                    joined += word
                    if not compact.startswith(joined):
                        break
                    if joined == compact:
                        return True
        return False


_SPACE_GROUPED = re.compile(
    r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?(?![\d.,])"
)


def _name_words(text: str) -> str:
    # "B.V." and "BV" are one word; other punctuation separates words.
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold().replace(".", "")).split())


def _identifier_on_page(value: str, sent: SentText) -> bool:
    compact = _compact(value)
    return len(compact) >= MIN_IDENTIFIER and sent.has_words(compact)


def _vat_number_on_page(value: str, sent: SentText) -> bool:
    # Pages often print the number without its country prefix.
    return _identifier_on_page(value, sent) or _identifier_on_page(
        re.sub(r"^[A-Z]+", "", _compact(value)), sent
    )


def _amount_on_page(value: Decimal, sent: SentText) -> bool:
    return value.quantize(CENT) in sent.amounts


def _name_on_page(value: str, sent: SentText) -> bool:
    name = _name_words(value)
    if not name:
        return False
    if f" {name} " in sent.name_text:
        return True
    return (
        len(name) >= MIN_FUZZY_NAME
        and fuzz.partial_ratio(name, sent.name_text, score_cutoff=NAME_SIMILARITY) > 0
    )


# --- Normalising: the rule reader's parsers, and the shapes it accepts --------------------------


def _text(raw: Any) -> str | None:
    if not isinstance(raw, str):
        return None
    text = " ".join(raw.split())
    return text if 2 <= len(text) <= 200 and re.search(r"[^\W\d_]", text) else None


def _identifier(raw: Any) -> str | None:
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        return None
    text = " ".join(raw.split()).strip(" :#")
    return text if 0 < len(text) <= 60 and re.search(r"[A-Za-z0-9]", text) else None


def _iban(raw: Any) -> str | None:
    # Kept when it has an IBAN's shape; its check digits are the IBAN check's to judge.
    if not isinstance(raw, str):
        return None
    number = stdnum_iban.compact(raw)
    return number if re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", number) else None


def _vat_number(raw: Any) -> str | None:
    if not isinstance(raw, str):
        return None
    try:
        number = stdnum_vat.compact(raw)
    except ValidationError:  # a country prefix stdnum does not know, such as CHE
        number = re.sub(r"[^0-9A-Z]", "", raw.upper())
    return number if re.fullmatch(r"[A-Z]{2,3}[0-9A-Z]{8,14}", number) else None


def _kvk_number(raw: Any) -> str | None:
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = f"{raw:08d}"
    if not isinstance(raw, str):
        return None
    digits = re.sub(r"[\s.]", "", raw)
    return digits if re.fullmatch(r"\d{8}", digits) else None


def _date(raw: Any):
    return parse_date(raw) if isinstance(raw, str) else None


_CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "₹": "INR"}


def _currency(raw: Any) -> str | None:
    if not isinstance(raw, str):
        return None
    code = _CURRENCY_SIGNS.get(raw.strip(), raw.strip().upper())
    return code if re.fullmatch(r"[A-Z]{3}", code) else None


def _amount(raw: Any) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | Decimal):
        # A JSON number has one reading ("1.234" is not a thousand) and is kept as given; one
        # no invoice holds (1e30) is no amount, as it is not in print (parse_amount).
        value = Decimal(raw)
        return value if value.is_finite() and abs(value) < AMOUNT_LIMIT else None
    return parse_amount(raw) if isinstance(raw, str) else None


@dataclass(frozen=True)
class Wanted:
    normalise: Callable[[Any], Any]
    meaning: str  # what the model is told the field is
    label: str  # the msgid of its name, for the notes on the case
    # Whether the value is in the text that was sent; None for values the model may rewrite
    # (a date in another format, a currency sign as its code).
    on_page: Callable[[Any, SentText], bool] | None = None


WANTED = {
    "supplier_name": Wanted(
        _text,
        "name of the company that sent the invoice (the seller, not the buyer)",
        gettext_noop("Supplier"),
        _name_on_page,
    ),
    "vat_number": Wanted(
        _vat_number,
        "the seller's VAT identification number",
        gettext_noop("VAT number"),
        _vat_number_on_page,
    ),
    "kvk_number": Wanted(
        _kvk_number,
        "the seller's Dutch Chamber of Commerce (KvK) number, 8 digits",
        gettext_noop("KvK number"),
        _identifier_on_page,
    ),
    "iban": Wanted(
        _iban, "the IBAN the invoice asks to be paid to", gettext_noop("IBAN"), _identifier_on_page
    ),
    "invoice_number": Wanted(
        _identifier,
        "the invoice or credit note number",
        gettext_noop("Invoice number"),
        _identifier_on_page,
    ),
    "invoice_date": Wanted(_date, "the invoice date, YYYY-MM-DD", gettext_noop("Invoice date")),
    "due_date": Wanted(_date, "the date to pay by, YYYY-MM-DD", gettext_noop("Due date")),
    "currency": Wanted(
        _currency, "ISO 4217 code of the amounts' currency", gettext_noop("Currency")
    ),
    "net_total": Wanted(
        _amount, "total before VAT, as printed", gettext_noop("Net total"), _amount_on_page
    ),
    "vat_total": Wanted(_amount, "total VAT, as printed", gettext_noop("VAT"), _amount_on_page),
    "gross_total": Wanted(
        _amount, "total including VAT, as printed", gettext_noop("Total"), _amount_on_page
    ),
    "po_number": Wanted(
        _identifier,
        "the buyer's purchase order number or order reference",
        gettext_noop("Purchase order"),
        _identifier_on_page,
    ),
    "payment_reference": Wanted(
        _identifier,
        "the payment reference to quote when paying",
        gettext_noop("Payment reference"),
        _identifier_on_page,
    ),
}


def missing_fields(invoice: ExtractedInvoice) -> list[str]:
    """The fields the model may be asked for: those nothing has read yet."""
    return [name for name in WANTED if getattr(invoice, name) is None]


# What models write instead of null; "N/A" would otherwise pass as found in almost any text.
_NOT_STATED = {"", "-", "n/a", "na", "none", "null", "unknown", "not found", "not stated"}


def take_answer(
    answer: dict[str, Any], *, wanted: list[str], text: str, source: str
) -> tuple[dict[str, Field], list[str]]:
    """The fields to fill from `answer` (keys not wanted are ignored, null means not found),
    and the names of those whose value was unusable or not found in `text`."""
    sent = SentText(text)
    filled: dict[str, Field] = {}
    left_out: list[str] = []
    for name in wanted:
        raw = answer.get(name)
        if raw is None or (isinstance(raw, str) and raw.strip().casefold() in _NOT_STATED):
            continue
        spec = WANTED[name]
        value = spec.normalise(raw)
        if value is not None and spec.on_page is not None and not spec.on_page(value, sent):
            value = None
        if value is None:
            left_out.append(name)
        else:
            filled[name] = Field(value, MODEL_CONFIDENCE, source)
    return filled, left_out
