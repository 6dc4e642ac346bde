"""Reading a document: an ordered list of small steps over one ``Reading``.

Each step looks at what the steps before it found and adds to it; a step that finds the
document cannot be read raises ``StopReading`` with a reason for the case. Whatever happens,
the case ends in a status with its reason and the original stays stored.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PyPdfError

from cases.models import Case
from cases.proposals import Prepared, save_proposal
from cases.services import CheckResult, record_checks
from cases.transitions import (
    TransitionNotAllowed,
    finish_reading,
    mark_duplicate,
    mark_unreadable,
    start_reading,
)
from exactbridge.administrations.services import get_coworker
from exactbridge.helpers.messages import Message, join, message
from exactbridge.helpers.numbers import AMOUNT_LIMIT, CENT
from intake import sniff, splitting
from intake.classify import classify_text
from intake.einvoice import READ_ERRORS, read_einvoice
from intake.extracted import DocumentType, ExtractedInvoice
from intake.extraction import EXTRACTION_ERRORS, extract_from_pages, image_pages, pdf_pages
from intake.extraction.embedded import read_embedded_einvoice
from intake.extraction.layout import MAX_PAGES, Page
from intake.extraction.llm import ask_model_for_missing_fields, suggested_by_model
from intake.kind_learning import learned_kind, sender_keys
from intake.learning import apply_hints, supplier_keys
from intake.models import Document
from intake.serialize import invoice_to_json
from intake.storage import read_original, store_original

logger = logging.getLogger(__name__)

# ExtractedInvoice.format_name of invoices read from a page rather than from structured data.
PAGE_FORMATS = frozenset({"pdf-text", "pdf-ocr", "image-ocr"})


class StopReading(Exception):
    """The document cannot be read; ``reason`` says why, in words for the case."""

    def __init__(self, reason: Message | str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Reading:
    case: Case
    document: Document
    data: bytes
    invoice: ExtractedInvoice | None = None
    text: str = ""
    pages: list = field(default_factory=list)  # laid-out pages, when read from a page
    kind: str = Case.Kind.UNKNOWN
    review_notes: list[Message | str] = field(default_factory=list)
    # Shown with the status like review notes, but no reason for a review on their own.
    notes: list[Message] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)
    duplicate_of: Case | None = None
    duplicate_reason: Message | str = ""
    proposal: Prepared | None = None  # kept with the case by _finish
    # The PDF's pages as split_batch read them, and how (pdf_pages): read_pdf_page reads the
    # invoice from them rather than reading (for a scan: OCR'ing) every page again.
    split_pages: tuple[list[Page], str] | None = None


class ReadingFinished(Exception):
    """A step has put the case in its final state itself; the steps after it do not run."""

    def __init__(self, case: Case):
        super().__init__(case.status)
        self.case = case


def refuse_empty(reading: Reading) -> None:
    if reading.document.media_type == sniff.EMPTY:
        raise StopReading(message(gettext_noop("The file is empty.")))


def read_einvoice_xml(reading: Reading) -> None:
    media_type = reading.document.media_type
    try:
        if media_type == sniff.XML:
            reading.invoice = read_einvoice(data=reading.data)
        elif media_type == sniff.PDF:
            # A Factur-X / ZUGFeRD PDF carries the exact data as XML: that wins over the page,
            # which only fills in what the XML lacks (the bank account, say).
            reading.invoice = read_embedded_einvoice(pdf_bytes=reading.data)
    except READ_ERRORS as exc:
        raise StopReading(exc.message) from exc
    if reading.invoice is not None:
        # A value the XML holds but the reader could not take (an amount "1,00") is a field
        # missing from the case: a person looks before it is approved.
        reading.review_notes.extend(reading.invoice.warnings)
        reading.notes.extend(reading.invoice.notes)


def split_batch(reading: Reading) -> None:
    """A PDF holding several invoices (a batch scan) becomes one document and case per
    invoice (intake.splitting); the batch's case names them and is not read as an invoice.
    A PDF that cannot be opened is left to ``read_pdf_page`` to explain."""
    document = reading.document
    if (
        reading.invoice is not None
        or document.media_type != sniff.PDF
        or document.channel == Document.Channel.SPLIT
    ):
        return
    try:
        if splitting.page_count(reading.data) < 2:
            return
        pages, format_name = splitting.read_batch(reading.data)
        reading.split_pages = pages[:MAX_PAGES], format_name
        groups = splitting.propose_split(pages)
    except (*EXTRACTION_ERRORS, PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        return
    except Exception:
        # Splitting is a help, not a condition: the PDF is still read, as one document.
        logger.exception("Proposing a split of case %s failed", reading.case.pk)
        return
    if len(groups) > 1:
        raise ReadingFinished(
            splitting.split_batch_case(
                case=reading.case, data=reading.data, groups=groups, actor=get_coworker()
            )
        )


def read_pdf_page(reading: Reading) -> None:
    """A PDF without e-invoice XML: its text layer read with its layout, or OCR for a scan."""
    if reading.invoice is not None or reading.document.media_type != sniff.PDF:
        return
    try:
        pdf = PdfReader(io.BytesIO(reading.data))
        if pdf.is_encrypted and not pdf.decrypt(""):
            raise StopReading(message(gettext_noop("The PDF is protected with a password.")))
        reading.text = "\n".join((page.extract_text() or "") for page in pdf.pages)
    except FileNotDecryptedError as exc:
        raise StopReading(message(gettext_noop("The PDF is protected with a password."))) from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StopReading(
            message(
                gettext_noop("The PDF is damaged and cannot be opened (%(error)s)."),
                error=str(exc),
            )
        ) from exc
    try:
        pages, format_name = reading.split_pages or pdf_pages(data=reading.data)
    except EXTRACTION_ERRORS as exc:
        raise StopReading(exc.message) from exc
    _read_pages(reading, pages, format_name)
    if format_name == "pdf-ocr":
        reading.review_notes.append(
            message(gettext_noop("The PDF has no usable text layer; its pages were read by OCR."))
        )


def read_image(reading: Reading) -> None:
    if reading.document.media_type not in sniff.IMAGES:
        return
    try:
        pages = image_pages(data=reading.data)
    except EXTRACTION_ERRORS as exc:
        raise StopReading(exc.message) from exc
    _read_pages(reading, pages, "image-ocr")


def _read_pages(reading: Reading, pages, format_name: str) -> None:
    """Fields by the rules, then what people taught for this supplier's layout on top."""
    reading.pages = pages
    invoice = extract_from_pages(pages, format_name=format_name)
    reading.invoice = apply_hints(
        administration=reading.case.administration,
        supplier_key=supplier_keys(
            vat_number=_value(invoice.vat_number),
            iban=_value(invoice.iban),
            name=_value(invoice.supplier_name),
        ),
        pages=pages,
        invoice=invoice,
    )
    _note_read_from_the_page(reading)


