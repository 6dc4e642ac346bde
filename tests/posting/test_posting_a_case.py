"""A case ready to post becomes one purchase entry in Exact, with its PDF, whatever happens."""

from __future__ import annotations

import base64
import dataclasses

import pytest
import requests

from cases.models import Case
from cases.transitions import retry_posting
from exactbridge.audit.models import AuditEvent
from exactbridge.posting.actions import from_json
from exactbridge.posting.models import Posting
from exactbridge.posting.online_backend import OnlineBackend
from exactbridge.posting.services import plan_posting, post_case
from tests.online.simulator import control
from tests.posting.conftest import Demo, purchase_action, ready_to_post


@pytest.fixture
def case(connected, demo, approver, pdf):
    return ready_to_post(
        connected.administration,
        approver,
        data=pdf,
        filename="QualityHosting.pdf",
        action=purchase_action(demo, "F2026-0001"),
    )


def entries(sim) -> list[dict]:
    return [row for row in control(sim, "posted?entity=PurchaseEntries")["posted"]]


def created(sim, entity: str) -> list[dict]:
    return [
        row
        for row in control(sim, "posted")["posted"]
        if row["entity"] == entity and row["status"] == 201
    ]


def test_the_entry_is_made_with_the_pdf_attached_and_kept_on_the_case(sim, case, pdf):
    assert post_case(case_id=case.pk) == "posted"

    [entry] = created(sim, "PurchaseEntries")
    body = entry["request"]
    assert body["ExternalLinkReference"] == f"EB-acme-{case.pk}"
    assert body["YourRef"] == "F2026-0001"
    [document] = created(sim, "Documents")
    assert body["Document"] == document["key"]
    [attachment] = created(sim, "DocumentAttachments")
    assert attachment["request"]["Document"] == document["key"]
    assert base64.b64decode(attachment["request"]["Attachment"]) == pdf
    case.refresh_from_db()
    assert case.status == Case.Status.POSTED
    assert case.exact_entry_id == entry["key"]
    assert case.exact_entry_number == str(entry["response"]["d"]["EntryNumber"])
    posting = Posting.objects.get(case=case)
    assert (posting.state, posting.entry_id) == (Posting.State.CONFIRMED, entry["key"])
    # The deep link people follow into Exact Online is the page of the entry's source document.
    assert posting.document_url == document["response"]["d"]["DocumentViewUrl"]
    assert document["key"] in posting.document_url
    event = AuditEvent.objects.get(action="case.posted")
    assert event.after["exact_entry_id"] == entry["key"]


def test_an_entry_found_again_brings_its_document_link(sim, case):
    assert post_case(case_id=case.pk) == "posted"
    posting = Posting.objects.get(case=case)

    found = OnlineBackend(case.administration).find(
        from_json(posting.action), reference=posting.reference
    )

    assert (found.entry_id, found.entry_number) == (posting.entry_id, posting.entry_number)
    assert found.document_url == posting.document_url != ""


def test_posting_twice_makes_one_entry(sim, case):
    assert post_case(case_id=case.pk) == "posted"
    assert post_case(case_id=case.pk) == "posted"

    assert len(created(sim, "PurchaseEntries")) == 1
    assert len(control(sim, "posted")["posted"]) == 3  # document, attachment, entry


def test_after_a_timeout_the_entry_is_found_in_exact_not_made_again(
    sim, settings, connected, demo, approver
):
    settings.EXACT_ONLINE_TIMEOUT = 0.5
    case = ready_to_post(
        connected.administration, approver, data=None, action=purchase_action(demo, "F-T")
    )
    control(sim, "faults", {"timeout_after_commit": 1, "hang_seconds": 2})

    assert post_case(case_id=case.pk) == "unknown"
    case.refresh_from_db()
    assert case.status == Case.Status.POSTING
    assert "did not answer in time" in case.get_status_reason_display()

    assert post_case(case_id=case.pk) == "posted"
    [entry] = created(sim, "PurchaseEntries")
    case.refresh_from_db()
    assert case.exact_entry_id == entry["key"]


