"""The case page shows the match line by line and the proposed entry in accounting terms, at
the same number of queries for an invoice of two lines as for one of four."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.flow.conftest import FULLY_RECEIVED, invoice_for, order, read


def page(client, case):
    return client.get(reverse("cases:case", args=[case.administration.code, case.pk]))


def test_the_page_shows_order_lines_receipts_and_the_coding(client, accountant, synced):
    case = read(synced, invoice_for(synced, FULLY_RECEIVED, "INV-6001"))
    client.force_login(accountant)

    text = page(client, case).text

    first = order(synced, FULLY_RECEIVED).lines.order_by("line_number").first()
    assert 'id="match"' in text
    assert f"{FULLY_RECEIVED}/1" in text and first.item_code in text
    assert "receipt " in text
    assert "Proposed entry in Exact" in text
    assert "60 Inkoopboek" in text
    assert "7000 Inkoopwaarde van de omzet" in text
    assert "supplier default in Exact" in text
    assert case.proposal.entry["due_date"] in text


def test_the_page_costs_the_same_queries_whatever_the_number_of_lines(
    client, accountant, synced, django_assert_num_queries
):
    client.force_login(accountant)
    two_lines = read(synced, invoice_for(synced, 13, "INV-6002"))
    four_lines = read(synced, invoice_for(synced, FULLY_RECEIVED, "INV-6003"))
    assert len(two_lines.proposal.entry["lines"]) < len(four_lines.proposal.entry["lines"])
    page(client, two_lines)
    with CaptureQueriesContext(connection) as captured:
        page(client, two_lines)

    with django_assert_num_queries(len(captured)):
        page(client, four_lines)