def _value(field):
    return field.value if field is not None else None


def read_email_text(reading: Reading) -> None:
    """An e-mail that is the case itself (no attachments): an order or a change by e-mail."""
    if reading.document.media_type != sniff.EMAIL:
        return
    from intake.channels.mime import message_text

    reading.text = message_text(reading.data)
    reading.review_notes.append(
        message(
            gettext_noop("An e-mail without attachments: read its text and enter what it asks for.")
        )
    )


def _note_read_from_the_page(reading: Reading) -> None:
    # Values read from a page are guesses with a confidence, never the truth an e-invoice is.
    reading.review_notes.append(
        message(
            gettext_noop("Read from the page (%(how)s): confirm the fields before approving."),
            how=reading.invoice.format_name,
        )
    )
    reading.review_notes.extend(reading.invoice.warnings)
    reading.notes.extend(reading.invoice.notes)


def refuse_other_media(reading: Reading) -> None:
    media_type = reading.document.media_type
    if media_type not in {sniff.XML, sniff.PDF, sniff.EMAIL} | sniff.IMAGES:
        raise StopReading(
            message(
                gettext_noop("ExactBridge cannot read files of this type (%(type)s)."),
                type=reading.document.media_type,
            )
        )


def classify(reading: Reading) -> None:
    invoice = reading.invoice
    if invoice is not None and invoice.format_name not in PAGE_FORMATS:
        reading.kind = (
            Case.Kind.PURCHASE_CREDIT_NOTE
            if invoice.document_type == DocumentType.CREDIT_NOTE
            else Case.Kind.PURCHASE_INVOICE
        )
    elif reading.text.strip():
        reading.kind = classify_text(reading.text)
    elif invoice is not None and (invoice.invoice_number or invoice.gross_total):
        reading.kind = Case.Kind.PURCHASE_INVOICE  # a scan: numbers and a total say invoice
    else:
        reading.kind = Case.Kind.UNKNOWN


