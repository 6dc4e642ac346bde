"""Header fields of an invoice found by their labels (Dutch, English, and German and French as
neighbours print them), with the value to the right of or below the label.

Confidence: a labelled value found after the label in the same run starts at 0.85, to its right
0.8, below it 0.7; values without a label 0.5 or less. OCR word confidence caps it. Totals that
add up (net + VAT = gross) are raised to 0.9. Nothing read from a page reaches 1.0.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from exactbridge.helpers.dates import find_dates
from exactbridge.helpers.numbers import find_amounts
from intake.extracted import Field
from intake.extraction.layout import Page
from intake.extraction.locate import Found, Hit, find_labels, values_after

_FLAGS = re.IGNORECASE
HOW_CONFIDENCE = {"same": 0.85, "right": 0.8, "below": 0.7}

INVOICE_NUMBER = re.compile(
    r"(?:factuur\s*(?:nummer|nr\.?|no\.?)|factuurnr\.?|invoice\s*(?:number|no\.?|nr\.?|#|num\.?)"
    r"|rechnungs?\s*(?:nummer|nr\.?)|facture\s*n[°o]\.?|n[°o]\s*(?:de\s*)?facture"
    r"|credit\s*note\s*(?:number|no\.?)|creditnota\s*(?:nummer|nr\.?)|creditnotanummer"
    r"|notanummer|bill\s*(?:number|no\.?))(?=\W|\d|$)",
    _FLAGS,
)
INVOICE_WORD = re.compile(r"(?:invoice|factuur|rechnung|facture|nota)\b\s*#?", _FLAGS)
# What identifies a receipt or booking confirmation that has no invoice number: a weak fallback.
DOCUMENT_REFERENCE = re.compile(
    r"(?:receipt\s*(?:number|no\.?|nr\.?|#|id)|booking\s*(?:id|number|no\.?|reference)"
    r"|reservation\s*(?:id|number|no\.?)|bonnummer|kwitantienummer|boekingsnummer"
    r"|reserveringsnummer)(?=\W|$)",
    _FLAGS,
)
INVOICE_DATE = re.compile(
    r"(?:factuur\s*datum|invoice\s*date|rechnungs\s*datum|date\s*de\s*(?:la\s*)?facture"
    r"|date\s*of\s*invoice|datum\s*factuur|factuurdatum|rechnungsdatum|billing\s*date)\b",
    _FLAGS,
)
PLAIN_DATE = re.compile(r"(?:datum|date|dated|le)\b", _FLAGS)
DUE_DATE = re.compile(
    r"(?:verval\s*datum|vervaldag|due\s*date|payment\s*due|date\s*due|uiterste\s*betaaldatum"
    r"|te\s*betalen\s*(?:voor|vóór)|betalen\s*voor|zahlungsziel|fällig\s*am"
    r"|date\s*limite\s*de\s*paiement|date\s*d'échéance|pay\s*by)\b",
    _FLAGS,
)
NET = re.compile(
    r"(?:sub\s*-?\s*tota(?:a)?l|totaal\s*excl\.?(?:usief)?\s*btw|exclusief\s*btw|excl\.?\s*btw"
    r"|total\s*(?:excl\.?|excluding|before|net|w/o|without)\s*(?:of\s*)?(?:vat|tax|btw)?"
    r"|net\s*(?:amount|total)|netto\s*(?:bedrag|betrag)?|total\s*ht|montant\s*(?:eur\s*)?ht"
    r"|grondslag|zwischensumme|nettobetrag|taxable\s*amount|belastbaar\s*bedrag)",
    _FLAGS,
)
GROSS = re.compile(
    r"(?:totaal\s*(?:incl\.?(?:usief)?\s*btw|bedrag|te\s*betalen)|totaalbedrag|te\s*betalen"
    r"|factuur\s*totaal|grand\s*total|total\s*(?:incl\.?|including)\s*(?:vat|tax|btw)"
    r"|amount\s*due|balance\s*due|total\s*due|total\s*amount|total\s*for\s*this\s*invoice"
    r"|invoice\s*total|total\s*ttc|somme\s*à\s*payer|gesamtbetrag|rechnungsbetrag|endbetrag"
    r"|montant\s*ttc|totaal|total)\b",
    _FLAGS,
)
VAT = re.compile(
    r"(?:btw\s*bedrag|btw|vat\s*amount|vat|tax(?:es)?|tva|mwst\.?|ust\.?|omzetbelasting"
    r"|sales\s*tax|gst)\b",
    _FLAGS,
)
NOT_VAT_AMOUNT = re.compile(
    r"(?:nummer|number|nr\b|no\.|id\b|identification|registration|reg\.|incl|excl|inclusief"
    r"|exclusief|verlegd|reverse|invoice\b|statement|ohne|zonder|without|hors)",
    _FLAGS,
)
PO_NUMBER = re.compile(
    r"(?:uw\s*(?:referentie|ref\.?|kenmerk|ordernummer|bestelnummer|order)|your\s*(?:reference|ref\.?|order)"
    r"|p\.?\s*o\.?\s*(?:number|no\.?|nr\.?|#)?|purchase\s*order(?:\s*(?:number|no\.?))?"
    r"|order\s*(?:number|no\.?|nr\.?|id)|ordernummer|ordernr\.?|bestelnummer|inkoopordernummer"
    r"|reference|referentie|bestellnummer|ihre\s*bestellung|votre\s*référence)(?=\s|[:#.]|$)",
    _FLAGS,
)
PAYMENT_REFERENCE = re.compile(
    r"(?:betalingskenmerk|betalingsreferentie|betaalkenmerk|payment\s*reference"
    r"|communication\s*for\s*your\s*payment|mededeling|structured\s*communication"
    r"|verwendungszweck|o\.\s*v\.\s*v\.?|onder\s*vermelding\s*van)(?=\W|$)",
    _FLAGS,
)
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_/.\-]*[A-Za-z0-9]|\d")


def labelled(
    pages: list[Page],
    pattern: re.Pattern,
    parse: Callable[[Found], Any],
    *,
    at_start: bool = True,
    numeric: bool = False,
    skip: Callable[[Hit], bool] | None = None,
    weight: float = 1.0,
) -> list[Field]:
    """Every value a label points at that `parse` accepts, best first."""
    results = []
    for hit in find_labels(pages, pattern, at_start=at_start):
        if skip is not None and skip(hit):
            continue
        for spot in values_after(hit, numeric=numeric):
            value = parse(spot)
            if value is None:
                continue
            confidence = min(HOW_CONFIDENCE[spot.how] * weight, spot.confidence)
            results.append(Field(value, round(confidence, 2), spot.source()))
            break
    return sorted(results, key=lambda found: -found.confidence)


def first(fields: list[Field]) -> Field | None:
    return fields[0] if fields else None


def parse_identifier(spot: Found) -> str | None:
    """The first token that looks like a document number (has a digit; not a date or amount)."""
    for token in spot.text.split()[:3]:
        token = token.strip(":#;,()[]")
        if not token or token.lower() in {"no", "nr", "nr.", "no.", "n°", "number"}:
            continue
        match = _IDENTIFIER.fullmatch(token.rstrip("."))
        if match and any(c.isdigit() for c in token) and len(token) >= 2:
            dates = find_dates(token)
            if dates and dates[0][1] == 0 and dates[0][2] == len(token):
                return None
            return token.rstrip(".")
        return None
    return None


def parse_reference(spot: Found) -> str | None:
    token = parse_identifier(spot)
    if token is not None:
        return token
    words = spot.text.split()
    if len(words) == 1 and len(words[0]) >= 3 and re.fullmatch(r"[A-Za-z0-9_/\-]+", words[0]):
        return words[0]
    return None


def parse_date_spot(spot: Found) -> datetime.date | None:
    found = find_dates(spot.text)
    # The date must open the value ("19 april 2014"), not hide in a sentence.
    if found and found[0][1] <= 3:
        return found[0][0]
    return None


def amount_in(spot: Found) -> Decimal | None:
    """The right-most amount of the value (a totals row's last column is the total)."""
    return last_amount(spot.text)


def last_amount(text: str) -> Decimal | None:
    """The right-most amount in `text`, dates and percentages left out."""
    for _date, start, end in reversed(find_dates(text)):
        text = text[:start] + " " * (end - start) + text[end:]
    text = re.sub(r"\d+(?:[.,]\d+)?\s*%", " ", text)
    found = find_amounts(text)
    return found[-1][0] if found else None


def read_dates(pages: list[Page]) -> tuple[Field | None, Field | None]:
    """The invoice date and the due date."""
    due = first(labelled(pages, DUE_DATE, parse_date_spot, at_start=False))
    invoice = first(labelled(pages, INVOICE_DATE, parse_date_spot, at_start=False))
    if invoice is None:
        invoice = first(labelled(pages, PLAIN_DATE, parse_date_spot, weight=0.9))
    if invoice is None:
        invoice = _first_unlabelled_date(pages, due)
    return invoice, due


def _first_unlabelled_date(pages: list[Page], due: Field | None) -> Field | None:
    """The top-most date on the first page that is no due date or period: a weak guess."""
    for line in pages[0].lines if pages else []:
        if re.search(
            r"(?:order|bestel|lever|deliver|period|periode|du\s+\d+.*au|-)", line.text, _FLAGS
        ):
            continue
        for found_date, _start, _end in find_dates(line.text):
            if due is not None and due.value == found_date:
                continue
            source = Found(line.text, pages[0].number, line.x0, line.y0, line.x1, line.y1,
                           pages[0].unit, line.confidence, "pattern")  # fmt: skip
            return Field(found_date, round(min(0.4, line.confidence), 2), source.source())
    return None


def read_invoice_number(pages: list[Page]) -> Field | None:
    """By an invoice-number label; else after the word "invoice"; else, on a receipt or a
    booking confirmation without one, its receipt or booking number (confidence at most 0.6)."""
    found = first(labelled(pages, INVOICE_NUMBER, parse_identifier, at_start=False))
    if found is None:
        found = first(labelled(pages, INVOICE_WORD, parse_identifier, weight=0.8))
    if found is None:
        found = first(labelled(pages, DOCUMENT_REFERENCE, parse_identifier, weight=0.7))
    return found


def read_references(pages: list[Page]) -> tuple[Field | None, Field | None]:
    """The buyer's order reference (PO) and the payment reference."""
    po = first(labelled(pages, PO_NUMBER, parse_reference))
    payment = first(labelled(pages, PAYMENT_REFERENCE, parse_identifier, at_start=False))
    return po, payment
