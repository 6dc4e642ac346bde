"""UBL 2.1 Invoice and CreditNote (Peppol BIS 3.0, SI-UBL 2.0, EN 16931) are read exactly."""

import base64
import datetime
from decimal import Decimal

import pytest

from intake.einvoice import (
    READ_ERRORS,
    EInvoiceSyntax,
    NotAnEInvoice,
    detect_format,
    read_einvoice,
)
from intake.extracted import DocumentType, Field
from tests.intake.conftest import corpus_files, value

UBL_FILES = corpus_files("ubl", ".xml")
# Files the test sets mark as failing validation; the reader must still cope with them.
DECLARED_INVALID = ("_error", "negativ")
VALID_UBL_FILES = [f for f in UBL_FILES if not any(mark in f for mark in DECLARED_INVALID)]


def _all_fields(invoice):
    header = [v for v in vars(invoice).values() if isinstance(v, Field)]
    rows = [v for row in invoice.vat_breakdown for v in vars(row).values() if v is not None]
    lines = [v for line in invoice.lines for v in vars(line).values() if v is not None]
    return header + rows + lines


@pytest.mark.parametrize("relative", UBL_FILES)
def test_every_ubl_file_reads_or_fails_with_a_reason(corpora, relative):
    try:
        invoice = read_einvoice(data=(corpora / relative).read_bytes())
    except READ_ERRORS as refused:
        assert str(refused).strip()
        return
    assert invoice.format_name
    assert invoice.invoice_number is not None
    for found in _all_fields(invoice):
        assert found.confidence == 1.0
        assert found.source.startswith(("/Invoice/", "/CreditNote/"))


@pytest.mark.parametrize("relative", VALID_UBL_FILES)
def test_lines_and_totals_add_up_where_the_file_is_valid(read_corpus_xml, relative):
    invoice = read_corpus_xml(relative)
    line_total = value(invoice.line_total)
    if line_total is not None and invoice.lines:
        assert sum(value(line.amount) for line in invoice.lines) == line_total
    if invoice.net_total is not None and line_total is not None:
        allowances = value(invoice.allowance_total) or 0
        charges = value(invoice.charge_total) or 0
        assert line_total - allowances + charges == value(invoice.net_total)
    if invoice.gross_total is not None and invoice.net_total is not None:
        vat = value(invoice.vat_total) or 0
        assert value(invoice.net_total) + vat == value(invoice.gross_total)
    if invoice.vat_breakdown and invoice.vat_total is not None:
        assert sum(value(row.tax_amount) for row in invoice.vat_breakdown) == value(
            invoice.vat_total
        )


def test_si_ubl_base_invoice_is_read_field_by_field(read_corpus_xml):
    invoice = read_corpus_xml("ubl/si-ubl-2.0-testset/SI-UBL-2.0_ok_base.xml")

    assert invoice.format_name == "SI-UBL 2.0"
    assert invoice.document_type is DocumentType.INVOICE
    assert value(invoice.supplier_name) == "SimplerInvoicing"
    assert value(invoice.vat_number) == "NL1111.11.111.B.01"
    assert value(invoice.kvk_number) == "SITEST00000"
    assert value(invoice.iban) == "NL11 BANK 1111111111"  # the first of two accounts
    assert value(invoice.invoice_number) == "12115118"
    assert value(invoice.invoice_date) == datetime.date(2015, 1, 9)
    assert value(invoice.due_date) == datetime.date(2015, 1, 9)
    assert value(invoice.currency) == "EUR"
    assert value(invoice.po_number) == "47806"
    assert value(invoice.payment_reference) == "Deb. 10202 / Fact. 12115118"
    assert value(invoice.buyer_name) == "Ontvanger"
    assert (value(invoice.net_total), value(invoice.vat_total), value(invoice.gross_total)) == (
        Decimal("200.00"),
        Decimal("27.00"),
        Decimal("227.00"),
    )
    assert [
        (value(r.rate), value(r.category), value(r.taxable_amount), value(r.tax_amount))
        for r in invoice.vat_breakdown
    ] == [
        (Decimal("21"), "S", Decimal("100.00"), Decimal("21.00")),
        (Decimal("6"), "S", Decimal("100.00"), Decimal("6.00")),
    ]
    assert [
        (
            value(line.item_code),
            value(line.description),
            value(line.quantity),
            value(line.unit),
            value(line.unit_price),
            value(line.amount),
            value(line.vat_rate),
        )
        for line in invoice.lines
    ] == [
        ("166022", "SimplerInvoicing test invoice", 4, "C62", 50, Decimal("200.00"), 21),
        ("661813", "Testing procedures", 1, "C62", 100, Decimal("100.00"), 6),
        ("438146", "Previous Test Invoice returned", -1, "C62", 100, Decimal("-100.00"), 21),
    ]
    assert invoice.warnings == []