def apply_learned_kind(reading: Reading) -> None:
    """What people taught for this sender wins over the keyword rules, with the reason; an
    e-invoice's own document type is never overruled."""
    invoice = reading.invoice
    if invoice is not None and invoice.format_name not in PAGE_FORMATS:
        return
    learned = learned_kind(
        administration=reading.case.administration,
        keys=sender_keys(
            document=reading.document,
            vat_number=_value(invoice.vat_number) if invoice else None,
            iban=_value(invoice.iban) if invoice else None,
            name=_value(invoice.supplier_name) if invoice else None,
        ),
        text=reading.text,
    )
    if learned is None or learned.kind == reading.kind:
        return
    reading.review_notes.append(
        learned.reason(
            kind_label=Case.Kind(learned.kind).label, rules_label=Case.Kind(reading.kind).label
        )
    )
    reading.kind = learned.kind


def keep_embedded_files(reading: Reading) -> None:
    """Files inside an e-invoice (its PDF rendition) become documents of their own."""
    if reading.invoice is None:
        return
    for attachment in reading.invoice.attachments:
        sha256 = store_original(attachment.content)
        Document.objects.get_or_create(
            administration=reading.document.administration,
            parent=reading.document,
            sha256=sha256,
            defaults={
                "size": len(attachment.content),
                "media_type": sniff.sniff(attachment.content),
                "filename": attachment.filename[:255],
                "channel": Document.Channel.EMBEDDED,
                "origin": {"source": attachment.source},
            },
        )


def run_checks(reading: Reading) -> None:
    from intake.checks import run_invoice_checks
    from intake.exact_checks import check_against_exact

    if reading.invoice is None:
        return
    reading.checks = run_invoice_checks(
        reading.invoice,
        home_currency=reading.case.administration.currency,
        today=timezone.localdate(),
    )
    # Who the supplier is in Exact, what Exact's data says of the invoice, and the match and
    # proposal: rows beside the others, so that a re-check after an edit judges them too.
    findings = check_against_exact(
        case=reading.case,
        invoice=reading.invoice,
        kind=reading.kind if reading.kind != Case.Kind.UNKNOWN else reading.case.kind,
    )
    reading.checks += findings.checks
    reading.proposal = findings.proposal


def find_content_duplicate(reading: Reading) -> None:
    """The same invoice sent again in other bytes: same kind, supplier and invoice number.

    (A credit note may carry the number of the invoice it corrects; it is no duplicate.)
    Only values read from the document make a case a duplicate: when the language model
    suggested the number or the supplier that matched, a note names the earlier case and a
    person decides (a guess must not take a new invoice out of the review queue)."""
    invoice = reading.invoice
    if invoice is None or invoice.invoice_number is None:
        return
    number, vat, name = invoice.invoice_number, invoice.vat_number, invoice.supplier_name
    if not suggested_by_model(number):
        earlier = _earlier_case(
            reading,
            number=number.value,
            vat=None if suggested_by_model(vat) else vat,
            name=None if suggested_by_model(name) else name,
        )
        if earlier is not None:
            reading.duplicate_of = earlier
            reading.duplicate_reason = message(
                gettext_noop(
                    "Invoice %(number)s of this supplier was received before, as case #%(id)s."
                ),
                number=number.value,
                id=earlier.pk,
            )
            return
    if not any(suggested_by_model(found) for found in (number, vat, name)):
        return
    earlier = _earlier_case(reading, number=number.value, vat=vat, name=name)
    if earlier is None:
        return
    if suggested_by_model(number):
        note = gettext_noop(
            "Possible duplicate of case #%(id)s (the invoice number was suggested by the "
            "language model): compare the two before approving."
        )
    else:
        note = gettext_noop(
            "Possible duplicate of case #%(id)s (the supplier was suggested by the language "
            "model): compare the two before approving."
        )
    reading.review_notes.append(message(note, id=earlier.pk))


