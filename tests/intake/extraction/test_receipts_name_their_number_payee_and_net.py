"""A receipt without an invoice number is known by its booking or receipt number; who received
the payment sent it; with no VAT printed and lines adding up to the total, net is gross."""

from decimal import Decimal

from intake.extraction import extract_from_pages
from tests.intake.extraction.builders import page_of


def read(rows):
    return extract_from_pages([page_of(rows)], format_name="test")


def test_a_booking_id_stands_in_for_a_missing_invoice_number_with_low_confidence():
    invoice = read(
        [
            [(40, "PAYMENT RECEIPT")],
            [(300, "Booking ID"), (400, "Payment Mode")],
            [(300, "IBZY2087"), (400, "Cash at Hotel")],
            [(40, "Payment received by Sunrise Hotels"), (480, "Rs 1939")],
        ]
    )
    assert invoice.invoice_number.value == "IBZY2087"
    assert invoice.invoice_number.confidence <= 0.6
    assert invoice.supplier_name.value == "Sunrise Hotels"


def test_an_invoice_number_label_wins_over_a_booking_id():
    invoice = read(
        [
            [(40, "Booking ID: B-77"), (300, "Invoice number: 2024-12")],
        ]
    )
    assert invoice.invoice_number.value == "2024-12"


def test_net_is_the_gross_when_no_vat_is_printed_and_the_lines_add_up():
    invoice = read(
        [
            [(40, "Beschreibung"), (300, "Menge"), (400, "Preis"), (480, "Betrag")],
            [(40, "Exchange mailbox"), (300, "1"), (400, "3,89"), (480, "3,89")],
            [(40, "Exchange mailbox plus"), (300, "1"), (400, "5,39"), (480, "5,39")],
            [(300, "Total EUR"), (480, "9,28")],
        ]
    )
    assert invoice.gross_total.value == Decimal("9.28")
    assert invoice.net_total.value == Decimal("9.28")
    assert invoice.vat_total.value == 0
    assert invoice.net_total.confidence == 0.5


def test_no_net_is_made_up_when_the_lines_do_not_add_up():
    invoice = read(
        [
            [(40, "Omschrijving"), (300, "Aantal"), (400, "Prijs"), (480, "Bedrag")],
            [(40, "Koffie"), (300, "1"), (400, "3,00"), (480, "3,00")],
            [(300, "Totaal"), (480, "3,63")],
        ]
    )
    assert invoice.net_total is None
