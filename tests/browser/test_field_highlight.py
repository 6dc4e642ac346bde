"""The field under edit is outlined on the page image where the reader found it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intake.pipeline import read_case_document
from intake.services import receive_document
from tests.browser.conftest import save_screenshot, sign_in

pytestmark = pytest.mark.browser


def test_focusing_a_field_read_from_the_page_outlines_it(
    new_page, accountant, administration, corpora
):
    data = (corpora / "pdf/invoice2data/QualityHosting.pdf").read_bytes()
    case = receive_document(
        administration=administration, data=data, filename="q.pdf", channel="upload"
    )
    case = read_case_document(case_id=case.pk)
    assert case.extracted["invoice_number"]["source"].startswith("page 1, box")
    page = new_page(locale="en-GB")
    sign_in(page, "accountant")
    page.goto(reverse("cases:case", args=[administration.code, case.pk]))
    mark = page.locator(".page-frame .highlight")
    expect(mark).to_be_hidden()

    page.locator("img.page").evaluate("image => image.decode()")
    page.locator("#field-invoice_number").focus()

    expect(mark).to_be_visible()
    box = mark.bounding_box()
    assert box["width"] > 5 and box["height"] > 5
    save_screenshot(page, "field-highlight")
