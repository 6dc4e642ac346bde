"""People correct a case's kind (and the sender's next document is classified the same way);
the case page shows the posting to Exact, updates it while it runs and sends a failed one
again."""

from __future__ import annotations

import uuid
from email.message import EmailMessage

import pytest
from django.urls import reverse
from django_q.models import OrmQ

from cases.classification import correct_case_kind
from cases.models import Case
from cases.transitions import (
    ActionRefused,
    approve_case,
    mark_posted,
    mark_posting_failed,
    mark_posting_waiting,
    start_posting,
)
from exactbridge.audit.models import AuditEvent
from exactbridge.online.models import ExactOnlineConnection
from exactbridge.posting.models import Posting
from exactbridge.posting.services import plan_posting
from intake.channels.email import ingest_message
from intake.kind_models import KindHint
from intake.pipeline import read_case_document
from tests.posting.conftest import Demo, purchase_action

HTMX = {"HX-Request": "true"}
CLOUDIA = "Cloudia Hosting <billing@cloudia.example>"


def _url(name: str, case: Case) -> str:
    return reverse(f"cases:{name}", args=[case.administration.code, case.pk])


def _kind_events(case: Case):
    return AuditEvent.objects.filter(
        action="case.edited", object_id=str(case.pk), after__has_key="kind"
    )


def _queued_postings() -> list[int]:
    """Case ids of the posting tasks waiting in the task queue."""
    tasks = [queued.task for queued in OrmQ.objects.all()]
    return [task["args"][0] for task in tasks if task["func"] == "cases.tasks.post_case"]


