"""Checks that need Exact's data, once the supplier is known: is the IBAN one Exact has for this
supplier, and is this invoice number not booked for them already.

Each returns a ``CheckResult`` with a plain reason, or None when there is nothing to check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_noop
from stdnum import iban as iban_number

from cases.models import Case
from cases.proposals import Prepared, prepare_proposal
from cases.services import CheckResult
from exactbridge.helpers.messages import join, message
from exactbridge.masterdata import selectors
from exactbridge.masterdata.models import Relation
from intake.extracted import ExtractedInvoice
from intake.serialize import invoice_to_json
from intake.suppliers import SupplierIdentification, identify_supplier

OK, WARNING, ERROR = "ok", "warning", "error"
CENT = Decimal("0.01")
# A case in these statuses does not count as the invoice having been received.
NOT_COUNTING = (Case.Status.REJECTED, Case.Status.DUPLICATE, Case.Status.UNREADABLE)


def check_iban_known(*, administration, supplier: Relation, iban: str | None) -> CheckResult | None:
    """A changed IBAN is the classic invoice fraud: say so loudly, never pass it quietly."""
    number = selectors.compact(iban)
    if not number:
        return None
    shown = _format(number)
    accounts = list(selectors.bank_accounts_of(administration, supplier.exact_id))
    own = [account for account in accounts if account.iban == number]
    if own:
        if own[0].blocked:
            return CheckResult(
                "iban_known",
                WARNING,
                # No sentence here ends on the supplier's name: most end in "B.V." already.
                message(
                    gettext_noop("%(supplier)s has IBAN %(iban)s blocked in Exact."),
                    iban=shown,
                    supplier=supplier.name,
                ),
            )
        return CheckResult(
            "iban_known",
            OK,
            message(
                gettext_noop("%(supplier)s has IBAN %(iban)s in Exact."),
                iban=shown,
                supplier=supplier.name,
            ),
        )
    known = ", ".join(_format(account.iban) for account in accounts)
    others = [
        relation
        for relation in selectors.relations_by_iban(administration, number)
        if relation.pk != supplier.pk
    ]
    if accounts:
        warning = message(
            gettext_noop(
                "Possible fraud: IBAN %(iban)s is not an account Exact has for %(supplier)s "
                "(Exact has %(known)s). Confirm the change with the supplier by phone, on a "
                "number you already had, before anything is paid."
            ),
            iban=shown,
            supplier=supplier.name,
            known=known,
        )
    else:
        warning = message(
            gettext_noop(
                "Exact has no bank account for %(supplier)s, so IBAN %(iban)s cannot be "
                "confirmed. Confirm it with the supplier before anything is paid."
            ),
            iban=shown,
            supplier=supplier.name,
        )
    if others:
        belongs = message(
            gettext_noop("That IBAN belongs to %(names)s in Exact."),
            names=", ".join(f"{r.code} {r.name}" for r in others),
        )
        warning = join([warning, belongs])
    return CheckResult("iban_known", WARNING, warning, {"iban": number, "known": known})


def check_not_booked(
    *, case: Case, supplier: Relation, invoice_number: str | None
) -> CheckResult | None:
    """Booked already: an open payable of this supplier in Exact with this number as its
    reference, or an earlier case for this supplier and number that is still alive."""
    number = (invoice_number or "").strip()
    if not number:
        return None
    administration = case.administration_id
    payables = selectors.open_payables(administration, relation_exact_id=supplier.exact_id)
    for item in payables:
        if number.casefold() in (item.your_ref.casefold(), item.invoice_number.casefold()):
            return CheckResult(
                "not_booked",
                ERROR,
                message(
                    gettext_noop(
                        "Invoice %(number)s of %(supplier)s is already booked in Exact "
                        "(entry %(entry)s, %(amount)s %(currency)s open)."
                    ),
                    number=number,
                    supplier=supplier.name,
                    entry=str(item.entry_number or "?"),
                    amount=Decimal(item.amount).quantize(CENT),
                    currency=item.currency,
                ),
                {"open_item": item.hid},
            )
    earlier = (
        Case.objects.filter(
            administration_id=administration,
            proposal__supplier=supplier,
            invoice_number__iexact=number,
        )
        .exclude(pk=case.pk)
        .exclude(status__in=NOT_COUNTING)
        .order_by("pk")
        .first()
    )
    if earlier is not None:
        return CheckResult(
            "not_booked",
            ERROR,
            message(
                gettext_noop(
                    "Invoice %(number)s of %(supplier)s is already case #%(id)s (%(status)s)."
                ),
                number=number,
                supplier=supplier.name,
                id=earlier.pk,
                status=Case.Status(earlier.status).label,
            ),
            {"case": earlier.pk},
        )
    return CheckResult(
        "not_booked",
        OK,
        message(
            gettext_noop("%(supplier)s has no invoice %(number)s booked yet."),
            number=number,
            supplier=supplier.name,
        ),
    )


def run_exact_checks(
    *, case: Case, supplier: SupplierIdentification, iban: str | None, invoice_number: str | None
) -> list[CheckResult]:
    if supplier.relation is None:
        return []
    checks = [
        check_iban_known(
            administration=case.administration_id, supplier=supplier.relation, iban=iban
        ),
        check_not_booked(case=case, supplier=supplier.relation, invoice_number=invoice_number),
    ]
    return [check for check in checks if check is not None]


def _format(number: str) -> str:
    return iban_number.format(number)


@dataclass
class ExactFindings:
    """What checking against Exact found: the supplier, the check rows, and (for a purchase
    invoice or credit note) the proposal to keep when the case is stored."""

    supplier: SupplierIdentification
    checks: list[CheckResult] = field(default_factory=list)
    proposal: Prepared | None = None


def check_against_exact(*, case: Case, invoice: ExtractedInvoice, kind: str) -> ExactFindings:
    """Identify the supplier, run the checks that need Exact's data, and match and propose.

    Reads only; ``cases.proposals.save_proposal`` keeps the proposal with the case."""
    supplier = identify_supplier(
        administration=case.administration_id,
        vat_number=_value(invoice.vat_number),
        iban=_value(invoice.iban),
        kvk_number=_value(invoice.kvk_number),
        name=_value(invoice.supplier_name),
    )
    findings = ExactFindings(supplier, [supplier.as_check()])
    findings.checks += run_exact_checks(
        case=case,
        supplier=supplier,
        iban=_value(invoice.iban),
        invoice_number=_value(invoice.invoice_number),
    )
    findings.proposal = prepare_proposal(
        case=case,
        extracted=invoice_to_json(invoice),
        kind=kind,
        supplier=supplier.relation,
        supplier_reason=supplier.reason,
    )
    if findings.proposal is not None:
        findings.checks += findings.proposal.checks
    return findings


def _value(found):
    return found.value if found is not None else None
