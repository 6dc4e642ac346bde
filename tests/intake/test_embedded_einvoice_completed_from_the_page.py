"""A PDF's embedded e-invoice wins for what it carries; what it lacks of the supplier's
identifiers and payment details (IBAN, KvK, VAT number, payment reference) is read from the
page, marked with the page as source and a lower confidence, never replacing an XML value."""

import dataclasses

from django.utils import translation

from cases.models import Case
from intake.einvoice.facturx import embedded_xml, read_facturx
from intake.extracted import Field
from intake.extraction import extract_from_pdf
from intake.extraction.embedded import PAGE_CONFIDENCE, fill_from_page, read_embedded_einvoice
from intake.pipeline import read_case_document
from intake.services import receive_document
from tests.intake.conftest import value

AZURE = "pdf/invoice2data/AzureInterior.pdf"  # Odoo's UBL, without PayeeFinancialAccount
DIRECT_DEBIT = "pdf/facturx-xml-rechnung/EN16931_SEPA_Prenotification.pdf"


def test_what_the_xml_lacks_is_read_from_the_page(corpora):
    invoice = read_embedded_einvoice(pdf_bytes=(corpora / AZURE).read_bytes())

    assert value(invoice.iban) == "US1234567890"  # "Bank Account: US1234567890"
    assert value(invoice.payment_reference) == "202309097001"
    for found in (invoice.iban, invoice.payment_reference):
        assert found.source.startswith("page 1, box ")
        assert found.confidence <= PAGE_CONFIDENCE
    assert invoice.kvk_number is None and invoice.vat_number is None  # not on the page either
    assert invoice.invoice_number.source == "/Invoice/cbc:ID"
    assert invoice.invoice_number.confidence == 1.0


def test_a_page_value_never_replaces_an_xml_value(corpora):
    data = (corpora / AZURE).read_bytes()
    exact = dataclasses.replace(
        read_facturx(pdf_bytes=data),
        iban=Field("NL91ABNA0417164300", 1.0, "/Invoice/cac:PaymentMeans/cbc:ID"),
    )

    filled = fill_from_page(exact, page=extract_from_pdf(data=data))

    assert filled.iban == exact.iban
    assert value(filled.payment_reference) == "202309097001"
    assert [note.render() for note in filled.notes] == [
        "Not in the e-invoice, read from the page: Payment reference. Confirm them before "
        "approving."
    ]


def test_nothing_taken_from_the_page_leaves_no_note(corpora):
    data = (corpora / DIRECT_DEBIT).read_bytes()

    assert read_embedded_einvoice(pdf_bytes=data).notes == []


def test_the_buyers_account_of_a_direct_debit_is_not_taken_for_the_suppliers(corpora):
    data = (corpora / DIRECT_DEBIT).read_bytes()
    page = extract_from_pdf(data=data)
    assert value(page.iban) == "DE21860000000086001055"  # printed as "Käufer-IBAN"
    assert b"DE21860000000086001055" in embedded_xml(pdf_bytes=data)  # the debtor's account

    invoice = read_embedded_einvoice(pdf_bytes=data)

    assert invoice.iban is None


def test_a_pdf_without_embedded_xml_has_no_embedded_invoice(corpora):
    data = (corpora / "pdf/invoice2data/coolblue1.pdf").read_bytes()

    assert read_embedded_einvoice(pdf_bytes=data) is None


def test_the_reading_pipeline_completes_the_embedded_invoice(administration, corpora):
    received = receive_document(
        administration=administration,
        data=(corpora / AZURE).read_bytes(),
        filename="AzureInterior.pdf",
        channel="upload",
    )

    case = read_case_document(case_id=received.pk)

    assert case.kind == Case.Kind.PURCHASE_INVOICE
    assert case.extracted["iban"]["value"] == "US1234567890"
    assert case.extracted["iban"]["source"].startswith("page 1, box ")
    assert len(case.extracted["lines"]) == 4  # the section titles and the note are no lines
    # No IBAN at all (a US account number): the check says so.
    assert case.checks.get(code="iban").severity == "error"


def test_the_case_says_which_fields_came_from_the_page_in_the_readers_language(
    administration, corpora
):
    with translation.override("nl"):
        received = receive_document(
            administration=administration,
            data=(corpora / AZURE).read_bytes(),
            filename="AzureInterior.pdf",
            channel="upload",
        )
        case = read_case_document(case_id=received.pk)

    with translation.override("en"):
        english = case.get_status_reason_display()
    with translation.override("nl"):
        dutch = case.get_status_reason_display()
    assert (
        "Not in the e-invoice, read from the page: IBAN, Payment reference. Confirm them "
        "before approving." in english
    )
    assert (
        "Niet in de e-factuur, van de pagina gelezen: IBAN, Betalingskenmerk. Bevestig ze "
        "voordat u goedkeurt." in dutch
    )


def test_a_fault_reading_the_page_leaves_the_invoice_the_xml_holds(corpora, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the page reader")

    monkeypatch.setattr("intake.extraction.embedded.extract_from_pages", broken)

    invoice = read_embedded_einvoice(pdf_bytes=(corpora / AZURE).read_bytes())

    assert value(invoice.invoice_number) == "INV/2023/03/0008"
    assert invoice.iban is None  # only the page had it