def _email(administration, *, sender: str, subject: str, body: str) -> Case:
    """An e-mail without attachments (the case itself), read by the pipeline."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "inbox@acme.example"
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4()}@mail.example>"
    message.set_content(body)
    (case,) = ingest_message(administration=administration, data=message.as_bytes()).cases
    return read_case_document(case_id=case.pk)


@pytest.fixture
def planned_case(ready_case):
    """A purchase invoice with its entry planned for Exact."""
    plan_posting(case=ready_case, action=purchase_action(Demo("supplier-1", "4000"), "F-1"))
    ready_case.kind = Case.Kind.PURCHASE_INVOICE
    ready_case.save(update_fields=["kind"])
    return ready_case


@pytest.fixture
def posting_case(planned_case, approver):
    return start_posting(approve_case(planned_case, user=approver))


@pytest.fixture
def failed_case(posting_case):
    return mark_posting_failed(posting_case, reason="Journal 60 is blocked for this period.")


# Correcting the kind


def test_correcting_the_kind_is_recorded_with_before_and_after(client, accountant, ready_case):
    client.force_login(accountant)

    response = client.post(_url("correct_kind", ready_case), {"kind": "contract_change"})

    assert response.status_code == 302
    ready_case.refresh_from_db()
    assert ready_case.kind == Case.Kind.CONTRACT_CHANGE
    (event,) = _kind_events(ready_case)
    assert event.actor == accountant
    assert event.before == {"kind": "unknown"}
    assert event.after == {"kind": "contract_change"}


def test_htmx_correction_reloads_the_page(client, accountant, ready_case):
    client.force_login(accountant)

    response = client.post(_url("correct_kind", ready_case), {"kind": "statement"}, headers=HTMX)

    assert response.headers["HX-Refresh"] == "true"


def test_the_case_page_offers_the_kind_form_only_to_who_may_edit(
    client, accountant, viewer, ready_case
):
    client.force_login(accountant)
    assert 'name="kind"' in client.get(_url("case", ready_case)).text

    client.force_login(viewer)
    page = client.get(_url("case", ready_case)).text
    assert 'name="kind"' not in page
    assert "Kind of document:" in page


def test_viewer_gets_403_correcting_the_kind(client, viewer, ready_case):
    client.force_login(viewer)

    response = client.post(_url("correct_kind", ready_case), {"kind": "contract_change"})

    assert response.status_code == 403
    ready_case.refresh_from_db()
    assert ready_case.kind == Case.Kind.UNKNOWN
    assert not _kind_events(ready_case).exists()


def test_outsider_gets_404_correcting_the_kind(client, outsider, ready_case):
    client.force_login(outsider)

    response = client.post(_url("correct_kind", ready_case), {"kind": "contract_change"})

    assert response.status_code == 404
    ready_case.refresh_from_db()
    assert ready_case.kind == Case.Kind.UNKNOWN


def test_the_kind_cannot_change_after_approval(client, accountant, approver, ready_case):
    approve_case(ready_case, user=approver)
    client.force_login(accountant)

    response = client.post(
        _url("correct_kind", ready_case), {"kind": "contract_change"}, headers=HTMX
    )

    assert "send it back for review" in response.text
    ready_case.refresh_from_db()
    assert ready_case.kind == Case.Kind.UNKNOWN
    assert not _kind_events(ready_case).exists()


def test_a_kind_that_does_not_exist_is_refused(accountant, ready_case):
    with pytest.raises(ActionRefused):
        correct_case_kind(case=ready_case, user=accountant, kind="unknown")
    with pytest.raises(ActionRefused):
        correct_case_kind(case=ready_case, user=accountant, kind="love_letter")


def test_a_corrected_kind_without_an_entry_withdraws_the_planned_entry(accountant, planned_case):
    correct_case_kind(case=planned_case, user=accountant, kind=Case.Kind.CONTRACT_CHANGE)

    assert not Posting.objects.filter(case=planned_case).exists()


# Learning the kind


def test_the_next_document_of_a_sender_gets_the_kind_people_corrected_to(
    administration, accountant
):
    first = _email(
        administration,
        sender=CLOUDIA,
        subject="Meer opslag voor uw pakket Cloudia Backup",
        body="Beste klant, per 1 maart verhogen wij de opslag van uw pakket Cloudia Backup "
        "naar 500 GB. De maandprijs wordt 12,50 euro.",
    )
    assert first.kind == Case.Kind.OTHER

    correct_case_kind(case=first, user=accountant, kind=Case.Kind.CONTRACT_CHANGE)
    second = _email(
        administration,
        sender=CLOUDIA,
        subject="Nieuwe prijs voor uw pakket Cloudia Backup",
        body="Beste klant, vanaf 1 juni kost uw pakket Cloudia Backup 14,00 euro per maand.",
    )

    assert second.kind == Case.Kind.CONTRACT_CHANGE
    assert "learned from 1 correction for this sender (billing@cloudia.example)" in (
        second.get_status_reason_display()
    )
    assert "said Other" in second.get_status_reason_display()


def test_what_was_learned_for_one_sender_leaves_others_alone(administration, accountant):
    first = _email(
        administration, sender=CLOUDIA, subject="Uw pakket", body="Uw pakket wordt groter."
    )
    correct_case_kind(case=first, user=accountant, kind=Case.Kind.CONTRACT_CHANGE)

    other = _email(
        administration,
        sender="Someone Else <hello@else.example>",
        subject="Uw pakket",
        body="Uw pakket wordt groter.",
    )

    assert other.kind == Case.Kind.OTHER


def test_correcting_a_case_again_takes_back_its_first_correction(administration, accountant):
    case = _email(administration, sender=CLOUDIA, subject="Uw pakket", body="Uw pakket.")

    case = correct_case_kind(case=case, user=accountant, kind=Case.Kind.SALES_ORDER)
    correct_case_kind(case=case, user=accountant, kind=Case.Kind.CONTRACT_CHANGE)

    learned = KindHint.objects.filter(sender_key="from:billing@cloudia.example")
    assert {(hint.kind, hint.count) for hint in learned} == {("contract_change", 1)}


# Retrying a failed posting


def test_retry_sends_a_failed_posting_again(
    client, accountant, failed_case, django_capture_on_commit_callbacks
):
    client.force_login(accountant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("retry_posting", failed_case))

    assert response.status_code == 302
    failed_case.refresh_from_db()
    assert failed_case.status == Case.Status.POSTING
    assert _queued_postings() == [failed_case.pk]
    event = AuditEvent.objects.filter(action="case.posting_retried").get()
    assert event.actor == accountant


def test_retry_is_refused_for_a_case_whose_posting_did_not_fail(
    client, accountant, posting_case, django_capture_on_commit_callbacks
):
    client.force_login(accountant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("retry_posting", posting_case), follow=True)

    assert "it cannot become" in response.text
    posting_case.refresh_from_db()
    assert posting_case.status == Case.Status.POSTING
    assert _queued_postings() == []


def test_viewer_gets_403_on_retry(client, viewer, failed_case):
    client.force_login(viewer)

    assert client.post(_url("retry_posting", failed_case)).status_code == 403
    failed_case.refresh_from_db()
    assert failed_case.status == Case.Status.POSTING_FAILED


def test_outsider_gets_404_on_retry(client, outsider, failed_case):
    client.force_login(outsider)

    assert client.post(_url("retry_posting", failed_case)).status_code == 404


# The posting on the case page


def test_a_failed_posting_shows_exacts_message_and_the_retry_button(
    client, accountant, viewer, failed_case
):
    client.force_login(accountant)
    page = client.get(_url("case", failed_case)).text

    assert "Exact said: Journal 60 is blocked for this period." in page
    assert _url("retry_posting", failed_case) in page

    client.force_login(viewer)
    assert _url("retry_posting", failed_case) not in client.get(_url("case", failed_case)).text


def test_a_posted_case_shows_its_entry_and_a_link_to_exact(client, accountant, posting_case):
    ExactOnlineConnection.objects.create(
        administration=posting_case.administration,
        base_url="https://start.exactonline.nl",
        client_id="app",
        division=123456,
    )
    mark_posted(
        posting_case, entry_id="5c7f0c2e-0000-4000-8000-000000000001", entry_number="24700012"
    )
    client.force_login(accountant)

    page = client.get(_url("case", posting_case)).text

    assert "entry 24700012 in Exact" in page
    assert 'href="https://start.exactonline.nl"' in page
    assert "division 123456" in page


def test_a_posted_case_links_to_its_document_in_exact_online(client, accountant, posting_case):
    ExactOnlineConnection.objects.create(
        administration=posting_case.administration,
        base_url="https://start.exactonline.nl",
        client_id="app",
        division=123456,
    )
    view_url = "https://start.exactonline.nl/docs/DocView.aspx?DocumentID={d0c}"
    Posting.objects.filter(case=posting_case).update(document_url=view_url)
    mark_posted(posting_case, entry_id="e-2", entry_number="24700015")
    client.force_login(accountant)

    page = client.get(_url("case", posting_case)).text

    assert f'href="{view_url}"' in page
    assert "linked to entry 24700015" in page
    assert "look up entry" not in page  # the start-page fallback is for entries without one


def test_the_posting_section_polls_only_while_posting(client, accountant, posting_case):
    client.force_login(accountant)
    poll = f'hx-get="{_url("posting", posting_case)}" hx-trigger="every 3s"'

    assert poll in client.get(_url("case", posting_case)).text

    mark_posted(posting_case, entry_id="e-1", entry_number="24700013")
    assert poll not in client.get(_url("case", posting_case)).text


def test_the_poll_shows_the_waiting_reason_and_reloads_when_done(client, viewer, posting_case):
    mark_posting_waiting(posting_case, reason="Waiting for Exact: the daily limit is spent.")
    client.force_login(viewer)

    waiting = client.get(_url("posting", posting_case), headers=HTMX)
    assert "the daily limit is spent" in waiting.text

    mark_posted(posting_case, entry_id="e-1", entry_number="24700014")
    done = client.get(_url("posting", posting_case), headers=HTMX)
    assert done.headers["HX-Refresh"] == "true"


def test_outsider_gets_404_on_the_poll(client, outsider, posting_case):
    client.force_login(outsider)

    assert client.get(_url("posting", posting_case), headers=HTMX).status_code == 404
