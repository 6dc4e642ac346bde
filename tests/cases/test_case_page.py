"""The case page: the data with confidence and source, the checks with their reasons, notes,
approvals and history; actions only for those who may act, with the reason when they may not."""

import pytest
from django.urls import reverse

from cases.services import open_case
from cases.transitions import add_note, approve_case, start_reading
from exactbridge.audit.models import AuditEvent
from tests.cases.conftest import make_case, mark_edited


def _url(case, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("cases:case", args=[case.administration.code, case.pk]) + (
        f"?{query}" if query else ""
    )


def _get(client, case, **params):
    return client.get(_url(case, **params), HTTP_ACCEPT_LANGUAGE="en")


def test_outsider_gets_404(client, outsider, ready_case):
    client.force_login(outsider)

    assert _get(client, ready_case).status_code == 404
    assert not AuditEvent.objects.filter(action="case.viewed").exists()


def test_an_unknown_case_is_404(client, accountant, administration):
    client.force_login(accountant)

    assert client.get(reverse("cases:case", args=["acme", 999999])).status_code == 404


def test_viewer_sees_the_case_without_actions(client, viewer, ready_case):
    client.force_login(viewer)

    response = _get(client, ready_case)

    assert response.status_code == 200
    assert "read-only" in response.text
    assert reverse("cases:approve", args=["acme", ready_case.pk]) not in response.text


def test_opening_a_case_is_an_audit_event(client, accountant, ready_case):
    client.force_login(accountant)

    _get(client, ready_case)

    event = AuditEvent.objects.get(action="case.viewed")
    assert (event.actor, event.object_id) == (accountant, str(ready_case.pk))


def test_the_page_shows_checks_notes_approvals_and_history(
    client, four_eyes, big_case, accountant, approver
):
    add_note(big_case, user=accountant, text="Asked for the order number")
    approve_case(big_case, user=approver)
    client.force_login(accountant)

    text = _get(client, big_case).text

    assert "Lines add up" in text
    assert "Asked for the order number" in text
    assert "Needs 2 approvals by different people." in text
    assert "Approved by approver" in text
    assert "Note added" in text
    assert "Waiting for second approval" in text


def test_the_approve_button_says_why_it_is_refused(client, administration, accountant):
    case = make_case(administration, total="7500.00")
    client.force_login(accountant)

    text = _get(client, case).text

    assert "above your approval limit" in text
    assert "disabled" in text


def test_the_editor_sees_why_they_cannot_approve(client, accountant, ready_case):
    mark_edited(ready_case, accountant)
    client.force_login(accountant)

    assert "someone else must approve it" in _get(client, ready_case).text


def test_extracted_fields_show_confidence_and_source(client, accountant, administration, corpora):
    from intake.pipeline import read_case_document
    from intake.services import receive_document

    case = receive_document(
        administration=administration,
        data=(corpora / "ubl/peppol-bis3/examples/base-example.xml").read_bytes(),
        filename="base-example.xml",
        channel="upload",
    )
    case = read_case_document(case_id=case.pk)
    client.force_login(accountant)

    text = _get(client, case).text

    assert "Snippet1" in text
    assert "100%" in text
    assert "cbc:ID" in text
    assert "No relation in Exact has" in text


def test_while_reading_the_page_asks_for_updates(client, accountant, administration):
    case = open_case(administration=administration)
    start_reading(case)
    client.force_login(accountant)

    assert "?poll=1" in _get(client, case).text
    assert client.get(_url(case, poll=1), HTTP_HX_REQUEST="true").status_code == 204


def test_once_read_the_polling_page_reloads(client, accountant, ready_case):
    client.force_login(accountant)

    response = client.get(_url(ready_case, poll=1), HTTP_HX_REQUEST="true")

    assert response["HX-Refresh"] == "true"


def test_previous_and_next_follow_the_queue(client, administration, accountant):
    first = make_case(administration, number="F-1")
    middle = make_case(administration, number="F-2")
    last = make_case(administration, number="F-3")
    client.force_login(accountant)

    text = _get(client, middle, queue="approval").text

    assert _url(last, queue="approval") in text  # newer cases come first
    assert _url(first, queue="approval") in text


@pytest.mark.parametrize("queue", ["approval", "nonsense", ""])
def test_the_page_answers_whatever_the_queue_parameter(client, accountant, ready_case, queue):
    client.force_login(accountant)

    assert _get(client, ready_case, queue=queue).status_code == 200
