"""The proposed purchase entry: each line coded (GL account, VAT code, cost center, cost unit,
project) by ``matching.coding`` from the matched order line, what people approved for this
supplier before, and the supplier's defaults in Exact; the due date from the supplier's payment
condition. Shown to people in accounting terms, and as the action that posting sends.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.matching_adapter import ReadLine, amount, credit_sign, supplier_key, value
from cases.models import Case
from cases.proposal_models import Proposal
from cases.services import CheckResult
from exactbridge.helpers.messages import as_message, join, message, plural_message
from exactbridge.masterdata.models import (
    GLAccount,
    Journal,
    PaymentCondition,
    Project,
    Relation,
    VATCode,
)
from exactbridge.posting.actions import EntryLine, PurchaseEntryAction
from matching.coding import ApprovedPosting, PostingProposal, Suggestion, SupplierDefaults

S = Case.Status
# Cases whose coding people stood behind: history to learn from.
APPROVED = (S.APPROVED, S.READY_TO_POST, S.POSTING, S.POSTED, S.POSTING_FAILED)
HISTORY_CASES = 200
PURCHASE_JOURNAL = 22
PROPOSAL_CHECK = "proposal"
CENT = Decimal("0.01")


def approved_history(case: Case, supplier: Relation) -> tuple[list[ApprovedPosting], Counter]:
    """Lines of this supplier's earlier approved cases, as they were approved, and how often
    people corrected a line to each value (``(field, value)`` -> times). A line people corrected
    (``cases.proposal_editing``) counts heavier in ``learn``."""
    earlier = (
        Proposal.objects.filter(
            case__administration_id=case.administration_id,
            supplier=supplier,
            case__status__in=APPROVED,
        )
        .exclude(case_id=case.pk)
        .select_related("case")
        .order_by("-case__created_at")[:HISTORY_CASES]
    )
    history, corrected = [], Counter()
    for proposal in earlier:
        date = proposal.case.document_date or proposal.case.created_at.date()
        for line in proposal.entry.get("lines", []):
            coding = {
                name: (line.get(name) or {}).get("value", "")
                for name in ("gl_account", "vat_code", "cost_center", "cost_unit", "project")
            }
            history.append(
                ApprovedPosting(
                    supplier=supplier_key(supplier),
                    date=date,
                    item_code=line.get("item_code", ""),
                    description=line.get("description", ""),
                    coding=coding,
                    corrected=bool(line.get("corrected")),
                )
            )
            corrected.update((name, coding[name]) for name in line.get("corrected_fields", ()))
    return history, corrected


@dataclass(frozen=True)
class Defaults:
    supplier: SupplierDefaults
    journal: Journal | None
    condition: PaymentCondition | None


def supplier_defaults(administration_id: int, supplier: Relation) -> Defaults:
    journal = (
        Journal.objects.live()
        .filter(administration_id=administration_id, type=PURCHASE_JOURNAL, is_blocked=False)
        .order_by("code")
        .first()
    )
    condition = (
        PaymentCondition.objects.live()
        .filter(administration_id=administration_id, code=supplier.payment_condition_purchase)
        .first()
        if supplier.payment_condition_purchase
        else None
    )
    gl_code = ""
    if supplier.gl_account_purchase_exact_id:
        gl_code = (
            GLAccount.objects.live()
            .filter(
                administration_id=administration_id, exact_id=supplier.gl_account_purchase_exact_id
            )
            .values_list("code", flat=True)
            .first()
            or ""
        )
    coding = {"gl_account": gl_code, "vat_code": supplier.purchase_vat_code}
    return Defaults(
        SupplierDefaults(
            supplier=supplier_key(supplier),
            journal=journal.code if journal else "",
            payment_days=condition.days if condition else 30,
            coding={name: code for name, code in coding.items() if code},
        ),
        journal,
        condition,
    )


def due_date(invoice_date: dt.date, condition: PaymentCondition | None) -> dt.date | None:
    """Exact's rule: first ``end_of_months`` month-ends, then ``days`` days."""
    if condition is None:
        return None
    date = invoice_date
    for _month in range(condition.end_of_months):
        last = calendar.monthrange(date.year, date.month)[1]
        date = date.replace(day=last) if date.day != last else _next_month_end(date)
    return date + dt.timedelta(days=condition.days)


def _next_month_end(date: dt.date) -> dt.date:
    following = date + dt.timedelta(days=1)
    return following.replace(day=calendar.monthrange(following.year, following.month)[1])


