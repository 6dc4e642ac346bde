"""An item list printed without a header row is read when its amounts stand aligned: the
outermost rows are the lines, indented rows under them their details."""

from decimal import Decimal

from intake.extraction import extract_from_pages
from tests.intake.extraction.builders import page_of


def read(rows):
    return extract_from_pages([page_of(rows)], format_name="test")


def test_outermost_aligned_rows_are_lines_and_indented_rows_their_details():
    invoice = read(
        [
            [(40, "Summary")],
            [(50, "Cloud Service Charges"), (500, "$4.11")],
            [(60, "Charges"), (500, "$4.11")],
            [(60, "Credits"), (500, "$0.00")],
            [(40, "Total for this invoice"), (500, "$4.11")],
            [(40, "Detail")],
            [(50, "Data Transfer"), (500, "$0.01")],
            [(60, "Charges"), (500, "$0.01")],
            [(60, "VAT **"), (500, "$0.00")],
            [(50, "Compute"), (500, "$4.10")],
            [(60, "Charges"), (500, "$4.10")],
            [(60, "VAT **"), (500, "$0.00")],
            [(40, "All charges are in US Dollars")],
        ]
    )

    assert [(line.description.value, line.unit_price.value, line.amount.value)
            for line in invoice.lines] == [
        ("Data Transfer", Decimal("0.01"), Decimal("0.01")),
        ("Compute", Decimal("4.10"), Decimal("4.10")),
    ]  # fmt: skip
    assert invoice.lines[0].description.confidence == 0.5
    assert invoice.gross_total.value == Decimal("4.11")


def test_a_totals_block_is_no_item_list():
    invoice = read(
        [
            [(300, "Total HT"), (480, "24,99 €")],
            [(300, "TVA 20%"), (480, "5,00 €")],
            [(300, "Total TTC"), (480, "29,99 €")],
        ]
    )
    assert invoice.lines == []