def test_each_value_says_where_in_the_xml_it_came_from(read_corpus_xml):
    invoice = read_corpus_xml("ubl/si-ubl-2.0-testset/SI-UBL-2.0_ok_base.xml")

    assert invoice.vat_number.source == (
        "/Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID"
    )
    assert invoice.kvk_number.source == (
        "/Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID"
    )
    assert invoice.iban.source == "/Invoice/cac:PaymentMeans[1]/cac:PayeeFinancialAccount/cbc:ID"
    assert invoice.lines[1].amount.source == "/Invoice/cac:InvoiceLine[2]/cbc:LineExtensionAmount"
    assert (
        invoice.lines[1].unit.source == "/Invoice/cac:InvoiceLine[2]/cbc:InvoicedQuantity/@unitCode"
    )


def test_the_flat_dict_uses_the_corpus_expected_results_keys(read_corpus_xml):
    invoice = read_corpus_xml("ubl/si-ubl-2.0-testset/SI-UBL-2.0_ok_base.xml")

    flat = invoice.to_expected_dict()

    assert flat["issuer"] == "SimplerInvoicing"
    assert flat["date"] == "2015-01-09"
    assert flat["due_date"] == "2015-01-09"
    assert flat["amount"] == Decimal("227.00")
    assert flat["amount_untaxed"] == Decimal("200.00")
    assert flat["amount_tax"] == Decimal("27.00")
    assert flat["kvk_number"] == "SITEST00000"
    assert flat["lines"][0] == {
        "description": "SimplerInvoicing test invoice",
        "quantity": Decimal("4"),
        "unit_price": Decimal("50.00"),
        "amount": Decimal("200.00"),
        "vat_rate": Decimal("21"),
    }


def test_si_ubl_embedded_pdf_attachment_is_returned(corpora, read_corpus_xml):
    relative = "ubl/si-ubl-2.0-testset/SI-UBL-2.0_ok_full.xml"
    invoice = read_corpus_xml(relative)

    assert [(a.filename, a.mime_type) for a in invoice.attachments] == [
        ("drawing.pdf", "application/pdf")
    ]
    expected = base64.b64decode("UjBsR09EbGhjZ0dTQUxNQUFBUUNBRU1tQ1p0dU1GUXhEUzhi")
    assert invoice.attachments[0].content == expected
    assert invoice.attachments[0].source == (
        "/Invoice/cac:AdditionalDocumentReference[2]/cac:Attachment/cbc:EmbeddedDocumentBinaryObject"
    )


def test_a_large_embedded_pdf_rendition_is_returned_whole(read_corpus_xml):
    invoice = read_corpus_xml(
        "ubl/en16931-cen/FT G2G_TD01 con Allegato, Bonifico e Split Payment.xml"
    )

    [pdf] = invoice.attachments
    assert pdf.filename == "mappatura_ubl_sdi.pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert len(pdf.content) > 2_000_000


def test_si_ubl_full_invoice_with_several_rates_and_kvk(read_corpus_xml):
    invoice = read_corpus_xml("ubl/si-ubl-2.0-testset/SI-UBL-2.0_ok_full.xml")

    assert value(invoice.invoice_number) == "TOSL108"
    assert value(invoice.kvk_number) == "12345678"
    assert value(invoice.vat_number) == "NL12345678"
    assert value(invoice.iban) == "NLING34434343434"
    assert value(invoice.payment_reference) == "Payref1"
    assert value(invoice.vat_total) == Decimal("292.20")
    assert value(invoice.gross_total) == Decimal("1728.7")
    assert value(invoice.prepaid_amount) == Decimal("1000")
    assert value(invoice.payable_amount) == Decimal("729")
    assert len(invoice.lines) == 5
    assert [(value(r.category), value(r.rate)) for r in invoice.vat_breakdown] == [
        ("S", Decimal("20")),
        ("S", Decimal("10")),
        ("E", Decimal("0")),
    ]


