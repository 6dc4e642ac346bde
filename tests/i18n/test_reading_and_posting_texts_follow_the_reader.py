"""Why a document could not be read, what reading it warned about and why posting is refused:
written by a worker running in Dutch, kept as messages and read in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from cases.models import Case
from cases.proposals import Prepared, save_proposal
from cases.services import open_case
from exactbridge.administrations.models import Administration
from exactbridge.helpers.messages import render
from exactbridge.posting.models import Posting
from exactbridge.posting.services import plan_posting, post_case
from intake.extraction import UnreadableDocument, extract_from_image
from intake.pipeline import read_case_document
from intake.rechecks import invoice_from_json
from intake.services import receive_document
from tests import factories
from tests.intake.mutations.pdfs import _CATALOG, _PAGES, _pdf, _stream
from tests.posting.conftest import Demo, purchase_action, ready_to_post

_PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font "
    b"<< /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
)


def _text_pdf(*rows: str) -> bytes:
    content = b" ".join(
        b"BT /F1 11 Tf 72 %d Td (%s) Tj ET" % (760 - 20 * index, row.encode())
        for index, row in enumerate(rows)
    )
    return _pdf(_CATALOG, _PAGES, _PAGE, _stream(content))


def _read_in_dutch(administration, data: bytes, filename: str) -> Case:
    with translation.override("nl"):
        case = receive_document(
            administration=administration, data=data, filename=filename, channel="api"
        )
        return read_case_document(case_id=case.pk)


def _reason(case: Case, language: str) -> str:
    with translation.override(language):
        return case.get_status_reason_display()


def _in(language: str, stored) -> str:
    with translation.override(language):
        return render(stored)


# Why a document cannot be read


@pytest.mark.parametrize(
    ("data", "filename", "english", "dutch"),
    [
        (
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,
            "scan.png",
            "The image is damaged or of an unknown kind (",
            "De afbeelding is beschadigd of van een onbekende soort (",
        ),
        (
            b'<?xml version="1.0"?><Order xmlns="urn:example:order"/>',
            "order.xml",
            "This XML is not an e-invoice (its root element is {urn:example:order}Order)",
            "Deze XML is geen e-factuur (het hoofdelement is {urn:example:order}Order)",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE Invoice><Invoice/>',
            "doctype.xml",
            "The XML declares a DOCTYPE (a DTD or entities).",
            "De XML declareert een DOCTYPE (een DTD of entiteiten).",
        ),
    ],
    ids=["damaged-image", "not-an-einvoice", "doctype"],
)
def test_why_a_document_is_unreadable_follows_the_reader(
    administration, data, filename, english, dutch
):
    case = _read_in_dutch(administration, data, filename)

    assert case.status == Case.Status.UNREADABLE
    assert _reason(case, "en").startswith(english)
    assert _reason(case, "nl").startswith(dutch)


def test_an_error_keeps_its_reason_as_a_message_and_is_text_in_the_active_language():
    with translation.override("nl"), pytest.raises(UnreadableDocument) as caught:
        extract_from_image(data=b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)

    with translation.override("nl"):
        assert str(caught.value).startswith("De afbeelding is beschadigd")  # for the log
    assert _in("en", caught.value.message).startswith("The image is damaged")


# What reading from the page warned about


@pytest.fixture
def page_with_warnings(administration) -> Case:
    """A text PDF whose totals do not add up and whose IBAN has wrong check digits."""
    data = _text_pdf(
        "Example Supplies B.V.",
        "Factuur 2024-001",
        "IBAN NL91ABNA0417164301",
        "Subtotaal 100,00",
        "BTW 21,00",
        "Totaal 150,00",
    )
    return _read_in_dutch(administration, data, "factuur.pdf")


def test_warnings_read_from_the_page_follow_the_reader(page_with_warnings):
    english, dutch = _reason(page_with_warnings, "en"), _reason(page_with_warnings, "nl")

    assert page_with_warnings.status == Case.Status.NEEDS_REVIEW
    assert "The totals read from the page do not add up (net + VAT ≠ gross)." in english
    assert "The bank account NL91ABNA0417164301 is no valid IBAN" in english
    assert "De van de pagina gelezen totalen sluiten niet aan (netto + btw ≠ bruto)." in dutch
    assert "Het bankrekeningnummer NL91ABNA0417164301 is geen geldige IBAN" in dutch
    assert "De van de pagina" not in english


def test_the_case_keeps_the_warnings_as_messages_that_a_recheck_reads_back(page_with_warnings):
    stored = page_with_warnings.extracted["warnings"]

    assert stored[0]["text"] == "The totals read from the page do not add up (net + VAT ≠ gross)."
    assert stored[1]["params"] == {"iban": "NL91ABNA0417164301"}
    warnings = invoice_from_json(page_with_warnings.extracted).warnings
    assert _in("nl", warnings[1]).startswith("Het bankrekeningnummer NL91ABNA0417164301")


def test_warnings_stored_as_text_before_still_load_as_they_were():
    invoice = invoice_from_json({"format_name": "pdf-text", "warnings": ["Totalen 100% fout."]})

    assert [_in("en", warning) for warning in invoice.warnings] == ["Totalen 100% fout."]
    assert invoice.notes == []


# Why posting is refused


@pytest.fixture
def globe(db):
    return factories.make_administration(code="globe", kind=Administration.Kind.GLOBE)


def test_a_refused_posting_says_why_in_the_readers_language(globe):
    approver = factories.make_member(globe, "accountant", username="g", approval_limit=1000)
    case = ready_to_post(globe, approver, data=None, action=None)

    with translation.override("nl"):
        assert post_case(case_id=case.pk) == "failed"
    case.refresh_from_db()

    assert case.status == Case.Status.POSTING_FAILED
    assert _reason(case, "en") == "Exact Globe posting is not available yet."
    assert _reason(case, "nl") == "Boeken in Exact Globe is nog niet beschikbaar."


def _proposed_in_dutch(case: Case) -> dict:
    action = purchase_action(Demo("supplier-1", "4000"), "F-1")
    with translation.override("nl"):
        proposal = save_proposal(
            case=case, prepared=Prepared(supplier=None, supplier_reason="", action=action)
        )
    return proposal.entry


def test_the_proposal_says_why_it_cannot_be_posted_in_the_readers_language(globe):
    entry = _proposed_in_dutch(open_case(administration=globe))

    assert _in("en", entry["posting"]) == "Exact Globe posting is not available yet."
    assert _in("nl", entry["posting"]) == "Boeken in Exact Globe is nog niet beschikbaar."


def test_a_posting_that_may_be_in_exact_is_not_replanned_and_the_proposal_says_so(administration):
    case = open_case(administration=administration)
    posting = plan_posting(case=case, action=purchase_action(Demo("supplier-1", "4000"), "F-0"))
    Posting.objects.filter(pk=posting.pk).update(state=Posting.State.SENT)

    entry = _proposed_in_dutch(case)

    reference = f"EB-acme-{case.pk}"
    assert _in("en", entry["posting"]) == (
        f"Posting {reference} is Sent; what it posts cannot change now."
    )
    assert _in("nl", entry["posting"]).startswith(
        f"Boeking {reference} heeft de toestand Verstuurd;"
    )
