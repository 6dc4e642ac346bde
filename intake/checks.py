"""Checks on what was read from an invoice: pure functions, one result per check.

Each check returns a ``CheckResult`` with a severity and a reason a person can act on. Checks
that need Exact's data (is the IBAN the supplier's, is the invoice already booked) belong to
the supplier-identification and matching steps, not here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext_noop
from stdnum import iban as iban_number
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError

from cases.services import CheckResult
from exactbridge.helpers.currencies import ISO_4217
from exactbridge.helpers.messages import join, message
from intake.extracted import ExtractedInvoice

CENT = Decimal("0.01")
OK, INFO, WARNING, ERROR = "ok", "info", "warning", "error"


def _value(field):
    return field.value if field is not None else None


def _money(amount: Decimal) -> Decimal:
    """An amount with two decimals; the reader's locale groups it when it is shown."""
    return amount.quantize(CENT)


def check_required_fields(invoice: ExtractedInvoice) -> CheckResult:
    labels = {
        "supplier_name": gettext_noop("supplier name"),
        "invoice_number": gettext_noop("invoice number"),
        "invoice_date": gettext_noop("invoice date"),
        "gross_total": gettext_noop("total amount"),
        "currency": gettext_noop("currency"),
    }
    missing = [label for name, label in labels.items() if getattr(invoice, name) is None]
    if missing:
        return CheckResult(
            "required_fields",
            ERROR,
            message(
                gettext_noop("Not found on the document: %(fields)s."),
                fields=join(missing, ", "),
            ),
        )
    return CheckResult(
        "required_fields",
        OK,
        message(gettext_noop("Supplier, number, date, total and currency read.")),
    )


def check_lines_add_up(invoice: ExtractedInvoice) -> CheckResult | None:
    amounts = [_value(line.amount) for line in invoice.lines]
    expected = _value(invoice.line_total)
    if not amounts or any(a is None for a in amounts) or expected is None:
        return None
    total = sum(amounts, Decimal(0))
    if abs(total - expected) <= CENT:
        return CheckResult(
            "lines_add_up",
            OK,
            message(gettext_noop("The lines add up to %(sum)s."), sum=_money(total)),
        )
    return CheckResult(
        "lines_add_up",
        ERROR,
        message(
            gettext_noop(
                "The lines add up to %(sum)s, but the invoice says %(stated)s "
                "(difference %(diff)s)."
            ),
            sum=_money(total),
            stated=_money(expected),
            diff=_money(total - expected),
        ),
        {"sum": str(total), "stated": str(expected)},
    )


def check_net_plus_vat_is_gross(invoice: ExtractedInvoice) -> CheckResult | None:
    net, vat, gross = (
        _value(f) for f in (invoice.net_total, invoice.vat_total, invoice.gross_total)
    )
    if net is None or vat is None or gross is None:
        return None
    if abs(net + vat - gross) <= CENT:
        return CheckResult(
            "net_plus_vat", OK, message(gettext_noop("Net plus VAT equals the total."))
        )
    return CheckResult(
        "net_plus_vat",
        ERROR,
        message(
            gettext_noop("Net %(net)s plus VAT %(vat)s is %(sum)s, but the total says %(gross)s."),
            net=_money(net),
            vat=_money(vat),
            sum=_money(net + vat),
            gross=_money(gross),
        ),
    )


def check_vat_per_rate(invoice: ExtractedInvoice) -> CheckResult | None:
    problems = []
    checked = 0
    for row in invoice.vat_breakdown:
        rate, base, tax = _value(row.rate), _value(row.taxable_amount), _value(row.tax_amount)
        if rate is None or base is None or tax is None:
            continue
        checked += 1
        expected = (base * rate / 100).quantize(CENT)
        # Invoices that round VAT per line may differ from the total-based figure by a cent
        # or two per rate; more than that is a wrong amount.
        if abs(expected - tax) > Decimal("0.02"):
            problems.append(
                message(
                    gettext_noop("%(rate)s%% of %(base)s is %(expected)s, not %(tax)s"),
                    rate=rate.normalize(),
                    base=_money(base),
                    expected=_money(expected),
                    tax=_money(tax),
                )
            )
    if not checked:
        return None
    if problems:
        return CheckResult(
            "vat_per_rate",
            ERROR,
            message(gettext_noop("VAT is wrong: %(problems)s."), problems=join(problems, "; ")),
        )
    return CheckResult("vat_per_rate", OK, message(gettext_noop("VAT is right for every rate.")))


