"""In the browser, from sign-in to posting.

A corpus e-invoice: the accountant signs in with a TOTP code, opens it from the review queue,
corrects its IBAN inline, marks it reviewed and approves; above the two-approver threshold a
second person approves, and the case waits to be posted (it has no supplier in Exact, so no
entry to post).

An invoice for a purchase order, in an administration connected to the Exact simulator: two
people approve it (after correcting a GL account, where the page offers that), the posting task
brings it into Exact, and the case shows it posted.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cases import tasks
from cases.models import Case
from tests import factories
from tests.browser.conftest import activate_totp, save_screenshot, sign_in
from tests.cases.invoices import read_invoice_case
from tests.flow.conftest import FULLY_RECEIVED, invoice_for, read

pytestmark = pytest.mark.browser

GOOD_IBAN = "NL91ABNA0417164300"


@pytest.fixture
def invoice_case(administration) -> Case:
    """Peppol's base example (EUR 1,656.25, an IBAN that is not one), above a threshold of
    EUR 1,000, so it needs two approvers."""
    administration.four_eyes_threshold = Decimal("1000")
    administration.save(update_fields=["four_eyes_threshold"])
    case = read_invoice_case(administration)
    assert case.status == Case.Status.NEEDS_REVIEW, case.status_reason
    return case


def open_case_from_queue(page, case: Case, queue: str) -> None:
    """Through the top bar's link to the dashboard, the queue's tab and the case's row."""
    page.locator("header.topbar").get_by_role("link", name="Cases").click()
    page.locator(f".tabs a[href$='?queue={queue}']").click()
    expect(page.locator(".tabs a[aria-current=page]")).to_have_attribute("href", re.compile(queue))
    page.get_by_role("link", name=f"#{case.pk}", exact=True).click()
    expect(page.locator("#case-title")).to_contain_text(f"#{case.pk}")


def correct_gl_account(page, code: str) -> bool:
    """Types another GL account into the first line's picker and saves the line with Enter,
    where the proposal offers pickers (being built; without them this does nothing)."""
    picker = page.locator("#proposal input[name=gl_account]").first
    if not picker.count():
        return False
    picker.fill(code)
    picker.press("Enter")
    expect(page.locator("#proposal .notice")).to_be_visible()
    expect(page.locator("#proposal input[name=gl_account]").first).to_have_value(code)
    expect(page.locator("#proposal tbody tr").first).to_contain_text("corrected by")
    return True


def test_an_accountant_and_a_second_approver_approve_a_corrected_invoice(
    new_page, accountant, approver, invoice_case
):
    case = invoice_case
    secret = activate_totp(accountant)

    page = new_page()
    sign_in(page, "accountant", totp_secret=secret)
    open_case_from_queue(page, case, "review")
    panel = page.locator("#panel")
    expect(panel.locator(".status")).to_contain_text("Needs review")

    iban = page.locator("#field-iban")
    expect(iban).to_have_value("IBAN32423940")
    iban.clear()
    iban.press_sequentially(GOOD_IBAN)  # keys, as the check-as-you-type listens to them
    expect(page.locator("#field-iban-message")).to_contain_text("✓")
    iban.press("Enter")
    expect(page.locator("#case-data .notice")).to_have_text("Saved; the checks ran again.")
    expect(page.locator("#field-iban")).to_have_value(GOOD_IBAN)

    panel.get_by_role("button", name="Reviewed: ready for approval").click()
    expect(panel.locator(".notice")).to_have_text("Case is ready for approval.")
    expect(panel.locator(".status")).to_contain_text("Ready for approval")
    expect(panel).to_contain_text("Needs 2 approvals by different people.")
    panel.locator("form[data-key=approve] button").click()
    expect(page.locator(".messages")).to_contain_text(f"Case #{case.pk} approved.")

    second = new_page()
    sign_in(second, "approver")
    open_case_from_queue(second, case, "second")
    second_panel = second.locator("#panel")
    expect(second_panel.locator(".status")).to_contain_text("Waiting for second approval")
    expect(second_panel).to_contain_text("Approved by accountant")
    second_panel.locator("form[data-key=approve] button").click()
    expect(second.locator(".messages")).to_contain_text(f"Case #{case.pk} approved.")

    second.goto(reverse("cases:case", args=[case.administration.code, case.pk]))
    expect(second_panel.locator(".status")).to_contain_text("Approved, waiting to be posted")
    expect(second_panel).to_contain_text("Approved by approver")
    case.refresh_from_db()
    assert case.status == Case.Status.READY_TO_POST
    assert case.extracted["iban"]["value"] == GOOD_IBAN
    save_screenshot(second, "case-approved")


def test_two_approvals_in_the_browser_then_the_case_shows_posted(new_page, approver, synced):
    synced.four_eyes_threshold = Decimal("100")
    synced.save(update_fields=["four_eyes_threshold"])
    factories.make_member(synced, "accountant", username="second", approval_limit=Decimal("1e6"))
    case = read(synced, invoice_for(synced, FULLY_RECEIVED, "INV-7001"))
    assert case.status == Case.Status.READY_FOR_APPROVAL, case.status_reason

    first = new_page()
    sign_in(first, "approver")
    open_case_from_queue(first, case, "approval")
    expect(first.locator("#proposal")).to_contain_text("Proposed entry in Exact")
    gl_corrected = correct_gl_account(first, "4200")  # Kantoorbenodigdheden in the simulator
    first.locator("#panel form[data-key=approve] button").click()
    expect(first.locator(".messages")).to_contain_text(f"Case #{case.pk} approved.")

    second = new_page()
    sign_in(second, "second")
    open_case_from_queue(second, case, "second")
    expect(second.locator("#panel .status")).to_contain_text("Waiting for second approval")
    second.locator("#panel form[data-key=approve] button").click()
    expect(second.locator(".messages")).to_contain_text(f"Case #{case.pk} approved.")

    # What the task cluster does with the posting queued by the final approval.
    assert tasks.post_case(case.pk) == "posted"

    second.goto(reverse("cases:case", args=[case.administration.code, case.pk]))
    expect(second.locator("#panel .status")).to_contain_text("Posted")
    expect(second.locator(".case-nav a").first).to_contain_text("Posted")
    if gl_corrected:
        expect(second.locator("#proposal tbody tr").first).to_contain_text("4200")
    save_screenshot(second, "case-posted")
