"""A field a person corrected on a supplier's invoice is read right on that supplier's next
invoice in the same layout — and only there."""

import datetime
from decimal import Decimal

import pytest

from intake.extraction import extract_from_pages
from intake.learning import (
    apply_hints,
    fingerprint,
    learn_from_correction,
    similarity,
    supplier_keys,
)
from intake.learning_models import LayoutHint
from tests.intake.extraction.builders import page_of

SUPPLIER = "Zwaluw Drukwerk B.V."
VAT = "NL810433941B01"


def zwaluw_invoice(number: str, day: datetime.date, items: list[tuple[str, int, str]]):
    """A made-up supplier's layout: its invoice number stands by the unusual label
    "Stuknummer", its total by "Te voldoen" under the item table."""
    rows = [
        [(40, SUPPLIER), (380, "FACTUUR")],
        [(40, "Havenstraat 8, 9712 AB Groningen")],
        [(40, "KvK 12345678"), (300, f"BTW {VAT}")],
        [],
        [(40, "Acme B.V.")],
        [(40, "Postbus 100, 1000 AA Amsterdam")],
        [(300, "Stuknummer"), (410, number)],
        [(300, "Datum"), (410, day.strftime("%d-%m-%Y"))],
        [],
        [(40, "Omschrijving"), (300, "Aantal"), (360, "Prijs"), (480, "Bedrag")],
    ]
    total = Decimal("0")
    for description, quantity, price in items:
        amount = quantity * Decimal(price)
        total += amount
        rows.append([(40, description), (300, str(quantity)), (360, price), (480, f"{amount}")])
    rows += [[], [(360, "Te voldoen"), (480, f"{total}")]]
    return [page_of(rows)], total


def read(pages):
    return extract_from_pages(pages, format_name="pdf-text")


@pytest.fixture
def first_invoice():
    return zwaluw_invoice("ZD-24-0117", datetime.date(2024, 3, 5), [("Visitekaartjes", 2, "45.00")])


@pytest.fixture
def second_invoice():
    # Other values, one more line: the total stands lower on the page.
    return zwaluw_invoice(
        "ZD-24-0342",
        datetime.date(2024, 4, 19),
        [("Briefpapier", 3, "12.50"), ("Enveloppen", 1, "30.00")],
    )


def key():
    return supplier_keys(vat_number=VAT, name=SUPPLIER)[0]


def test_a_corrected_invoice_number_is_read_right_on_the_next_invoice(
    administration, first_invoice, second_invoice
):
    pages, _total = first_invoice
    assert read(pages).invoice_number is None  # "Stuknummer" is no label the rules know

    hint = learn_from_correction(
        administration=administration,
        supplier_key=key(),
        page_words=pages,
        field="invoice_number",
        corrected_value="ZD-24-0117",
    )
    assert hint is not None and hint.label == "stuknummer"

    next_pages, _total = second_invoice
    invoice = apply_hints(
        administration=administration,
        supplier_key=key(),
        pages=next_pages,
        invoice=read(next_pages),
    )
    assert invoice.invoice_number.value == "ZD-24-0342"
    assert invoice.invoice_number.source.startswith("learned layout (1x): page 1, box ")
    assert invoice.invoice_number.confidence == 0.8


def test_a_learned_total_is_found_by_its_label_when_the_table_grows(
    administration, first_invoice, second_invoice
):
    pages, total = first_invoice
    learn_from_correction(
        administration=administration,
        supplier_key=key(),
        page_words=pages,
        field="gross_total",
        corrected_value=str(total),
    )
    next_pages, next_total = second_invoice

    invoice = apply_hints(
        administration=administration,
        supplier_key=key(),
        pages=next_pages,
        invoice=read(next_pages),
    )

    assert invoice.gross_total.value == next_total == Decimal("67.50")


def test_each_confirming_correction_raises_the_confidence(
    administration, first_invoice, second_invoice
):
    for pages, number in ((first_invoice[0], "ZD-24-0117"), (second_invoice[0], "ZD-24-0342")):
        hint = learn_from_correction(
            administration=administration,
            supplier_key=key(),
            page_words=pages,
            field="invoice_number",
            corrected_value=number,
        )
    assert hint.count == 2
    assert LayoutHint.objects.count() == 1
    third, _total = zwaluw_invoice("ZD-24-0999", datetime.date(2024, 5, 1), [("Flyers", 1, "9.00")])

    invoice = apply_hints(
        administration=administration, supplier_key=key(), pages=third, invoice=read(third)
    )

    assert invoice.invoice_number.value == "ZD-24-0999"
    assert invoice.invoice_number.confidence == 0.9


def test_hints_stay_with_their_supplier_layout_and_administration(
    administration, other_administration, first_invoice, second_invoice
):
    pages, _total = first_invoice
    learn_from_correction(
        administration=administration,
        supplier_key=key(),
        page_words=pages,
        field="invoice_number",
        corrected_value="ZD-24-0117",
    )
    next_pages, _total = second_invoice
    new_template = [
        page_of(
            [
                [(300, "INVOICE"), (40, "Zwaluw Print")],
                [(40, "Ship to"), (300, "Invoice no."), (420, "ZD-24-0500")],
                [(40, "Acme B.V."), (300, "Stuknummer"), (420, "999")],
                [(40, "Amsterdam"), (300, "Order date"), (420, "01-06-2024")],
            ]
        )
    ]

    def number(administration, supplier_key, pages):
        invoice = apply_hints(
            administration=administration,
            supplier_key=supplier_key,
            pages=pages,
            invoice=read(pages),
        )
        return invoice.invoice_number

    assert number(other_administration, key(), next_pages) is None
    assert number(administration, "NL000099998B57", next_pages) is None
    assert similarity(fingerprint(new_template[0]), fingerprint(pages[0])) < 0.6
    assert number(administration, key(), new_template).value == "ZD-24-0500"  # by the rules


def test_a_value_that_is_not_on_the_page_teaches_nothing(administration, first_invoice):
    pages, _total = first_invoice

    hint = learn_from_correction(
        administration=administration,
        supplier_key=key(),
        page_words=pages,
        field="invoice_number",
        corrected_value="NOT-PRINTED-1",
    )

    assert hint is None
    assert not LayoutHint.objects.exists()


def test_supplier_keys_prefer_identifiers_and_normalise_names():
    assert supplier_keys(vat_number="nl 8104.33.941 B01", name="Zwaluw Drukwerk B.V.") == [
        "NL810433941B01",
        "name:zwaluw drukwerk",
    ]
    assert supplier_keys(name="Zwaluw Drukwerk BV") == ["name:zwaluw drukwerk"]
