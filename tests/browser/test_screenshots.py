"""The case page in Dutch (what a Dutch browser asks for) and in English (after the switch in
the top bar, which is kept on the user), each saved as a screenshot for people to look at:
artifacts/screenshots/case-nl.png and case-en.png."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cases.models import Case
from cases.transitions import mark_reviewed
from tests.browser.conftest import save_screenshot, sign_in
from tests.cases.invoices import read_invoice_case

pytestmark = pytest.mark.browser


@pytest.fixture
def ready_case(administration, accountant) -> Case:
    """Peppol's base example, looked over by the accountant: ready for approval."""
    return mark_reviewed(read_invoice_case(administration), user=accountant)


def expect_language(page, *, heading: str, status: str, approve: str, queue: str) -> None:
    expect(page.locator("#case-data h2").first).to_have_text(heading)
    expect(page.locator("#panel .status")).to_contain_text(status)
    expect(page.locator("form[data-key=approve] button")).to_contain_text(approve)
    expect(page.locator("form[data-key=approve] button")).to_be_enabled()
    expect(page.locator(".case-nav a").first).to_contain_text(queue)


def test_the_case_page_in_dutch_and_in_english(new_page, approver, ready_case):
    page = new_page(locale="nl-NL")
    sign_in(page, "approver")
    page.goto(reverse("cases:case", args=[ready_case.administration.code, ready_case.pk]))

    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect_language(
        page,
        heading="Gegevens uit het document",
        status="Klaar voor goedkeuring",
        approve="Goedkeuren",
        queue="Klaar voor goedkeuring",
    )
    save_screenshot(page, "case-nl")

    page.locator("header.topbar select[name=language]").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect_language(
        page,
        heading="Data read from the document",
        status="Ready for approval",
        approve="Approve",
        queue="Ready for approval",
    )
    save_screenshot(page, "case-en")

    approver.refresh_from_db()
    assert approver.language == "en"