def _earlier_case(reading: Reading, *, number: str, vat, name) -> Case | None:
    """The first case still standing of this kind with invoice `number` from the supplier
    that `vat` or `name` (fields, or None) identify."""
    supplier = Q()
    if vat is not None:
        supplier |= Q(extracted__vat_number__value=vat.value)
    if name is not None:
        supplier |= Q(supplier_name__iexact=name.value)
    if not supplier:
        return None
    return (
        Case.objects.filter(
            supplier,
            administration=reading.case.administration,
            kind=reading.kind,
            invoice_number__iexact=number,
            duplicate_of=None,
        )
        .exclude(pk=reading.case.pk)
        .exclude(status__in=[Case.Status.REJECTED, Case.Status.DUPLICATE])
        .order_by("pk")
        .first()
    )


STEPS: list[Callable[[Reading], None]] = [
    refuse_empty,
    refuse_other_media,
    read_einvoice_xml,
    split_batch,
    read_pdf_page,
    read_image,
    read_email_text,
    classify,
    apply_learned_kind,
    # Once the kind is known: only invoices and credit notes are sent.
    ask_model_for_missing_fields,
    keep_embedded_files,
    run_checks,
    find_content_duplicate,
]


def read_case_document(*, case_id: int) -> Case | None:
    """Read the case's document and move the case on. Does nothing if that happened already."""
    case = Case.objects.select_related("document", "administration").filter(pk=case_id).first()
    if case is None or case.document is None:
        return None
    if case.status not in {Case.Status.RECEIVED, Case.Status.READING}:
        return case
    coworker = get_coworker()
    try:
        if case.status == Case.Status.RECEIVED:
            case = start_reading(case, actor=coworker)
        reading = Reading(
            case=case, document=case.document, data=read_original(case.document.sha256)
        )
        for step in STEPS:
            step(reading)
    except TransitionNotAllowed:
        return Case.objects.get(pk=case_id)  # another worker got there first
    except ReadingFinished as finished:
        return finished.case
    except StopReading as stop:
        return mark_unreadable(case, reason=stop.reason, actor=coworker)
    except Exception as exc:
        # A bug or an input no step foresaw: the case says so, the worker lives on.
        logger.exception("Reading case %s failed", case_id)
        return mark_unreadable(
            case,
            reason=message(
                gettext_noop("Reading failed unexpectedly (%(error)s). The original is kept."),
                error=f"{exc.__class__.__name__}: {exc}"[:300],
            ),
            actor=coworker,
        )
    return _finish(reading, actor=coworker)


def _case_total(reading: Reading) -> Decimal | None:
    """The gross total for the case's column; None, with a note, when the column cannot hold
    it (saving it would fail and leave the case in "reading")."""
    total = reading.invoice.gross_total
    if total is None:
        return None
    value = total.value
    # Rounded to the cent as the column keeps it: 99999999999999.999 is one digit too many.
    if value.is_finite() and abs(value) < AMOUNT_LIMIT and abs(value.quantize(CENT)) < AMOUNT_LIMIT:
        return value
    reading.review_notes.append(
        message(
            gettext_noop(
                "The total read from the document is too large to keep on the case: check it "
                "on the document and enter it."
            )
        )
    )
    return None


def _finish(reading: Reading, *, actor) -> Case:
    invoice = reading.invoice
    fields = {"kind": reading.kind}
    if invoice is not None:
        fields.update(
            extracted=invoice_to_json(invoice),
            supplier_name=(invoice.supplier_name.value if invoice.supplier_name else "")[:200],
            invoice_number=(invoice.invoice_number.value if invoice.invoice_number else "")[:100],
            document_date=invoice.invoice_date.value if invoice.invoice_date else None,
            total_amount=_case_total(reading),
            currency=invoice.currency.value if invoice.currency else "",
        )
    problems = [c.message for c in reading.checks if c.severity in {"warning", "error"}]
    with transaction.atomic():
        record_checks(case=reading.case, results=reading.checks)
        if reading.duplicate_of is not None:
            return mark_duplicate(
                reading.case,
                of=reading.duplicate_of,
                reason=reading.duplicate_reason,
                fields=fields,
                actor=actor,
            )
        if reading.proposal is not None:
            save_proposal(case=reading.case, prepared=reading.proposal)
        reasons = reading.review_notes + problems
        return finish_reading(
            reading.case,
            needs_review=bool(reasons) or invoice is None,
            reason=join(reasons + reading.notes),
            fields=fields,
            actor=actor,
        )