def build_entry(
    case,
    extracted,
    supplier,
    lines,
    proposal: PostingProposal,
    defaults: Defaults,
    corrected: Counter | None = None,
):
    """The proposed entry in accounting terms (for people) and as an action (for posting);
    ``corrected`` (from ``approved_history``) says which learned values people corrected to."""
    administration_id = case.administration_id
    proposed = {line.invoice_line_no: line for line in proposal.lines}
    gl_codes = {s.value for p in proposal.lines if (s := p.coding.get("gl_account")) is not None}
    gl_accounts = {
        gl.code: gl
        for gl in GLAccount.objects.live().filter(
            administration_id=administration_id, code__in=gl_codes
        )
    }
    vat_codes = {
        vat.code: vat
        for vat in VATCode.objects.live().filter(
            administration_id=administration_id, is_blocked=False
        )
    }
    project_codes = {s.value for p in proposal.lines if (s := p.coding.get("project")) is not None}
    projects = dict(
        Project.objects.live()
        .filter(administration_id=administration_id, code__in=project_codes)
        .values_list("code", "exact_id")
    )
    rows, missing = [], []
    for line in lines:
        coding = dict(proposed[line.line_no].coding) if line.line_no in proposed else {}
        vat = _vat_for_rate(coding.get("vat_code"), line.vat_rate, vat_codes)
        if vat is not None:
            coding["vat_code"] = vat
        gl = coding.get("gl_account")
        account = gl_accounts.get(gl.value) if gl else None
        if account is None:
            missing.append(missing_gl_account(line.line_no, line.description))
        rows.append(_line_json(line, coding, account, vat_codes, corrected or Counter()))
    difference = _document_difference(extracted, lines)
    if difference and rows:
        first = rows[0]
        rows.append(
            {**first, "no": len(rows) + 1, "item_code": "", "amount": str(difference),
             "description": _("Allowances and charges on the whole invoice"), "vat_rate": ""}
        )  # fmt: skip
    journal = defaults.journal
    if journal is None:
        missing.append(missing_journal())
    issued = value(extracted, "invoice_date")
    entry_date = dt.date.fromisoformat(issued) if issued else case.created_at.date()
    due = due_date(entry_date, defaults.condition) or proposal.due_date
    condition = defaults.condition
    if condition:
        due_reason = message(
            gettext_noop("payment condition %(code)s (%(name)s)"),
            code=condition.code,
            name=condition.description,
        )
    else:
        due_reason = message(
            gettext_noop("30 days: Exact has no payment condition for this supplier")
        )
    corrections = message(
        gettext_noop(
            "Lines people corrected weigh more in the suggestions for this supplier's next "
            "invoices, once the case is approved."
        )
    )
    entry = {
        "journal": {"code": journal.code, "name": journal.description} if journal else None,
        "supplier": {"code": supplier.code, "name": supplier.name, "id": str(supplier.exact_id)},
        "invoice_number": value(extracted, "invoice_number") or "",
        "entry_date": entry_date.isoformat(),
        "due_date": due.isoformat(),
        "due_reason": due_reason.to_json(),
        "currency": value(extracted, "currency") or case.administration.currency,
        "credit_note": credit_sign(extracted) < 0,
        "lines": rows,
        "total": str(sum((Decimal(row["amount"]) for row in rows), Decimal(0))),
        "missing": missing,
        "corrections": corrections.to_json(),
    }
    if missing:
        return entry, None
    return entry, entry_action(case, entry, supplier, projects=projects)


def missing_gl_account(no: int, description: str) -> dict:
    """What an entry misses, as ``entry["missing"]`` keeps it (a message's JSON form)."""
    return message(
        gettext_noop("a GL account for line %(no)s (%(description)s)"),
        no=no,
        description=description,
    ).to_json()


def missing_journal() -> dict:
    return message(gettext_noop("a purchase journal (none in Exact)")).to_json()


def entry_action(
    case: Case, entry: dict, supplier, *, projects: dict | None = None
) -> PurchaseEntryAction | None:
    """The purchase entry as posting sends it, from the entry as the case page shows it (None
    while the entry is incomplete). ``projects`` maps project codes to Exact ids when the
    caller has them already."""
    if entry["missing"] or supplier is None:
        return None
    if projects is None:
        codes = {_code(line, "project") for line in entry["lines"]} - {""}
        projects = dict(
            Project.objects.live()
            .filter(administration_id=case.administration_id, code__in=codes)
            .values_list("code", "exact_id")
        )
    return PurchaseEntryAction(
        journal=entry["journal"]["code"],
        supplier=entry["supplier"]["id"],
        supplier_invoice_number=entry["invoice_number"],
        entry_date=dt.date.fromisoformat(entry["entry_date"]),
        due_date=dt.date.fromisoformat(entry["due_date"]),
        currency=entry["currency"],
        description=f"{supplier.name} {entry['invoice_number']}".strip()[:100],
        payment_reference=value(case.extracted, "payment_reference") or "",
        lines=tuple(
            EntryLine(
                gl_account=line["gl_account"]["id"],
                amount=Decimal(line["amount"]),
                description=line["description"][:100],
                vat_code=_code(line, "vat_code"),
                cost_center=_code(line, "cost_center"),
                cost_unit=_code(line, "cost_unit"),
                project=str(projects.get(_code(line, "project"), "") or ""),
            )
            for line in entry["lines"]
        ),
    )


