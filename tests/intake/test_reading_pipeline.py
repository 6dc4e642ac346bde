"""Reading a document moves its case on: e-invoices exactly, bad input to 'unreadable' with
the reason, the original kept and the worker alive."""

import io

import pytest
from pypdf import PdfReader, PdfWriter

from cases.models import Case
from intake.models import Document
from intake.pipeline import read_case_document
from intake.services import receive_document
from intake.storage import read_original


def _read(administration, data: bytes, filename: str = "file") -> Case:
    case = receive_document(
        administration=administration, data=data, filename=filename, channel="upload"
    )
    return read_case_document(case_id=case.pk)


@pytest.fixture
def peppol_invoice(corpora) -> bytes:
    return (corpora / "ubl/peppol-bis3/examples/base-example.xml").read_bytes()


def test_ubl_invoice_is_read_exactly_with_sources(administration, peppol_invoice):
    case = _read(administration, peppol_invoice, "base-example.xml")

    assert case.kind == Case.Kind.PURCHASE_INVOICE
    assert case.invoice_number == "Snippet1"
    assert str(case.total_amount) == "1656.25"
    assert case.currency == "EUR"
    number = case.extracted["invoice_number"]
    assert number["confidence"] == 1.0
    assert "cbc:ID" in number["source"]


def test_ubl_invoice_gets_its_checks_with_reasons(administration, peppol_invoice):
    case = _read(administration, peppol_invoice)

    by_code = {check.code: check for check in case.checks.all()}
    assert by_code["net_plus_vat"].severity == "ok"
    assert by_code["lines_add_up"].severity == "ok"
    # Not yet matched to Exact: a person reviews it.
    assert by_code["supplier"].severity == "warning"
    assert case.status == Case.Status.NEEDS_REVIEW


def test_reading_twice_does_nothing_the_second_time(administration, peppol_invoice):
    case = _read(administration, peppol_invoice)
    events = case.administration.pk

    again = read_case_document(case_id=case.pk)

    assert again.status == case.status
    assert events == again.administration.pk
    assert again.checks.count() == case.checks.count()


def test_same_invoice_in_other_bytes_is_a_duplicate(administration, peppol_invoice):
    first = _read(administration, peppol_invoice)
    resent = _read(administration, peppol_invoice.replace(b"<cbc:Note>", b"<cbc:Note>Resent "))

    assert resent.status == Case.Status.DUPLICATE
    assert resent.duplicate_of == first
    assert "Snippet1" in resent.get_status_reason_display()


def test_credit_note_with_the_invoices_number_is_not_a_duplicate(administration, corpora):
    _read(administration, (corpora / "ubl/peppol-bis3/examples/base-example.xml").read_bytes())
    credit = _read(
        administration,
        (corpora / "ubl/peppol-bis3/examples/base-creditnote-correction.xml").read_bytes(),
    )

    assert credit.kind == Case.Kind.PURCHASE_CREDIT_NOTE
    assert credit.status != Case.Status.DUPLICATE


def test_factur_x_pdf_is_read_from_its_embedded_xml(administration, corpora):
    pdf = (corpora / "pdf/facturx-xml-rechnung/EN16931_Einfach.pdf").read_bytes()

    case = _read(administration, pdf, "EN16931_Einfach.pdf")

    assert case.kind == Case.Kind.PURCHASE_INVOICE
    assert case.invoice_number == "471102"
    assert case.extracted["format_name"]


def test_embedded_pdf_of_an_si_ubl_invoice_is_kept_as_a_document(administration, corpora):
    xml = corpora / "ubl/en16931-cen/ubl-tc434-example5.xml"
    case = _read(administration, xml.read_bytes())

    children = Document.objects.filter(parent=case.document)
    assert children.exists()
    assert all(child.channel == Document.Channel.EMBEDDED for child in children)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "damaged"),
        (b"\x00\x01\x02binary", "cannot read files of this type"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
            "DOCTYPE",
        ),
        (b"<Invoice><unclosed></Invoice>", "XML"),
        (b"<html><body>hello</body></html>", "not an e-invoice"),
    ],
)
def test_bad_input_ends_unreadable_with_a_reason_and_the_original_kept(
    administration, data, reason
):
    case = _read(administration, data)

    assert case.status == Case.Status.UNREADABLE
    assert reason.lower() in case.get_status_reason_display().lower()
    assert read_original(case.document.sha256) == data


def test_password_protected_pdf_is_unreadable_with_that_reason(administration, corpora):
    source = PdfReader(corpora / "pdf/invoice2data/AzureInterior.pdf")
    writer = PdfWriter()
    for page in source.pages:
        writer.add_page(page)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)

    case = _read(administration, buffer.getvalue())

    assert case.status == Case.Status.UNREADABLE
    assert "password" in case.get_status_reason_display()


def test_unexpected_failure_becomes_state_not_a_crash(administration, monkeypatch, peppol_invoice):
    def explode(reading):
        raise RuntimeError("boom")

    monkeypatch.setattr("intake.pipeline.STEPS", [explode])

    case = _read(administration, peppol_invoice)

    assert case.status == Case.Status.UNREADABLE
    assert "RuntimeError: boom" in case.get_status_reason_display()


def test_text_pdf_is_read_from_its_layout_and_always_reviewed(administration, corpora):
    case = _read(administration, (corpora / "pdf/invoice2data/QualityHosting.pdf").read_bytes())

    assert case.status == Case.Status.NEEDS_REVIEW
    assert "Read from the page (pdf-text)" in case.get_status_reason_display()
    assert case.kind == Case.Kind.PURCHASE_INVOICE
    assert case.invoice_number == "30064443"
    number = case.extracted["invoice_number"]
    assert number["confidence"] < 1.0
    assert number["source"].startswith("page 1, box")


def test_the_coworker_is_the_one_who_read_it(administration, peppol_invoice):
    from exactbridge.audit.models import AuditEvent

    case = _read(administration, peppol_invoice)

    event = AuditEvent.objects.filter(action="case.read", object_id=str(case.pk)).get()
    assert event.actor.is_coworker


def test_email_without_attachments_is_a_case_classified_from_its_text(administration):
    message = (
        b"From: inkoop@klant.example\r\nTo: orders@acme.example\r\nSubject: Bestelling 4711"
        b"\r\nMessage-ID: <1@klant.example>\r\n\r\nGraag leveren: 10 dozen A4 papier.\r\n"
    )

    case = _read(administration, message, "order.eml")

    assert case.status == Case.Status.NEEDS_REVIEW
    assert case.kind == Case.Kind.SALES_ORDER
    assert "without attachments" in case.get_status_reason_display()
