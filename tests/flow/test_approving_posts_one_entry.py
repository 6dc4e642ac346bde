"""Approved (by two people above the threshold), the proposal becomes one purchase entry in
Exact, and the case keeps its number."""

from __future__ import annotations

from decimal import Decimal

from cases import tasks
from cases.models import Case
from cases.transitions import approve_case
from tests import factories
from tests.flow.conftest import FULLY_RECEIVED, invoice_for, read
from tests.online.simulator import control


def purchase_entries(sim) -> list[dict]:
    return [
        row
        for row in control(sim, "posted")["posted"]
        if row["entity"] == "PurchaseEntries" and row["status"] == 201
    ]


def test_two_approvals_above_the_threshold_then_one_entry_in_exact(sim, synced, approver):
    synced.four_eyes_threshold = Decimal("100")
    synced.save()
    second = factories.make_member(
        synced, "accountant", username="second", approval_limit=Decimal("1000000")
    )
    case = read(synced, invoice_for(synced, FULLY_RECEIVED, "INV-2001"))
    assert case.status == Case.Status.READY_FOR_APPROVAL, case.status_reason

    case = approve_case(case, user=approver)
    assert case.status == Case.Status.APPROVED
    case = approve_case(case, user=second)
    assert case.status == Case.Status.READY_TO_POST

    assert tasks.post_case(case.pk) == "posted"
    assert tasks.post_case(case.pk) == "posted"

    [entry] = purchase_entries(sim)
    case.refresh_from_db()
    assert case.status == Case.Status.POSTED
    assert case.exact_entry_number == str(entry["response"]["d"]["EntryNumber"])
    body = entry["request"]
    assert body["YourRef"] == "INV-2001"
    assert body["Journal"] == "60"
    assert body["Supplier"] == str(case.proposal.supplier.exact_id)
    net = sum(Decimal(str(line["AmountFC"])) for line in body["PurchaseEntryLines"])
    assert net == Decimal(case.proposal.entry["total"])
    assert entry["response"]["d"]["AmountFC"] == float(case.total_amount)