def test_a_refused_entry_fails_with_exacts_message_and_posts_once_corrected(
    sim, connected, demo, approver, pdf
):
    wrong = dataclasses.replace(purchase_action(demo, "F-V"), journal="70")  # a sales journal
    case = ready_to_post(connected.administration, approver, data=pdf, action=wrong)

    assert post_case(case_id=case.pk) == "failed"
    case.refresh_from_db()
    assert case.status == Case.Status.POSTING_FAILED
    assert case.get_status_reason_display() == "Invalid reference: Journals"
    assert post_case(case_id=case.pk) == "not waiting to be posted"

    plan_posting(case=case, action=purchase_action(demo, "F-V"))
    retry_posting(case, user=approver)
    assert post_case(case_id=case.pk) == "posted"
    assert len(created(sim, "PurchaseEntries")) == 1
    assert len(created(sim, "Documents")) == 1  # the first attempt's document, found again


def test_without_a_live_connection_the_case_waits_in_posting(sim, case, connected):
    from exactbridge.online.connections import mark_reconnect_needed

    mark_reconnect_needed(connection=connected, reason="Old refresh token used.")

    assert post_case(case_id=case.pk) == "waiting"
    case.refresh_from_db()
    assert case.status == Case.Status.POSTING
    assert case.get_status_reason_display() == "Waiting for Exact: Old refresh token used."
    posting = Posting.objects.get(case=case)
    assert posting.state == Posting.State.INTENDED
    assert posting.next_attempt_at is not None
    assert created(sim, "PurchaseEntries") == []


def test_a_case_held_by_another_worker_is_left_alone(sim, case):
    from exactbridge.posting import states

    states.claim(Posting.objects.get(case=case), lease_seconds=300)

    assert post_case(case_id=case.pk) == "in progress elsewhere"
    assert created(sim, "PurchaseEntries") == []


def test_the_simulator_keeps_the_attachment_bytes(sim, case, pdf, connected):
    post_case(case_id=case.pk)

    [attachment] = created(sim, "DocumentAttachments")
    url = attachment["response"]["d"]["Url"]
    token = type(connected).objects.get(pk=connected.pk).access_token
    answer = requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert answer.content == pdf


def test_final_approval_queues_posting_only_when_a_plan_exists(
    administration, approver, django_capture_on_commit_callbacks, monkeypatch
):
    from decimal import Decimal

    from cases.models import Case
    from cases.services import open_case
    from cases.transitions import approve_case, finish_reading, start_reading

    queued = []
    monkeypatch.setattr(
        "cases.tasks.async_task",
        lambda name, case_id, **k: (
            queued.append(case_id) if name == "cases.tasks.post_case" else None
        ),
    )

    def ready_case():
        case = open_case(administration=administration)
        start_reading(case)
        return finish_reading(case, needs_review=False, fields={"total_amount": Decimal("100.00")})

    without_plan = ready_case()
    with django_capture_on_commit_callbacks(execute=True):
        approved = approve_case(without_plan, user=approver)

    assert approved.status == Case.Status.READY_TO_POST
    assert queued == []

    with_plan = ready_case()
    demo = Demo(supplier="7c0b6b1e-0000-4000-8000-000000000001", gl_account="4000")
    plan_posting(case=with_plan, action=purchase_action(demo, "F-1"))
    with django_capture_on_commit_callbacks(execute=True):
        approve_case(with_plan, user=approver)

    assert queued == [with_plan.pk]


def test_a_document_link_off_the_exact_host_or_too_long_is_not_kept(connected):
    backend = OnlineBackend(connected.administration)
    host = connected.base_url

    assert backend._view_url({"DocumentViewUrl": f"{host}/docs/DocView.aspx?DocumentID=1"})
    assert backend._view_url({"DocumentViewUrl": "https://evil.example/docs/DocView.aspx"}) == ""
    assert backend._view_url({"DocumentViewUrl": "javascript:alert(1)"}) == ""
    assert backend._view_url({"DocumentViewUrl": f"{host}/docs/{'x' * 500}"}) == ""
    assert backend._view_url(None) == ""
