"""Invoices read from PDFs and images: the text layer with its layout, or OCR when there is none.

    extract_from_pdf(data=pdf_bytes)     -> ExtractedInvoice   (format_name "pdf-text" or "pdf-ocr")
    extract_from_image(data=image_bytes) -> ExtractedInvoice   (format_name "image-ocr")
    pdf_pages / image_pages + extract_from_pages: the same in two steps, keeping the pages
    embedded.read_embedded_einvoice(pdf_bytes=...) -> a PDF's e-invoice XML, completed from the page

Both raise one of EXTRACTION_ERRORS (an ExtractionError) with a plain-language ``message`` when
the document cannot be read at all; a document that reads but yields few fields is no error — its
fields are None. Every Field has confidence below 1.0 and a source "page N, box x0,y0,x1,y1"
in PDF points (text layer) or pixels (OCR), origin top left.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_noop
from stdnum import iban as stdnum_iban

from exactbridge.helpers.messages import Message, message
from intake.extracted import ExtractedInvoice
from intake.extraction.errors import (
    EXTRACTION_ERRORS,
    ExtractionError,
    ImageTooLarge,
    UnreadableDocument,
)
from intake.extraction.fields import read_dates, read_invoice_number, read_references
from intake.extraction.layout import (
    Page,
    ocr_image,
    ocr_pdf_images,
    ocr_pdf_pages,
    open_image,
    pdf_text_pages,
)
from intake.extraction.lines import read_lines
from intake.extraction.parties import (
    read_currency,
    read_iban,
    read_kvk,
    read_supplier_name,
    read_vat_numbers,
)
from intake.extraction.totals import read_totals, read_vat_breakdown, without_vat

__all__ = [
    "EXTRACTION_ERRORS",
    "ExtractionError",
    "ImageTooLarge",
    "UnreadableDocument",
    "extract_from_image",
    "extract_from_pages",
    "extract_from_pdf",
    "image_pages",
    "pdf_pages",
]

# Fewer readable characters than this on all pages together: treat the PDF as a scan.
MIN_TEXT_CHARS = 40


def extract_from_pdf(*, data: bytes) -> ExtractedInvoice:
    """Read an invoice PDF from `pdf_pages`. Raises an ExtractionError when the PDF cannot be
    opened."""
    pages, format_name = pdf_pages(data=data)
    invoice = extract_from_pages(pages, format_name=format_name)
    if format_name == "pdf-ocr":
        invoice.warnings.append(
            message(gettext_noop("The PDF has no usable text layer; its pages were read by OCR."))
        )
    return invoice


def extract_from_image(*, data: bytes) -> ExtractedInvoice:
    """Read an invoice image (PNG, JPEG, TIFF...) by OCR. Raises ImageTooLarge for images over
    layout.MAX_IMAGE_PIXELS and UnreadableDocument for damaged ones."""
    return extract_from_pages(image_pages(data=data), format_name="image-ocr")


def pdf_pages(*, data: bytes) -> tuple[list[Page], str]:
    """The laid-out pages of a PDF and how they were read: its text layer ("pdf-text"), or OCR
    of the rendered pages when that is empty or garbage ("pdf-ocr"). When the text layer names
    no IBAN, VAT or KvK number, the larger pictures on its pages are read by OCR as well (a
    letterhead printed as an image). For callers that need the words as well as the fields
    (intake.learning); raises an ExtractionError like `extract_from_pdf`."""
    pages = pdf_text_pages(data=data)
    if not _usable(pages):
        return ocr_pdf_pages(data=data), "pdf-ocr"
    if read_iban(pages) or read_vat_numbers(pages)[0] or read_kvk(pages):
        return pages, "pdf-text"
    return ocr_pdf_images(data=data, pages=pages), "pdf-text"


def image_pages(*, data: bytes) -> list[Page]:
    """The laid-out pages of an image file, read by OCR."""
    frames = open_image(data=data)
    return [ocr_image(frame, page=number) for number, frame in enumerate(frames, start=1)]


def extract_from_pages(pages: list[Page], *, format_name: str) -> ExtractedInvoice:
    """All fields from pages already laid out (pure; no file access)."""
    lines, header_rows = read_lines(pages)
    totals = without_vat(read_totals(pages, skip_lines=header_rows), lines)
    invoice_date, due_date = read_dates(pages)
    po_number, payment_reference = read_references(pages)
    vat_number, buyer_vat_number = read_vat_numbers(pages)
    iban, kvk = read_iban(pages), read_kvk(pages)
    identifier_lines = {
        id(line)
        for page in pages
        for line in page.lines
        if re.search(r"\b(?:iban|btw|vat|kvk|ust-?id|ustid|tva|coc)\b", line.text, re.I)
    }
    return ExtractedInvoice(
        format_name=format_name,
        supplier_name=read_supplier_name(pages, identifier_lines=identifier_lines),
        vat_number=vat_number,
        kvk_number=kvk,
        iban=iban,
        invoice_number=read_invoice_number(pages),
        invoice_date=invoice_date,
        due_date=due_date,
        currency=read_currency(pages),
        net_total=totals.net,
        vat_total=totals.vat,
        gross_total=totals.gross,
        vat_breakdown=read_vat_breakdown(pages),
        po_number=po_number,
        payment_reference=payment_reference,
        buyer_vat_number=buyer_vat_number,
        lines=lines,
        warnings=list(totals.warnings) + _identifier_warnings(iban),
    )


def _identifier_warnings(iban) -> list[Message]:
    if iban is not None and not stdnum_iban.is_valid(iban.value):
        return [
            message(
                gettext_noop(
                    "The bank account %(iban)s is no valid IBAN (its check digits are wrong)."
                ),
                iban=iban.value,
            )
        ]
    return []


def _usable(pages: list[Page]) -> bool:
    """A text layer worth reading: enough characters, mostly letters and digits (a broken
    font encoding yields symbol soup)."""
    text = "".join(line.text for page in pages for line in page.lines)
    if len(text.strip()) < MIN_TEXT_CHARS:
        return False
    readable = sum(1 for char in text if char.isalnum() or char in " .,:-/€$%()")
    return readable / len(text) > 0.7
