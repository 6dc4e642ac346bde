"""An e-invoice inside a PDF (Factur-X, ZUGFeRD, Odoo's UBL), completed from the printed page.

The embedded XML wins for every value it carries. Some values it may leave out while the page
prints them — the bank account, the KvK number, the payment reference: those are filled in from
reading the page, with the page as their source and a confidence of at most PAGE_CONFIDENCE, so
that people confirm them, and a note on the invoice names them. A page value never replaces an
XML value.
"""

from __future__ import annotations

import dataclasses
import logging

from django.utils.translation import gettext_noop

from exactbridge.helpers.messages import join, message
from exactbridge.helpers.safexml import parse_xml
from intake.einvoice import facturx, read_einvoice
from intake.extracted import ExtractedInvoice, Field
from intake.extraction import EXTRACTION_ERRORS, extract_from_pages, pdf_pages

logger = logging.getLogger(__name__)

# The fields the XML may lack and a page states reliably: who the supplier is and how to pay.
# Lines, amounts and dates stay the XML's alone.
PAGE_FIELDS = ("vat_number", "kvk_number", "iban", "payment_reference")
# Their names as the case page labels them (cases.display.HEADER_FIELDS).
PAGE_FIELD_LABELS = {
    "vat_number": gettext_noop("VAT number"),
    "kvk_number": gettext_noop("KvK number"),
    "iban": gettext_noop("IBAN"),
    "payment_reference": gettext_noop("Payment reference"),
}
# Identifiers of a party. When the XML holds the page's value somewhere else, it belongs to
# another party there: a direct debit prints (and the XML names) the buyer's account, and the
# buyer's VAT number is printed too.
PARTY_FIELDS = frozenset({"vat_number", "kvk_number", "iban"})
# Below the 0.9 under which the case page marks a value as uncertain.
PAGE_CONFIDENCE = 0.8


def read_embedded_einvoice(*, pdf_bytes: bytes) -> ExtractedInvoice | None:
    """The e-invoice embedded in a PDF, with what it lacks filled in from the page
    (`fill_from_page`); None when the PDF carries no e-invoice XML.

    Raises one of intake.einvoice.READ_ERRORS like facturx.read_facturx. A page that cannot be
    read leaves the invoice as the XML has it."""
    xml = facturx.embedded_xml(pdf_bytes=pdf_bytes)
    if xml is None:
        return None
    exact = read_einvoice(data=xml)
    if all(getattr(exact, name) is not None for name in PAGE_FIELDS):
        return exact
    try:
        pages, format_name = pdf_pages(data=pdf_bytes)
        page = extract_from_pages(pages, format_name=format_name)
    except EXTRACTION_ERRORS:
        return exact
    except Exception:
        # The page only completes what the XML left out: a fault in reading it must not cost
        # an e-invoice that read correctly from its XML.
        logger.exception("Reading the page of an e-invoice PDF failed; the XML alone is used")
        return exact
    return fill_from_page(exact, page=page, xml=xml)


def fill_from_page(
    exact: ExtractedInvoice, *, page: ExtractedInvoice, xml: bytes | None = None
) -> ExtractedInvoice:
    """`exact` with each of PAGE_FIELDS it lacks taken from `page` (pure; `exact` is not
    changed), and a note naming them. A party identifier that `xml`, the e-invoice `exact` was
    read from, holds anywhere is not taken: there it is another party's."""
    elsewhere = {_compact(text) for text in parse_xml(data=xml).itertext()} if xml else set()
    filled = {}
    for name in PAGE_FIELDS:
        found: Field | None = getattr(page, name)
        if getattr(exact, name) is not None or found is None:
            continue
        if name in PARTY_FIELDS and _compact(found.value) in elsewhere:
            continue
        filled[name] = Field(found.value, min(found.confidence, PAGE_CONFIDENCE), found.source)
    if not filled:
        return exact
    # The accountant sees the values as uncertain; the note says why they are not the XML's. It
    # asks for no review: a wrong IBAN or VAT number fails its own check.
    note = message(
        gettext_noop(
            "Not in the e-invoice, read from the page: %(fields)s. Confirm them before approving."
        ),
        fields=join([message(PAGE_FIELD_LABELS[name]) for name in filled], ", "),
    )
    return dataclasses.replace(exact, **filled, notes=[*exact.notes, note])


def _compact(text: str) -> str:
    return "".join(str(text).split()).upper()