def test_peppol_credit_note_keeps_amounts_as_printed(read_corpus_xml):
    invoice = read_corpus_xml("ubl/peppol-bis3/examples/base-creditnote-correction.xml")

    assert invoice.document_type is DocumentType.CREDIT_NOTE
    assert invoice.format_name == "UBL 2.1 CreditNote / Peppol BIS 3.0"
    assert value(invoice.type_code) == "381"
    assert value(invoice.invoice_number) == "Snippet1"
    assert value(invoice.supplier_name) == "SupplierOfficialName Ltd"
    assert value(invoice.vat_number) == "GB1232434"
    assert invoice.kvk_number is None  # a CompanyID without the KvK scheme is not a KvK number
    assert value(invoice.iban) == "IBAN32423940"
    assert value(invoice.gross_total) == Decimal("1656.25")
    assert [(value(line.quantity), value(line.amount)) for line in invoice.lines] == [
        (Decimal("7"), Decimal("2800")),
        (Decimal("-3"), Decimal("-1500")),
    ]
    assert value(invoice.lines[0].unit) == "DAY"


def test_vat_total_is_the_one_in_the_document_currency(read_corpus_xml):
    # DKK invoice that also states its VAT in EUR (the tax currency).
    invoice = read_corpus_xml("ubl/en16931-cen/ubl-tc434-example5.xml")

    assert value(invoice.currency) == "DKK"
    assert value(invoice.vat_total) == Decimal("675.00")
    assert value(invoice.due_date) == datetime.date(2013, 5, 10)
    assert value(invoice.po_number) == "PO4711"
    # Direct debit: the account in the file is the payer's, not the supplier's IBAN.
    assert invoice.iban is None


def test_invalid_test_cases_still_read(read_corpus_xml):
    invoice = read_corpus_xml("ubl/si-ubl-2.0-testset/SI-UBL-2.0_BR-NL-8_error_CN_not_381.xml")

    assert invoice.document_type is DocumentType.CREDIT_NOTE
    assert any("380" in warning.render() for warning in invoice.warnings)


def test_an_unparseable_amount_becomes_a_warning_not_a_crash(corpora):
    data = (corpora / "ubl/si-ubl-2.0-testset/SI-UBL-2.0_ok_base.xml").read_bytes()
    data = data.replace(
        b'<cbc:PayableAmount currencyID="EUR">227.00<',
        b'<cbc:PayableAmount currencyID="EUR">227,00<',
    ).replace(b"<cbc:IssueDate>2015-01-09<", b"<cbc:IssueDate>09-01-2015<")

    invoice = read_einvoice(data=data)

    assert invoice.payable_amount is None
    assert invoice.invoice_date is None
    assert value(invoice.gross_total) == Decimal("227.00")
    warnings = [warning.render() for warning in invoice.warnings]
    assert any("PayableAmount" in w and "'227,00'" in w for w in warnings)
    assert any("IssueDate" in w for w in warnings)


def test_detect_format_names_the_syntax(corpora):
    ubl = corpora / "ubl/si-ubl-2.0-testset/SI-UBL-2.0_ok_base.xml"
    credit_note = corpora / "ubl/en16931-cen/ubl-tc434-creditnote1.xml"
    cii = corpora / "pdf/facturx-xml-rechnung/EN16931_Einfach.cii.xml"

    assert detect_format(xml_bytes=ubl.read_bytes()) is EInvoiceSyntax.UBL_INVOICE
    assert detect_format(xml_bytes=credit_note.read_bytes()) is EInvoiceSyntax.UBL_CREDIT_NOTE
    assert detect_format(xml_bytes=cii.read_bytes()) is EInvoiceSyntax.CII


def test_other_xml_is_not_an_einvoice():
    with pytest.raises(NotAnEInvoice, match="Order"):
        detect_format(
            xml_bytes=b'<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>'
        )
