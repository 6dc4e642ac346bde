"""Header fields found by Dutch and English labels, to the right of or below the label."""

import datetime
from decimal import Decimal

from intake.extraction import extract_from_pages
from tests.intake.extraction.builders import page_of


def read(rows):
    return extract_from_pages([page_of(rows)], format_name="test")


def test_dutch_labels_with_values_to_the_right():
    invoice = read(
        [
            [(40, "Van Dam Kantoorartikelen B.V.")],
            [(40, "KvK 12345678"), (300, "BTW NL810433941B01")],
            [(40, "IBAN NL91 ABNA 0417 1643 00")],
            [(40, "Factuurnummer:"), (150, "F2024-0153")],
            [(40, "Factuurdatum:"), (150, "5 maart 2024")],
            [(40, "Vervaldatum:"), (150, "04-04-2024")],
            [(40, "Uw referentie:"), (150, "PO-7781")],
            [(40, "Betalingskenmerk:"), (150, "1234567890123456")],
            [(300, "Subtotaal"), (450, "€ 1.000,00")],
            [(300, "BTW 21%"), (450, "€ 210,00")],
            [(300, "Totaal te betalen"), (450, "€ 1.210,00")],
        ]
    )
    assert invoice.supplier_name.value == "Van Dam Kantoorartikelen B.V."
    assert invoice.kvk_number.value == "12345678"
    assert invoice.vat_number.value == "NL810433941B01"
    assert invoice.iban.value == "NL91ABNA0417164300"
    assert invoice.invoice_number.value == "F2024-0153"
    assert invoice.invoice_date.value == datetime.date(2024, 3, 5)
    assert invoice.due_date.value == datetime.date(2024, 4, 4)
    assert invoice.po_number.value == "PO-7781"
    assert invoice.payment_reference.value == "1234567890123456"
    assert invoice.currency.value == "EUR"
    assert (invoice.net_total.value, invoice.vat_total.value, invoice.gross_total.value) == (
        Decimal("1000.00"),
        Decimal("210.00"),
        Decimal("1210.00"),
    )
    assert [row.rate.value for row in invoice.vat_breakdown] == [Decimal("21")]


def test_english_labels_with_values_below():
    invoice = read(
        [
            [(40, "Invoice No."), (200, "Invoice Date"), (360, "Due Date")],
            [(40, "INV-0042"), (200, "March 5, 2024"), (360, "April 4, 2024")],
            [(300, "Subtotal"), (450, "$1,250.00")],
            [(300, "Tax"), (450, "$100.00")],
            [(300, "Amount due"), (450, "$1,350.00")],
        ]
    )
    assert invoice.invoice_number.value == "INV-0042"
    assert invoice.invoice_date.value == datetime.date(2024, 3, 5)
    assert invoice.due_date.value == datetime.date(2024, 4, 4)
    assert invoice.currency.value == "USD"
    assert invoice.gross_total.value == Decimal("1350.00")


def test_totals_that_add_up_win_over_other_candidates():
    invoice = read(
        [
            [(40, "Subtotal"), (450, "112.00")],
            [(40, "Subtotal"), (450, "262.90")],
            [(40, "Tax 15% on $ 112.90"), (450, "$ 16.94")],
            [(40, "Total"), (450, "$ 279.84")],
        ]
    )
    assert invoice.net_total.value == Decimal("262.90")
    assert invoice.vat_total.value == Decimal("16.94")
    assert invoice.net_total.confidence == 0.9


def test_net_is_derived_from_gross_and_vat_with_low_confidence():
    invoice = read(
        [[(40, "VAT"), (450, "$0.00")], [(40, "Total for this invoice"), (450, "$4.11")]]
    )
    assert invoice.net_total.value == Decimal("4.11")
    assert invoice.net_total.confidence == 0.5


def test_buyer_vat_number_is_not_the_suppliers():
    invoice = read([[(40, "Uw BTW-nummer: NL810433941B01")], [(40, "BTW NL815254295B01")]])
    assert invoice.vat_number.value == "NL815254295B01"
    assert invoice.buyer_vat_number.value == "NL810433941B01"


def test_identifiers_with_wrong_check_digits_are_refused_or_doubted():
    invoice = read([[(40, "BTW NL123456789B01")], [(40, "IBAN NL91ABNA0417164301")]])
    assert invoice.vat_number is None
    # A labelled account number is kept for a person to check, with low confidence and a warning.
    assert invoice.iban.value == "NL91ABNA0417164301"
    assert invoice.iban.confidence < 0.5
    assert any("NL91ABNA0417164301" in warning.render() for warning in invoice.warnings)


def test_supplier_is_not_the_company_in_the_bill_to_block():
    invoice = read(
        [
            [(40, "Bill to:")],
            [(40, "Acme Nederland B.V.")],
            [(300, "Brightside Software Ltd.")],
            [(300, "VAT NL810433941B01")],
        ]
    )
    assert invoice.supplier_name.value == "Brightside Software Ltd."


def test_a_vat_number_label_is_no_vat_amount():
    invoice = read([[(40, "BTW-nummer NL810433941B01")], [(40, "Totaal"), (300, "€ 12,10")]])
    assert invoice.vat_total is None
    assert invoice.gross_total.value == Decimal("12.10")


def test_lines_are_read_from_the_item_table():
    invoice = read(
        [
            [(40, "Omschrijving"), (300, "Aantal"), (360, "Prijs"), (420, "BTW"), (480, "Bedrag")],
            [(40, "Kantoorpapier A4 doos"), (300, "2"), (360, "€ 4,50"), (420, "21%"),
             (480, "€ 9,00")],
            [(40, "--- Diversen ---")],
            [(40, "[K-77] Nietjes 2000 stuks"), (300, "1"), (360, "€ 1,00"), (420, "9%"),
             (480, "€ 1,00")],
            [(360, "Totaal"), (480, "€ 10,00")],
        ]
    )  # fmt: skip
    read_lines = [
        (
            line.item_code.value if line.item_code else None,
            line.description.value,
            line.quantity.value,
            line.unit_price.value,
            line.amount.value,
            line.vat_rate.value,
        )
        for line in invoice.lines
    ]
    assert read_lines == [
        (None, "Kantoorpapier A4 doos", 2, Decimal("4.50"), Decimal("9.00"), 21),
        ("K-77", "Nietjes 2000 stuks", 1, Decimal("1.00"), Decimal("1.00"), 9),
    ]


def test_every_field_says_where_it_came_from_and_is_never_certain():
    invoice = read(
        [
            [(40, "Factuurnummer: 2024-001"), (300, "KvK 12345678")],
            [(40, "Totaal"), (300, "€ 12,10")],
        ]
    )
    for found in (invoice.invoice_number, invoice.kvk_number, invoice.gross_total):
        assert found.confidence < 1.0
        assert found.source.startswith("page 1, box ")
        assert "PDF points" in found.source