def check_vat_number(invoice: ExtractedInvoice) -> CheckResult | None:
    number = _value(invoice.vat_number)
    if not number:
        return None
    compact = "".join(ch for ch in number if ch.isalnum()).upper()
    # Greece writes EL in VAT numbers, GR elsewhere.
    if compact[:2].lower() not in eu_vat.MEMBER_STATES | {"el"}:
        return CheckResult(
            "vat_number",
            INFO,
            message(
                gettext_noop("VAT number %(number)s is from outside the EU; not checked."),
                number=number,
            ),
        )
    try:
        eu_vat.validate(number)
    except ValidationError:
        return CheckResult(
            "vat_number",
            ERROR,
            message(gettext_noop("VAT number %(number)s is not a valid number."), number=number),
        )
    return CheckResult(
        "vat_number",
        OK,
        message(gettext_noop("VAT number %(number)s is well-formed."), number=compact),
    )


def check_iban(invoice: ExtractedInvoice) -> CheckResult | None:
    number = _value(invoice.iban)
    if not number:
        return None
    try:
        iban_number.validate(number)
    except ValidationError:
        return CheckResult(
            "iban",
            ERROR,
            message(
                gettext_noop("IBAN %(iban)s is not valid (wrong length or check digits)."),
                iban=number,
            ),
        )
    return CheckResult(
        "iban",
        OK,
        message(gettext_noop("IBAN %(iban)s is valid."), iban=iban_number.format(number)),
    )


def check_dates(invoice: ExtractedInvoice, *, today: datetime.date) -> CheckResult | None:
    issued, due = _value(invoice.invoice_date), _value(invoice.due_date)
    if issued is None:
        return None
    if issued > today + datetime.timedelta(days=1):
        return CheckResult(
            "dates",
            ERROR,
            message(gettext_noop("The invoice date %(date)s is in the future."), date=issued),
        )
    if due is not None and due < issued:
        return CheckResult(
            "dates",
            ERROR,
            message(
                gettext_noop("The due date %(due)s is before the invoice date %(issued)s."),
                due=due,
                issued=issued,
            ),
        )
    if issued < today - datetime.timedelta(days=548):
        return CheckResult(
            "dates",
            WARNING,
            message(
                gettext_noop("The invoice date %(date)s is more than 18 months ago."), date=issued
            ),
        )
    return CheckResult("dates", OK, message(gettext_noop("The dates are plausible.")))


def check_currency(invoice: ExtractedInvoice, *, home_currency: str) -> CheckResult | None:
    code = _value(invoice.currency)
    if not code:
        return None
    if code not in ISO_4217:
        return CheckResult(
            "currency",
            ERROR,
            message(gettext_noop("%(code)s is not a known currency code."), code=code),
        )
    if code != home_currency:
        return CheckResult(
            "currency",
            INFO,
            message(
                gettext_noop(
                    "The invoice is in %(code)s; the administration keeps its books in %(home)s."
                ),
                code=code,
                home=home_currency,
            ),
        )
    return CheckResult(
        "currency", OK, message(gettext_noop("The invoice is in %(code)s."), code=code)
    )


def run_invoice_checks(
    invoice: ExtractedInvoice, *, home_currency: str, today: datetime.date
) -> list[CheckResult]:
    checks: list[Callable[[], CheckResult | None]] = [
        lambda: check_required_fields(invoice),
        lambda: check_lines_add_up(invoice),
        lambda: check_net_plus_vat_is_gross(invoice),
        lambda: check_vat_per_rate(invoice),
        lambda: check_vat_number(invoice),
        lambda: check_iban(invoice),
        lambda: check_dates(invoice, today=today),
        lambda: check_currency(invoice, home_currency=home_currency),
    ]
    return [result for check in checks if (result := check()) is not None]
