"""What is sent to Exact Online, field by field, with Exact's names (reference §5.14-§5.22)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from exactbridge.posting.actions import (
    EntryLine,
    GeneralJournalEntryAction,
    JournalLine,
    OrderLine,
    PurchaseEntryAction,
    SalesEntryAction,
    SalesOrderAction,
    SubscriptionLineChange,
    from_json,
    to_json,
)
from exactbridge.posting.online_backend import request_for

SUPPLIER = "0f1d2c3b-0000-4000-8000-000000000001"
GL = "0f1d2c3b-0000-4000-8000-000000000002"
PROJECT = "0f1d2c3b-0000-4000-8000-000000000003"
ITEM = "0f1d2c3b-0000-4000-8000-000000000004"
SUBSCRIPTION = "0f1d2c3b-0000-4000-8000-000000000005"
DOCUMENT = "0f1d2c3b-0000-4000-8000-000000000006"
MARCH = datetime.date(2026, 3, 2)

PURCHASE = PurchaseEntryAction(
    journal="60",
    supplier=SUPPLIER,
    supplier_invoice_number="INV-123",
    entry_date=MARCH,
    due_date=datetime.date(2026, 4, 1),
    description="Hosting",
    lines=(
        EntryLine(
            gl_account=GL,
            amount=Decimal("100.00"),
            vat_code="1  ",
            vat_amount=Decimal("21.00"),
            cost_center="300",
            cost_unit="10",
            project=PROJECT,
            description="Hosting maart",
        ),
    ),
)


def test_a_purchase_entry_carries_lines_invoice_number_dates_reference_and_document():
    method, path, body = request_for(PURCHASE, reference="EB-acme-7", document_id=DOCUMENT)

    assert (method, path) == ("POST", "purchaseentry/PurchaseEntries")
    assert body == {
        "Journal": "60",
        "Supplier": SUPPLIER,
        "YourRef": "INV-123",
        "EntryDate": "2026-03-02T00:00:00",
        "DueDate": "2026-04-01T00:00:00",
        "Currency": "EUR",
        "Description": "Hosting",
        "ExternalLinkReference": "EB-acme-7",
        "Document": DOCUMENT,
        "PurchaseEntryLines": [
            {
                "GLAccount": GL,
                "AmountFC": 100.0,
                "Description": "Hosting maart",
                "VATCode": "1  ",
                "VATAmountFC": 21.0,
                "CostCenter": "300",
                "CostUnit": "10",
                "Project": PROJECT,
            }
        ],
    }


def test_what_is_not_set_is_left_to_exacts_defaults():
    bare = PurchaseEntryAction(
        journal="60",
        supplier=SUPPLIER,
        supplier_invoice_number="INV-1",
        entry_date=MARCH,
        lines=(EntryLine(gl_account=GL, amount=Decimal("-5.00")),),
    )

    _, _, body = request_for(bare, reference="EB-acme-8", document_id=None)

    assert "DueDate" not in body and "Document" not in body
    assert body["PurchaseEntryLines"] == [{"GLAccount": GL, "AmountFC": -5.0}]


def test_a_sales_entry_keeps_the_reference_apart_from_the_customers_reference():
    action = SalesEntryAction(
        journal="70",
        customer=SUPPLIER,
        entry_date=MARCH,
        your_ref="PO-9",
        lines=(EntryLine(gl_account=GL, amount=Decimal("50"), vat_code="2  "),),
    )

    method, path, body = request_for(action, reference="EB-acme-9", document_id=DOCUMENT)

    assert (method, path) == ("POST", "salesentry/SalesEntries")
    assert body["Customer"] == SUPPLIER
    assert (body["YourRef"], body["ExternalLinkReference"]) == ("PO-9", "EB-acme-9")
    assert body["SalesEntryLines"] == [{"GLAccount": GL, "AmountFC": 50.0, "VATCode": "2  "}]


def test_a_general_journal_entry_tags_its_lines_with_the_reference():
    action = GeneralJournalEntryAction(
        journal="90",
        entry_date=MARCH,
        description="Accrual",
        lines=(
            JournalLine(gl_account=GL, amount=Decimal("10")),
            JournalLine(gl_account=GL, amount=Decimal("-10"), description="Reversal"),
        ),
    )

    method, path, body = request_for(action, reference="EB-acme-10", document_id=None)

    assert (method, path) == ("POST", "generaljournalentry/GeneralJournalEntries")
    assert body["JournalCode"] == "90"
    assert (body["FinancialYear"], body["FinancialPeriod"]) == (2026, 3)
    descriptions = [line["Description"] for line in body["GeneralJournalEntryLines"]]
    assert descriptions == ["EB-acme-10: Accrual", "EB-acme-10: Reversal"]
    assert body["GeneralJournalEntryLines"][1]["AmountFC"] == -10.0


def test_a_sales_order_keeps_the_customers_order_number_in_your_ref():
    action = SalesOrderAction(
        customer=SUPPLIER,
        order_date=MARCH,
        your_ref="KLANT-PO-1",
        description="Order",
        lines=(OrderLine(item=ITEM, quantity=Decimal("3"), unit_price=Decimal("9.50")),),
    )

    method, path, body = request_for(action, reference="EB-acme-11", document_id=None)

    assert (method, path) == ("POST", "salesorder/SalesOrders")
    assert body["OrderedBy"] == SUPPLIER
    assert (body["YourRef"], body["Description"]) == ("KLANT-PO-1", "EB-acme-11: Order")
    assert body["SalesOrderLines"] == [{"Item": ITEM, "Quantity": 3.0, "UnitPrice": 9.5}]


def test_a_subscription_line_is_added_with_a_post_and_changed_with_a_put():
    new = SubscriptionLineChange(
        subscription=SUBSCRIPTION, item=ITEM, quantity=Decimal("4"), from_date=MARCH
    )
    changed = SubscriptionLineChange(
        subscription=SUBSCRIPTION,
        item=ITEM,
        quantity=Decimal("6"),
        from_date=MARCH,
        line=DOCUMENT,
    )

    assert request_for(new, reference="EB-acme-12", document_id=None) == (
        "POST",
        "subscription/SubscriptionLines",
        {"EntryID": SUBSCRIPTION, "Item": ITEM, "Quantity": 4.0, "FromDate": "2026-03-02T00:00:00"},
    )
    assert request_for(changed, reference="EB-acme-12", document_id=None) == (
        "PUT",
        "subscription/SubscriptionLines",
        {"Quantity": 6.0, "FromDate": "2026-03-02T00:00:00"},
    )


def test_an_action_reads_back_from_its_stored_form_unchanged():
    stored = to_json(PURCHASE)

    assert stored["kind"] == "purchase_entry"
    assert stored["lines"][0]["amount"] == "100.00"
    assert from_json(stored) == PURCHASE
