"""The proposal for a purchase invoice: match it with the supplier's orders and receipts, code
its lines, and plan the purchase entry that approval will post.

``prepare_proposal`` computes (it reads, and writes nothing); ``save_proposal`` keeps the result
on the case and plans (or withdraws) the posting; ``refresh_proposal`` does both again for a case
whose data changed. Coding comes from ``matching.coding``: the matched order line first, then
what people approved for this supplier before, then the supplier's defaults in Exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from cases.matching_adapter import (
    OrderBook,
    ReadLine,
    invoice_for_matching,
    order_book,
    read_lines,
    supplier_key,
    tolerances_for,
    value,
)
from cases.models import Case, Check
from cases.proposal_entry import (
    APPROVED,
    PROPOSAL_CHECK,
    approved_history,
    build_entry,
    entry_action,
    proposal_check,
    supplier_defaults,
)
from cases.proposal_models import Proposal
from cases.services import CheckResult
from exactbridge.helpers.messages import Message, as_message, join, message
from exactbridge.masterdata.models import Relation
from exactbridge.posting.actions import PurchaseEntryAction
from matching.coding import learn, propose_posting
from matching.three_way import match_invoice
from matching.types import InvoiceMatch, MatchStatus

PURCHASE_KINDS = frozenset({Case.Kind.PURCHASE_INVOICE, Case.Kind.PURCHASE_CREDIT_NOTE})
MATCH_CHECK = "match"
CENT = Decimal("0.01")
MATCH_STATUS = {
    MatchStatus.MATCHED: Proposal.MatchStatus.MATCHED,
    MatchStatus.WITHIN_TOLERANCE: Proposal.MatchStatus.WITHIN_TOLERANCE,
    MatchStatus.EXCEPTION: Proposal.MatchStatus.EXCEPTION,
}


@dataclass
class Prepared:
    """A proposal computed for a case, not yet stored."""

    supplier: Relation | None
    supplier_reason: Message | str
    match_status: str = Proposal.MatchStatus.NOT_MATCHED
    match: dict[str, Any] = field(default_factory=dict)
    entry: dict[str, Any] = field(default_factory=dict)
    action: PurchaseEntryAction | None = None
    checks: list[CheckResult] = field(default_factory=list)


def prepare_proposal(
    *,
    case: Case,
    extracted: dict | None,
    kind: str,
    supplier: Relation | None,
    supplier_reason: Message | str,
) -> Prepared | None:
    """The match and the proposed entry for a purchase invoice or credit note (None for other
    kinds). Without an identified supplier there is nothing to match or propose."""
    if kind not in PURCHASE_KINDS or not extracted:
        return None
    prepared = Prepared(supplier=supplier, supplier_reason=supplier_reason)
    if supplier is None:
        return prepared
    administration = case.administration
    lines = read_lines(extracted)
    book = order_book(
        administration_id=administration.pk,
        supplier=supplier,
        reference=value(extracted, "po_number") or "",
    )
    book.invoiced = _invoiced_before(case, supplier, book)
    invoice = invoice_for_matching(
        extracted=extracted,
        supplier=supplier_key(supplier),
        lines=lines,
        po_reference=book.reference,
    )
    match = None
    if book.orders or book.reference:
        match = match_invoice(
            invoice=invoice,
            orders=book.orders,
            receipts=book.receipts,
            already_invoiced=book.invoiced,
            tolerances=tolerances_for(administration),
            receipts_required=administration.receipts_required,
            units=book.units,
        )
        prepared.match_status = MATCH_STATUS[match.status]
    prepared.match = _match_json(match, lines, book, two_way=not administration.receipts_required)
    prepared.checks.append(
        _match_check(match, supplier, two_way=not administration.receipts_required)
    )

    defaults = supplier_defaults(administration.pk, supplier)
    history, corrected = approved_history(case, supplier)
    proposal = propose_posting(
        invoice=invoice,
        match=match,
        order_lines=book.lines,
        memory=learn(history),
        defaults=defaults.supplier,
    )
    prepared.entry, prepared.action = build_entry(
        case, extracted, supplier, lines, proposal, defaults, corrected
    )
    prepared.checks.append(proposal_check(prepared.entry))
    return prepared


def save_proposal(*, case: Case, prepared: Prepared) -> Proposal:
    """Keep the proposal on the case and plan the posting it leads to; an incomplete proposal
    withdraws a plan that was made before (it would post the wrong thing)."""
    from exactbridge.posting.backends import PostingUnavailable
    from exactbridge.posting.models import Posting
    from exactbridge.posting.services import PostingNotChangeable, plan_posting

    entry = dict(prepared.entry)
    with transaction.atomic():
        if prepared.action is not None:
            try:
                plan_posting(case=case, action=prepared.action)
                entry["posting"] = message(
                    gettext_noop("Approving posts this entry in Exact.")
                ).to_json()
            except (PostingUnavailable, PostingNotChangeable) as refused:
                entry["posting"] = refused.message.to_json()
        else:
            Posting.objects.filter(case=case, state=Posting.State.INTENDED).delete()
        reason, reason_params = as_message(prepared.supplier_reason).to_columns()
        proposal, _created = Proposal.objects.update_or_create(
            case=case,
            defaults={
                "supplier": prepared.supplier,
                "supplier_reason": reason,
                "supplier_reason_params": reason_params,
                "match_status": prepared.match_status,
                "match": prepared.match,
                "entry": entry,
            },
        )
    return proposal


def refresh_proposal(*, case: Case) -> Proposal | None:
    """Match and propose again after the case's data changed (call it after the checks were
    recorded again: the supplier comes from the supplier check's details). Replaces the match
    and proposal check rows; returns the proposal, or None for a case that has none."""
    supplier, reason = _identified_supplier(case)
    prepared = prepare_proposal(
        case=case, extracted=case.extracted, kind=case.kind, supplier=supplier,
        supplier_reason=reason,
    )  # fmt: skip
    if prepared is None:
        return None
    previous = Proposal.objects.filter(case=case).values_list("entry", flat=True).first()
    if previous and prepared.entry and carry_corrections(previous, prepared.entry):
        # What people chose on a line outlives a new proposal for the same line.
        prepared.action = entry_action(case, prepared.entry, supplier)
    with transaction.atomic():
        case.checks.filter(code__in=[MATCH_CHECK, PROPOSAL_CHECK]).delete()
        Check.objects.bulk_create(check.as_row(case) for check in prepared.checks)
        return save_proposal(case=case, prepared=prepared)


def carry_corrections(previous: dict, entry: dict) -> bool:
    """Copy the corrected codes of ``previous``'s lines onto the same lines of ``entry`` (same
    position and description); True when anything was carried over."""
    carried = False
    new_lines = entry.get("lines") or []
    for index, old in enumerate(previous.get("lines") or []):
        if not old.get("corrected") or index >= len(new_lines):
            continue
        line = new_lines[index]
        if line.get("description") != old.get("description"):
            continue
        for name in old.get("corrected_fields", []):
            line[name] = old.get(name)
        for name in ("corrected", "corrected_by", "corrected_at", "corrected_fields"):
            line[name] = old.get(name)
        carried = True
    return carried


def _identified_supplier(case: Case) -> tuple[Relation | None, Message]:
    check = case.checks.filter(code="supplier").order_by("-id").first()
    if check is None:
        return None, Message("")
    relation_id = (check.details or {}).get("relation_id")
    relation = Relation.objects.filter(pk=relation_id).first() if relation_id else None
    return relation, check.reason


# --- matching ---------------------------------------------------------------------------------
def _invoiced_before(case: Case, supplier: Relation, book: OrderBook) -> dict:
    """Per order line: what Exact says was invoiced, plus what earlier approved cases of this
    supplier booked on it (their entries are not linked to the order in Exact)."""
    invoiced = dict(book.invoiced)
    earlier = Proposal.objects.filter(
        case__administration_id=case.administration_id, supplier=supplier, case__status__in=APPROVED
    ).exclude(case_id=case.pk)
    for match in earlier.values_list("match", flat=True):
        for order, line, quantity in (match or {}).get("allocations", []):
            key = (order, line)
            if key in book.lines:
                invoiced[key] = invoiced.get(key, Decimal(0)) + Decimal(quantity)
    return invoiced


def _match_check(match: InvoiceMatch | None, supplier: Relation, *, two_way: bool) -> CheckResult:
    mode = message(gettext_noop(" (two-way: goods receipts are not required)")) if two_way else ""
    if match is None:
        return CheckResult(
            MATCH_CHECK,
            "info",
            message(
                gettext_noop(
                    "Nothing to match: Exact has no open purchase order of %(supplier)s and the "
                    "invoice names none."
                ),
                supplier=supplier.name,
            ),
        )
    order = ", ".join(match.orders)
    reasons = join(_reason_texts(match), "; ")
    # Each note in brackets after the sentence; the brackets are no text to translate.
    notes = [Message("(%(note)s)", {"note": note.text}) for note in match.notes]
    if match.status == MatchStatus.MATCHED:
        text = message(gettext_noop("Matched to order %(order)s%(mode)s."), order=order, mode=mode)
        return CheckResult(MATCH_CHECK, "ok", join([text, *notes]))
    if match.status == MatchStatus.WITHIN_TOLERANCE:
        text = message(
            gettext_noop("Matched to order %(order)s within tolerance: %(reasons)s%(mode)s."),
            order=order,
            reasons=reasons,
            mode=mode,
        )
        return CheckResult(MATCH_CHECK, "info", join([text, *notes]))
    if match.orders:
        text = message(
            gettext_noop("Not matched to order %(order)s: %(reasons)s%(mode)s."),
            order=order,
            reasons=reasons,
            mode=mode,
        )
    else:
        text = message(
            gettext_noop("Not matched: %(reasons)s%(mode)s."), reasons=reasons, mode=mode
        )
    parts = [text]
    if match.candidates:
        parts.append(
            message(
                gettext_noop("Candidates: %(candidates)s."),
                candidates=", ".join(match.candidates),
            )
        )
    return CheckResult(
        MATCH_CHECK, "warning", join([*parts, *notes]), {"candidates": list(match.candidates)}
    )


def _reason_texts(match: InvoiceMatch) -> list[Message]:
    """The invoice's reasons, then each line's, named by line when the invoice has several."""
    texts = [reason.text for reason in match.reasons]
    several = len(match.lines) > 1
    for line in match.lines:
        for reason in line.reasons:
            if several:
                texts.append(
                    message(
                        gettext_noop("line %(no)s: %(reason)s"),
                        no=line.invoice_line_no,
                        reason=reason.text,
                    )
                )
            else:
                texts.append(reason.text)
    return texts


def _match_json(match, lines: list[ReadLine], book: OrderBook, *, two_way: bool) -> dict:
    """The match as the case page shows it: invoice line, order line(s), receipts, reasons."""
    if match is None:
        return {}
    by_line = {line_match.invoice_line_no: line_match for line_match in match.lines}
    rows = []
    for line in lines:
        line_match = by_line.get(line.line_no)
        order_lines = []
        for key, quantity in line_match.allocations if line_match else ():
            order_line, row = book.lines[key], book.rows[key]
            order_lines.append(
                {
                    "label": order_line.label,
                    "item_code": order_line.item_code,
                    "description": order_line.description,
                    "ordered": str(order_line.quantity),
                    "received": str(row.received_quantity or 0),
                    "unit_price": str(order_line.unit_price),
                    "booked": str(quantity),
                    "receipts": book.received_by.get(key, []),
                }
            )
        status = line_match.status if line_match else MatchStatus.EXCEPTION
        deviation = line_match.price_deviation_percent if line_match else None
        rows.append(
            {
                "line_no": line.line_no,
                "description": line.description,
                "item_code": line.item_code,
                "quantity": str(line.quantity),
                "unit_price": str(line.unit_price.quantize(CENT) if line.unit_price else 0),
                "amount": str(line.amount),
                "status": str(MATCH_STATUS[status]),
                "status_label": as_message(
                    Proposal.MatchStatus(MATCH_STATUS[status]).label
                ).to_json(),
                "price_deviation": str(deviation) if deviation else "",
                "reasons": [r.text.to_json() for r in line_match.reasons] if line_match else [],
                "candidates": list(line_match.candidates) if line_match else [],
                "order_lines": order_lines,
            }
        )
    return {
        "status": str(MATCH_STATUS[match.status]),
        "orders": list(match.orders),
        "reasons": [reason.text.to_json() for reason in match.reasons],
        "notes": [note.text.to_json() for note in match.notes],
        "candidates": list(match.candidates),
        "total_deviation": str(match.total_deviation),
        "two_way": two_way,
        "allocations": [
            [key[0], key[1], str(quantity)]
            for line_match in match.lines
            for key, quantity in line_match.allocations
        ],
        "rows": rows,
    }