def _code(line: dict, name: str) -> str:
    return (line.get(name) or {}).get("value", "") or ""


def _vat_for_rate(
    suggested: Suggestion | None, rate: Decimal | None, vat_codes
) -> Suggestion | None:
    """The invoice's own VAT rate decides when the suggested code has another percentage."""
    if rate is None:
        return None
    current = vat_codes.get(suggested.value) if suggested else None
    if current is not None and current.percentage == rate:
        return None
    fitting = sorted(
        (vat for vat in vat_codes.values() if vat.percentage == rate and not vat.charged),
        key=lambda vat: vat.code,
    )
    if len(fitting) != 1:
        return None
    reason = message(
        gettext_noop("the VAT code for the invoice's rate of %(rate)s%%"), rate=rate.normalize()
    )
    return Suggestion(fitting[0].code, 0.9, "invoice", reason)


def _line_json(
    line: ReadLine, coding: dict[str, Suggestion], account, vat_codes, corrected: Counter
) -> dict:
    def suggestion(name: str, label: str = "") -> dict | None:
        found = coding.get(name)
        if found is None:
            return None
        reason = found.reason
        times = corrected[(name, found.value)] if found.source == "history" else 0
        if times:
            reason = message(
                gettext_noop("corrected by people for this supplier (%(times)sx); %(reason)s"),
                times=times,
                reason=reason,
            )
        return {
            "value": found.value,
            "name": label,
            "confidence": found.confidence,
            "source": found.source,
            "reason": as_message(reason).to_json(),
        }

    vat = coding.get("vat_code")
    row = {
        "no": line.line_no,
        "description": line.description,
        "item_code": line.item_code,
        "amount": str(line.amount.quantize(CENT)),
        "vat_rate": str(line.vat_rate.normalize()) if line.vat_rate is not None else "",
        "gl_account": suggestion("gl_account", account.description if account else ""),
        "vat_code": suggestion(
            "vat_code", vat_codes[vat.value].description if vat and vat.value in vat_codes else ""
        ),
        "cost_center": suggestion("cost_center"),
        "cost_unit": suggestion("cost_unit"),
        "project": suggestion("project"),
        "corrected": False,
    }
    if row["gl_account"] is not None and account is not None:
        row["gl_account"]["id"] = str(account.exact_id)
    return row


def _document_difference(extracted, lines: list[ReadLine]) -> Decimal:
    """Allowances and charges on the whole invoice: the net total minus the lines."""
    net = amount(value(extracted, "net_total"))
    if net is None:
        return Decimal(0)
    difference = credit_sign(extracted) * net - sum((line.amount for line in lines), Decimal(0))
    return difference.quantize(CENT) if abs(difference) >= CENT else Decimal(0)


def proposal_check(entry: dict) -> CheckResult:
    if entry.get("missing"):
        missing = join([as_message(item) for item in entry["missing"]], "; ")
        return CheckResult(
            PROPOSAL_CHECK,
            "warning",
            message(
                gettext_noop("The proposed entry is not complete: it needs %(missing)s."),
                missing=missing,
            ),
        )
    uncertain = [
        str(row["no"])
        for row in entry["lines"]
        if (row.get("gl_account") or {}).get("source") == "default"
    ]
    proposed = plural_message(
        "Proposed: journal %(journal)s, %(count)d line, due %(due)s.",
        "Proposed: journal %(journal)s, %(count)d lines, due %(due)s.",
        count=len(entry["lines"]),
        journal=entry["journal"]["code"],
        due=dt.date.fromisoformat(entry["due_date"]),
    )
    if uncertain:
        default = plural_message(
            "The GL account of line %(lines)s is the supplier's default in Exact: check it.",
            "The GL account of lines %(lines)s is the supplier's default in Exact: check it.",
            count=len(uncertain),
            lines=", ".join(uncertain),
        )
        return CheckResult(PROPOSAL_CHECK, "info", join([proposed, default]))
    return CheckResult(PROPOSAL_CHECK, "ok", proposed)
