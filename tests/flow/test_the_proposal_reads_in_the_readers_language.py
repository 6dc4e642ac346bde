"""The match and the proposed entry are worked out by the reading task in the default language
(Dutch); their reasons read in the language of whoever opens the case."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.flow.conftest import FULLY_RECEIVED, invoice_for, read


@pytest.fixture
def price_exception(synced):
    invoice = invoice_for(synced, FULLY_RECEIVED, "INV-7001", price_factor=Decimal("1.03"))
    with translation.override("nl"):
        return read(synced, invoice)


def _page(client, user, language: str, case) -> str:
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    page = client.get(reverse("cases:case", args=[case.administration.code, case.pk])).text
    return page.replace("&quot;", '"').replace("&#x27;", "'")


def test_an_english_reader_reads_the_match_and_the_proposal_in_english(
    client, accountant, price_exception
):
    page = _page(client, accountant, "en", price_exception)

    assert "line 1: price 3.0% above order" in page  # the match check
    assert "<br>price 3.0% above order" in page  # the match table's line
    assert "Identified as" in page  # why this supplier
    assert "payment condition" in page  # why this due date
    assert "supplier default in Exact" in page  # why this coding
    assert "boven de order" not in page
    assert "Herkend als" not in page


def test_a_dutch_reader_reads_them_in_dutch(client, accountant, price_exception):
    page = _page(client, accountant, "nl", price_exception)

    assert "regel 1: prijs 3,0% boven de order" in page
    assert "<br>prijs 3,0% boven de order" in page
    assert "Herkend als" in page
    assert "betalingsconditie" in page
    assert "standaard van de leverancier in Exact" in page
    assert "above order" not in page
    assert "Identified as" not in page
