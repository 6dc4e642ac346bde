"""Sales entries, journal entries, sales orders and subscription lines reach Exact once: what
was made is found again by its reference (or natural key) before anything is repeated."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from exactbridge.online import odata
from exactbridge.online.client import ExactOnlineClient
from exactbridge.posting.actions import (
    AttachedDocument,
    EntryLine,
    GeneralJournalEntryAction,
    JournalLine,
    OrderLine,
    SalesEntryAction,
    SalesOrderAction,
    SubscriptionLineChange,
)
from exactbridge.posting.online_backend import OnlineBackend

MARCH = datetime.date(2026, 3, 2)


@pytest.fixture
def client(connected):
    return ExactOnlineClient(connected)


@pytest.fixture
def backend(connected):
    return OnlineBackend(connected.administration)


def one(client, path, condition, key="ID"):
    return next(client.get_collection(path, select=[key], filter=condition, top=1))[key]


def test_a_sales_entry_is_made_with_its_pdf_and_found_again(client, backend, pdf):
    action = SalesEntryAction(
        journal="70",
        customer=one(client, "crm/Accounts", odata.eq("Code", odata.account_code(1001))),
        entry_date=MARCH,
        your_ref="ORD-1",
        lines=(
            EntryLine(
                gl_account=one(client, "financial/GLAccounts", odata.eq("Code", "8000")),
                amount=Decimal("250.00"),
                vat_code="1  ",
            ),
        ),
    )

    assert backend.find(action, reference="EB-acme-1") is None
    made = backend.post(
        action,
        reference="EB-acme-1",
        document=AttachedDocument("sale.pdf", pdf),
        resume=False,
    )

    assert made.entry_number
    assert backend.find(action, reference="EB-acme-1") == made
    assert backend.find(action, reference="EB-acme-2") is None


def test_a_general_journal_entry_is_found_through_its_lines(client, backend):
    gl = one(client, "financial/GLAccounts", odata.eq("Code", "4000"))
    action = GeneralJournalEntryAction(
        journal="90",
        entry_date=MARCH,
        description="Accrual",
        lines=(
            JournalLine(gl_account=gl, amount=Decimal("10")),
            JournalLine(gl_account=gl, amount=Decimal("-10")),
        ),
    )

    made = backend.post(action, reference="EB-acme-12", document=None, resume=False)

    assert made.entry_number
    assert backend.find(action, reference="EB-acme-12") == made
    assert backend.find(action, reference="EB-acme-1") is None  # not a prefix match


def test_a_sales_order_is_found_by_the_reference_in_its_description(client, backend):
    action = SalesOrderAction(
        customer=one(client, "crm/Accounts", odata.eq("Code", odata.account_code(1002))),
        order_date=MARCH,
        your_ref="KLANT-PO-77",
        lines=(
            OrderLine(
                item=one(client, "logistics/Items", odata.compare("Code", "ne", "")),
                quantity=Decimal("2"),
            ),
        ),
    )

    made = backend.post(action, reference="EB-acme-3", document=None, resume=False)

    assert made.entry_number
    assert backend.find(action, reference="EB-acme-3") == made


def test_a_new_subscription_line_is_found_by_subscription_item_and_start(client, backend):
    action = SubscriptionLineChange(
        subscription=one(
            client, "subscription/Subscriptions", odata.eq("Number", 1), key="EntryID"
        ),
        item=one(client, "logistics/Items", odata.eq("Code", "ABO-01")),
        quantity=Decimal("3"),
        from_date=MARCH,
    )

    assert backend.find(action, reference="EB-acme-4") is None
    made = backend.post(action, reference="EB-acme-4", document=None, resume=False)

    assert backend.find(action, reference="EB-acme-4") == made
    change = SubscriptionLineChange(
        subscription=action.subscription,
        item=action.item,
        quantity=Decimal("5"),
        from_date=MARCH,
        line=made.entry_id,
    )
    assert backend.post(change, reference="EB-acme-5", document=None, resume=False) == made
    line = client.get_one("subscription/SubscriptionLines", odata.Guid(made.entry_id))
    assert line["Quantity"] == 5.0
