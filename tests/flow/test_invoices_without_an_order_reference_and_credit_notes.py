"""An invoice that names no order is matched by its lines; a credit note is proposed with
negative amounts."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from cases.models import Case
from exactbridge.posting.models import Posting
from tests.flow.conftest import FULLY_RECEIVED, check, invoice_for, read


def test_without_a_reference_the_order_is_found_by_its_lines(synced):
    case = read(synced, invoice_for(synced, FULLY_RECEIVED, "INV-5001", with_reference=False))

    assert case.status == Case.Status.READY_FOR_APPROVAL, case.status_reason
    assert (
        check(case, "match").get_message_display().startswith(f"Matched to order {FULLY_RECEIVED}")
    )


def test_a_credit_note_is_proposed_with_negative_amounts(synced):
    invoice = dataclasses.replace(invoice_for(synced, FULLY_RECEIVED, "CN-5002"), credit_note=True)

    case = read(synced, invoice)

    assert case.kind == Case.Kind.PURCHASE_CREDIT_NOTE
    entry = case.proposal.entry
    assert entry["credit_note"] is True
    assert all(Decimal(line["amount"]) < 0 for line in entry["lines"])
    # Nothing of the order was invoiced before, so there is nothing to credit: a person looks.
    assert case.status == Case.Status.NEEDS_REVIEW
    assert "only 0 invoiced" in check(case, "match").get_message_display()
    action = Posting.objects.get(case=case).action
    assert all(Decimal(line["amount"]) < 0 for line in action["lines"])
