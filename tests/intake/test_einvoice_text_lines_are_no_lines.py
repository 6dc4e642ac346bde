"""Lines of an e-invoice that only carry text — section titles, notes — are no invoice lines
(they would be zero lines of the posting): quantity and amount zero, price zero or absent, and
no item identified. A line that names an item, or delivers something for nothing, stays."""

from decimal import Decimal

import pytest

from intake.einvoice import read_einvoice
from intake.einvoice._reader import is_text_line
from intake.einvoice.facturx import embedded_xml
from intake.extracted import ExtractedLine, Field
from tests.intake.conftest import value

# Odoo's UBL: "--- Non Food ---" (line 1), "--- Food Products ---" (4) and a note (7) are
# InvoiceLines with quantity, price and amount 0.00.
AZURE = "pdf/invoice2data/AzureInterior.pdf"
SECTION_TITLE = b"<cbc:Name>--- Non Food ---</cbc:Name>"


@pytest.fixture
def azure_xml(corpora) -> bytes:
    return embedded_xml(pdf_bytes=(corpora / AZURE).read_bytes())


def line_ids(xml: bytes) -> list[str]:
    return [value(line.line_id) for line in read_einvoice(data=xml).lines]


def test_section_titles_and_notes_sent_as_lines_are_left_out(azure_xml):
    invoice = read_einvoice(data=azure_xml)

    assert [value(line.line_id) for line in invoice.lines] == ["2", "3", "5", "6"]
    assert sum(value(line.amount) for line in invoice.lines) == value(invoice.line_total)


def test_a_zero_line_that_names_an_item_stays(azure_xml):
    named = azure_xml.replace(
        SECTION_TITLE,
        SECTION_TITLE
        + b"<cac:SellersItemIdentification><cbc:ID>NF-1</cbc:ID></cac:SellersItemIdentification>",
    )

    assert line_ids(named) == ["1", "2", "3", "5", "6"]


def test_an_item_delivered_for_nothing_stays(azure_xml):
    free = azure_xml.replace(
        b"<cbc:InvoicedQuantity>0.00</cbc:InvoicedQuantity>",
        b"<cbc:InvoicedQuantity>1.00</cbc:InvoicedQuantity>",
        1,
    )

    assert line_ids(free) == ["1", "2", "3", "5", "6"]


def _line(quantity, price, amount, code=None) -> ExtractedLine:
    def field(number):
        return None if number is None else Field(Decimal(number), 1.0, "/x")

    return ExtractedLine(
        item_code=Field(code, 1.0, "/x") if code else None,
        description=Field("--- Diversen ---", 1.0, "/x"),
        quantity=field(quantity),
        unit_price=field(price),
        amount=field(amount),
    )


@pytest.mark.parametrize(
    ("line", "text_only"),
    [
        (_line("0", "0", "0"), True),
        (_line("0", None, "0"), True),  # CII and UBL may leave the price out
        (_line("0", "0", "0", code="SKU-1"), False),
        (_line("1", "0", "0"), False),
        (_line("0", "5", "0"), False),
        (_line("0", "0", "-5"), False),
        (_line(None, None, None), False),  # a line without numbers is damage, for the checks
    ],
)
def test_the_rule_for_a_text_only_line(line, text_only):
    assert is_text_line(line) is text_only
