"""An item's description may run over several rows; what a line includes, a section title and
an indented sub-item are no part of it, nor lines of their own."""

from decimal import Decimal

from intake.extraction import extract_from_pages
from tests.intake.extraction.builders import page_of

HEADER = [(40, "Omschrijving"), (300, "Aantal"), (360, "Prijs"), (480, "Bedrag")]


def lines_of(rows):
    invoice = extract_from_pages([page_of([HEADER, *rows])], format_name="test")
    return [(line.description.value, line.unit_price and line.unit_price.value)
            for line in invoice.lines]  # fmt: skip


def test_rows_under_the_description_continue_it():
    assert lines_of(
        [
            [(40, "Hosting pakket Zakelijk"), (300, "1"), (360, "5,39"), (480, "5,39")],
            [(40, "Dienst: mail_jansen")],
            [(40, "01.05.24-31.05.24")],
            [(40, "Domeinnaam"), (300, "1"), (360, "9,95"), (480, "9,95")],
        ]
    ) == [
        ("Hosting pakket Zakelijk\nDienst: mail_jansen\n01.05.24-31.05.24", Decimal("5.39")),
        ("Domeinnaam", Decimal("9.95")),
    ]


def test_what_a_line_includes_is_no_line_of_its_own():
    assert lines_of(
        [
            [(40, "Tablet 16 GB"), (300, "1"), (360, "399,00"), (480, "399,00")],
            [(52, "Incl. Thuiskopieheffing: 3,50"), (300, "1"), (480, "4,24")],
            [(52, "Serienummer: SDMPP373"), (300, "1")],
            [(40, "Hoes"), (300, "1"), (360, "69,99"), (480, "69,99")],
        ]
    ) == [("Tablet 16 GB", Decimal("399.00")), ("Hoes", Decimal("69.99"))]


def test_indented_rows_and_section_titles_are_not_part_of_the_description():
    assert lines_of(
        [
            [(40, "Laptop bundel"), (300, "1"), (360, "2.321,00"), (480, "2.321,00")],
            [(60, "Laptop 13 inch")],
            [(40, "--- Accessoires ---")],
            [(40, "Muis"), (300, "1"), (360, "19,99"), (480, "19,99")],
        ]
    ) == [("Laptop bundel", Decimal("2321.00")), ("Muis", Decimal("19.99"))]


def test_a_quantity_under_its_header_left_of_the_description_is_no_description():
    invoice = extract_from_pages(
        [
            page_of(
                [
                    [(40, "Pos."), (80, "Menge"), (130, "Beschreibung"), (400, "Preis"),
                     (480, "Betrag")],
                    [(40, "1"), (90, "3"), (130, "Small Business Exchange"), (400, "5,39"),
                     (480, "16,17")],
                ]
            )
        ],
        format_name="test",
    )  # fmt: skip
    (line,) = invoice.lines
    assert line.description.value == "Small Business Exchange"
    assert line.quantity.value == 3
