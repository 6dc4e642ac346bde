"""The e-invoice XML embedded in a Factur-X / ZUGFeRD PDF is found and read; damage is named."""

import pytest

from intake.einvoice import READ_ERRORS, UnreadablePdf, read_einvoice
from intake.einvoice.facturx import embedded_xml, read_facturx
from intake.extracted import DocumentType
from tests.intake.conftest import comparable, corpus_files, value

FACTURX_PDFS = corpus_files("pdf/facturx-xml-rechnung", ".pdf") + corpus_files(
    "pdf/facturx-embedded-only", ".pdf"
)
TWINNED_PDFS = corpus_files("pdf/facturx-xml-rechnung", ".pdf")

# The standalone XRechnung XMLs in the corpus are a later revision (XRechnung 3.0, dated
# 2024-11-15) than the XML inside the PDFs (XRechnung 2.1, dated as the printed page).
# Only the issue date differs; the PDF's own XML is what the page shows.
REVISED_ISSUE_DATE = {
    "XRECHNUNG_Einfach": "2018-03-05",
    "XRECHNUNG_Elektron": "2018-04-25",
}


@pytest.mark.parametrize("relative", FACTURX_PDFS)
def test_embedded_xml_is_found_and_reads(corpora, relative):
    xml = embedded_xml(pdf_bytes=(corpora / relative).read_bytes())

    assert xml is not None
    invoice = read_einvoice(data=xml)
    assert invoice.format_name.startswith("UN/CEFACT CII")
    assert invoice.invoice_number is not None
    assert invoice.gross_total is not None


@pytest.mark.parametrize("relative", TWINNED_PDFS)
def test_embedded_xml_reads_as_the_published_cii(corpora, read_corpus_xml, relative):
    name = relative.removesuffix(".pdf")
    from_pdf = read_facturx(pdf_bytes=(corpora / relative).read_bytes())
    published = read_corpus_xml(f"{name}.cii.xml")

    expected = comparable(published)
    actual = comparable(from_pdf)
    stem = name.rsplit("/", 1)[-1]
    if stem in REVISED_ISSUE_DATE:
        assert actual["header"]["date"] == REVISED_ISSUE_DATE[stem]
        expected["header"]["date"] = actual["header"]["date"]
    assert actual == expected


def test_embedded_only_credit_note_is_marked_as_such(corpora):
    pdf = corpora / "pdf/facturx-embedded-only/Avoir_FR_type381_BASIC.pdf"

    invoice = read_facturx(pdf_bytes=pdf.read_bytes())

    assert invoice.document_type is DocumentType.CREDIT_NOTE
    assert invoice.format_name == "UN/CEFACT CII (Factur-X BASIC)"


def test_foreign_currency_invoice_keeps_its_currency(corpora):
    pdf = corpora / "pdf/facturx-embedded-only/zugferd_2p0_EXTENDED_Fremdwaehrung.pdf"

    invoice = read_facturx(pdf_bytes=pdf.read_bytes())

    assert value(invoice.currency) == "GBP"
    assert str(value(invoice.gross_total)) == "1021.91"


def test_odoo_pdf_with_embedded_ubl_is_read(corpora):
    pdf = corpora / "pdf/invoice2data/AzureInterior.pdf"

    invoice = read_facturx(pdf_bytes=pdf.read_bytes())

    assert value(invoice.invoice_number) == "INV/2023/03/0008"
    assert str(value(invoice.gross_total)) == "279.84"


def test_plain_pdf_has_no_embedded_invoice(corpora):
    pdf = corpora / "pdf/invoice2data/coolblue1.pdf"

    assert embedded_xml(pdf_bytes=pdf.read_bytes()) is None
    assert read_facturx(pdf_bytes=pdf.read_bytes()) is None


@pytest.mark.parametrize("keep", [0.5, 0.1])
def test_truncated_pdf_is_an_unreadable_pdf_error(corpora, keep):
    data = (corpora / "pdf/facturx-xml-rechnung/EN16931_Einfach.pdf").read_bytes()

    with pytest.raises(UnreadablePdf) as failed:
        embedded_xml(pdf_bytes=data[: int(len(data) * keep)])
    assert "damaged" in str(failed.value)


@pytest.mark.parametrize(
    "data", [b"", b"hello", b"%PDF-1.7\n", b"%PDF-1.4\n" + bytes(range(256)) * 40]
)
def test_corrupt_or_foreign_bytes_give_a_typed_error(data):
    with pytest.raises(READ_ERRORS) as failed:
        embedded_xml(pdf_bytes=data)
    assert str(failed.value)
