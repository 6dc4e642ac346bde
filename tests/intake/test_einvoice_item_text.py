"""A line's description in an e-invoice: the item's name, or its description when that says
more (it holds the name and adds to it); a leading "[CODE]" or "*CODE*" that repeats the item's
own identifier is left out, as the code is a field of its own."""

import pytest

from intake.einvoice import read_einvoice
from intake.einvoice._reader import item_text
from intake.einvoice.facturx import embedded_xml
from intake.extracted import Field
from tests.intake.conftest import value

MINERAL_WATER = "Mineralwasser Medium 12 x 1,0l PET"


def test_odoo_lines_read_as_printed_without_their_codes(corpora):
    xml = embedded_xml(pdf_bytes=(corpora / "pdf/invoice2data/AzureInterior.pdf").read_bytes())

    invoice = read_einvoice(data=xml)

    assert [(value(line.item_code), value(line.description)) for line in invoice.lines] == [
        ("17589684", "Beeswax XL Acme beeswax"),  # Description "[17589684] Beeswax XL\n..."
        ("FURN_7777", "Office Chair"),  # Description "[FURN_7777] Office Chair"
        ("987123", "Olive Oil"),  # Name "*987123* Olive Oil", the GTIN
        ("LUX_TRF", "Luxury Truffles"),
    ]
    assert invoice.lines[0].description.source.endswith("/cac:Item/cbc:Description")


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        # Descriptions "Printing paper, 2mm" and "Parker Pen, Black, model Sansa" say more.
        (
            "ubl/en16931-cen/ubl-tc434-example4.xml",
            ["Printing paper, 2mm", "Parker Pen, Black, model Sansa", "American Cookies"],
        ),
        # CII the same: "Schweinesteak aus Deutschland" holds the name "Schweinesteak"; a
        # description that does not ("300cm x 100 cm") leaves the name.
        (
            "pdf/facturx-xml-rechnung/EN16931_1_Teilrechnung.cii.xml",
            ["Kunstrasen grün 3m breit", "Schweinesteak aus Deutschland", MINERAL_WATER, "Pfand"],
        ),
        # The description "aus Deutschland" does not repeat the name: the name it is.
        (
            "pdf/facturx-xml-rechnung/EN16931_Rabatte.cii.xml",
            ["Kunstrasen grün 3m breit", "Schweinesteak", MINERAL_WATER, "Pfand"],
        ),
    ],
)
def test_the_description_wins_when_it_says_more(read_corpus_xml, relative, expected):
    invoice = read_corpus_xml(relative)

    assert [value(line.description) for line in invoice.lines] == expected


def _text(text):
    return None if text is None else Field(text, 1.0, "/x")


@pytest.mark.parametrize(
    ("name", "description", "codes", "expected"),
    [
        (
            "Beeswax XL",
            "[17589684] Beeswax XL Acme beeswax",
            {"17589684"},
            "Beeswax XL Acme beeswax",
        ),
        ("*987123* Olive Oil", None, {"987123"}, "Olive Oil"),
        # Not the item's own code: the bracket is part of what the supplier wrote.
        ("[A4] Paper", None, {"P-100"}, "[A4] Paper"),
        (None, "[P-100] Paper", {"P-100"}, "Paper"),
        ("Paper", "Paper", set(), "Paper"),
        ("Paper", "[P-100]", {"P-100"}, "Paper"),
        ("Paper", "Weight 80 g/m2", set(), "Paper"),
        (None, None, set(), None),
    ],
)
def test_the_rule_for_an_items_text(name, description, codes, expected):
    found = item_text(_text(name), _text(description), codes=codes)

    assert value(found) == expected
