"""Each check on an invoice gives a severity and a reason a person can act on."""

import datetime
from decimal import Decimal

from intake.checks import (
    check_currency,
    check_dates,
    check_iban,
    check_lines_add_up,
    check_net_plus_vat_is_gross,
    check_required_fields,
    check_vat_number,
    check_vat_per_rate,
)
from intake.extracted import ExtractedInvoice, ExtractedLine, Field, VatSubtotal

TODAY = datetime.date(2026, 11, 28)


def f(value):
    return Field(value, 1.0, "test")


def invoice(**fields) -> ExtractedInvoice:
    return ExtractedInvoice(format_name="test", **{k: f(v) for k, v in fields.items()})


def test_missing_essentials_are_named():
    result = check_required_fields(invoice(supplier_name="Acme", currency="EUR"))
    assert result.severity == "error"
    text = str(result.message)
    assert "invoice number" in text and "total amount" in text


def test_lines_that_do_not_add_up_show_the_difference():
    inv = invoice(line_total=Decimal("100.00"))
    inv.lines = [
        ExtractedLine(amount=f(Decimal("60.00"))),
        ExtractedLine(amount=f(Decimal("39.00"))),
    ]

    result = check_lines_add_up(inv)

    assert result.severity == "error"
    text = str(result.message)
    assert "99.00" in text and "100.00" in text and "-1.00" in text


def test_net_plus_vat_must_be_gross():
    good = invoice(net_total=Decimal("100"), vat_total=Decimal("21"), gross_total=Decimal("121"))
    bad = invoice(net_total=Decimal("100"), vat_total=Decimal("21"), gross_total=Decimal("122"))
    assert check_net_plus_vat_is_gross(good).severity == "ok"
    assert check_net_plus_vat_is_gross(bad).severity == "error"


def test_vat_per_rate_allows_rounding_but_not_a_wrong_amount():
    def with_tax(tax):
        inv = invoice()
        inv.vat_breakdown = [
            VatSubtotal(f(Decimal("21")), f("S"), f(Decimal("100.00")), f(Decimal(tax)))
        ]
        return check_vat_per_rate(inv)

    assert with_tax("21.01").severity == "ok"
    result = with_tax("19.00")
    assert result.severity == "error"
    assert "21% of 100.00 is 21.00" in str(result.message)


def test_vat_number_validity():
    assert check_vat_number(invoice(vat_number="NL004495445B01")).severity == "ok"
    assert check_vat_number(invoice(vat_number="NL123456789B01")).severity == "error"
    assert check_vat_number(invoice(vat_number="CHE-123.456.789")).severity == "info"


def test_iban_validity():
    assert check_iban(invoice(iban="NL91 ABNA 0417 1643 00")).severity == "ok"
    assert check_iban(invoice(iban="NL91ABNA0417164301")).severity == "error"


def test_dates_must_be_plausible():
    def dates(issued, due=None):
        fields = {"invoice_date": issued}
        if due:
            fields["due_date"] = due
        return check_dates(invoice(**fields), today=TODAY)

    assert dates(datetime.date(2026, 11, 1)).severity == "ok"
    assert dates(datetime.date(2026, 12, 25)).severity == "error"
    assert dates(datetime.date(2026, 11, 1), datetime.date(2026, 10, 1)).severity == "error"
    assert dates(datetime.date(2024, 1, 1)).severity == "warning"


def test_currency_must_exist_and_foreign_currency_is_noted():
    assert check_currency(invoice(currency="EUR"), home_currency="EUR").severity == "ok"
    assert check_currency(invoice(currency="USD"), home_currency="EUR").severity == "info"
    assert check_currency(invoice(currency="XYZ"), home_currency="EUR").severity == "error"
