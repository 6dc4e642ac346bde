"""UN/CEFACT CII is read exactly, and gives the same invoice as its UBL twin.

corpora/pdf/facturx-xml-rechnung holds each FeRD sample invoice twice: NAME.cii.xml and
NAME.ubl.xml (the same data converted to UBL). Reading both must give the same values for
every field either carries: the "100% on the fields they carry" floor.
"""

import datetime
from decimal import Decimal

import pytest

from intake.extracted import DocumentType
from tests.intake.conftest import comparable, corpus_files, value

CII_FILES = corpus_files("pdf/facturx-xml-rechnung", ".cii.xml")
NAMES = [path.removesuffix(".cii.xml") for path in CII_FILES]


@pytest.mark.parametrize("relative", CII_FILES)
def test_every_cii_file_reads_without_warnings(read_corpus_xml, relative):
    invoice = read_corpus_xml(relative)

    assert invoice.format_name.startswith("UN/CEFACT CII")
    assert invoice.invoice_number is not None
    assert invoice.gross_total is not None
    assert invoice.lines
    assert invoice.warnings == []


@pytest.mark.parametrize("name", NAMES)
def test_cii_and_ubl_twins_read_the_same(read_corpus_xml, name):
    from_cii = read_corpus_xml(f"{name}.cii.xml")
    from_ubl = read_corpus_xml(f"{name}.ubl.xml")

    assert comparable(from_cii) == comparable(from_ubl)


@pytest.mark.parametrize("name", NAMES)
def test_the_floor_fields_are_present_where_the_twins_carry_them(read_corpus_xml, name):
    invoice = read_corpus_xml(f"{name}.cii.xml")

    for present in ("invoice_number", "invoice_date", "currency", "net_total", "vat_total"):
        assert getattr(invoice, present) is not None, present
    assert all(line.amount is not None for line in invoice.lines)


def test_einfach_is_read_field_by_field(read_corpus_xml):
    invoice = read_corpus_xml("pdf/facturx-xml-rechnung/EN16931_Einfach.cii.xml")

    assert invoice.format_name == "UN/CEFACT CII (Factur-X EN16931)"
    assert invoice.document_type is DocumentType.INVOICE
    assert value(invoice.invoice_number) == "471102"
    assert value(invoice.invoice_date) == datetime.date(2018, 3, 5)
    assert value(invoice.supplier_name) == "Lieferant GmbH"
    assert value(invoice.vat_number) == "DE123456789"  # not the FC tax number 201/113/40209
    assert value(invoice.buyer_name) == "Kunden AG Mitte"
    assert value(invoice.currency) == "EUR"
    assert (value(invoice.net_total), value(invoice.vat_total), value(invoice.gross_total)) == (
        Decimal("473.00"),
        Decimal("56.87"),
        Decimal("529.87"),
    )
    assert [
        (value(r.rate), value(r.taxable_amount), value(r.tax_amount)) for r in invoice.vat_breakdown
    ] == [
        (Decimal("7.00"), Decimal("275.00"), Decimal("19.25")),
        (Decimal("19.00"), Decimal("198.00"), Decimal("37.62")),
    ]
    first = invoice.lines[0]
    assert (value(first.item_code), value(first.description), value(first.unit)) == (
        "TB100A4",
        "Trennblätter A4",
        "H87",
    )
    assert (value(first.quantity), value(first.unit_price), value(first.amount)) == (
        Decimal("20"),
        Decimal("9.9"),
        Decimal("198"),
    )
    assert invoice.gross_total.source == (
        "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction"
        "/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
        "/ram:GrandTotalAmount"
    )


def test_corrective_invoice_keeps_negative_totals(read_corpus_xml):
    invoice = read_corpus_xml("pdf/facturx-xml-rechnung/EN16931_Rechnungskorrektur.cii.xml")

    assert value(invoice.type_code) == "384"
    assert value(invoice.gross_total) == Decimal("-8.79")


def test_self_billed_gutschrift_is_not_a_credit_note(read_corpus_xml):
    # German "Gutschrift" here is type 389 (self-billed invoice), not credit note 381.
    invoice = read_corpus_xml("pdf/facturx-xml-rechnung/EN16931_Gutschrift.cii.xml")

    assert value(invoice.type_code) == "389"
    assert invoice.document_type is DocumentType.INVOICE


def test_cii_attachments_match_the_ubl_twin(read_corpus_xml):
    invoice = read_corpus_xml("pdf/facturx-xml-rechnung/XRECHNUNG_Elektron.cii.xml")

    assert sorted(a.mime_type for a in invoice.attachments) == ["application/pdf", "image/png"]
    assert any(a.content.startswith(b"%PDF-") for a in invoice.attachments)
