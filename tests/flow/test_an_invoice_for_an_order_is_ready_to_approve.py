"""An e-invoice from a known supplier for its received order: identified by VAT number, matched,
proposed as a complete purchase entry, planned for posting, and ready for approval."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cases.models import Case
from exactbridge.helpers.messages import render
from exactbridge.posting.models import Posting
from tests.flow.conftest import FULLY_RECEIVED, check, invoice_for, order, read, supplier_of


def test_a_received_order_invoiced_at_its_prices_is_ready_for_approval(synced):
    supplier = supplier_of(order(synced, FULLY_RECEIVED))

    case = read(synced, invoice_for(synced, FULLY_RECEIVED, "INV-1001"))

    assert case.status == Case.Status.READY_FOR_APPROVAL, case.status_reason
    identified = check(case, "supplier")
    assert identified.severity == "ok"
    assert (
        f"Identified as {supplier.code} {supplier.name} by VAT number"
        in identified.get_message_display()
    )
    assert case.proposal.supplier == supplier
    assert check(case, "iban_known").severity == "ok"
    assert check(case, "not_booked").severity == "ok"
    assert (
        check(case, "match").get_message_display().startswith(f"Matched to order {FULLY_RECEIVED}")
    )
    assert case.proposal.match_status == "matched"


def test_the_proposal_is_a_complete_purchase_entry(synced):
    case = read(synced, invoice_for(synced, FULLY_RECEIVED, "INV-1002"))

    entry = case.proposal.entry
    assert entry["journal"] == {"code": "60", "name": "Inkoopboek"}
    supplier = case.proposal.supplier
    condition_days = int(supplier.payment_condition_purchase)
    issued = case.document_date
    assert entry["due_date"] == (issued + dt.timedelta(days=condition_days)).isoformat()
    for line in entry["lines"]:
        assert line["gl_account"]["value"] == "7000"
        assert render(line["gl_account"]["reason"]) == "supplier default in Exact"
        assert line["vat_code"]["value"] == "1"
    assert Decimal(entry["total"]) == case.total_amount - Decimal(
        case.extracted["vat_total"]["value"]
    )
    posting = Posting.objects.get(case=case)
    assert posting.kind == "purchase_entry"
    assert posting.action["journal"] == "60"
    assert posting.action["supplier"] == str(supplier.exact_id)
    assert posting.action["supplier_invoice_number"] == "INV-1002"
    assert posting.payload["endpoint"] == "purchaseentry/PurchaseEntries"
