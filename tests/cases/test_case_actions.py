"""Every action is one POST: outsiders get 404, read-only members 403, refusals say why, and
htmx gets the case panel back while a plain form gets a redirect."""

import pytest
from django.urls import reverse

from cases.models import Case
from cases.transitions import approve_case
from exactbridge.audit.models import AuditEvent
from tests.cases.conftest import make_case

ACTIONS = {
    "approve": {},
    "reject": {"reason": "Not ours"},
    "send_back": {"reason": "Check the VAT"},
    "review": {},
    "assign": {"assignee": ""},
    "note": {"text": "Called the supplier"},
}


def _url(action: str, case: Case) -> str:
    return reverse(f"cases:{action}", args=[case.administration.code, case.pk])


@pytest.mark.parametrize("action", ACTIONS)
def test_outsider_gets_404_on_every_action(client, outsider, ready_case, action):
    client.force_login(outsider)

    response = client.post(_url(action, ready_case), ACTIONS[action])

    assert response.status_code == 404
    ready_case.refresh_from_db()
    assert ready_case.status == Case.Status.READY_FOR_APPROVAL


@pytest.mark.parametrize("action", ACTIONS)
def test_viewer_gets_403_on_every_action(client, viewer, ready_case, action):
    client.force_login(viewer)
    events = AuditEvent.objects.count()

    response = client.post(_url(action, ready_case), ACTIONS[action])

    assert response.status_code == 403
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("action", ACTIONS)
def test_actions_answer_only_post(client, accountant, ready_case, action):
    client.force_login(accountant)

    assert client.get(_url(action, ready_case)).status_code == 405


def test_a_case_reached_through_another_administrations_code_is_404(
    client, outsider, other_administration, ready_case
):
    client.force_login(outsider)
    url = reverse("cases:approve", args=[other_administration.code, ready_case.pk])

    assert client.post(url).status_code == 404


def test_approving_opens_the_next_case_of_the_queue(client, administration, accountant):
    older = make_case(administration, number="F-OLD")
    newer = make_case(administration, number="F-NEW")
    client.force_login(accountant)

    response = client.post(_url("approve", newer), {"queue": "approval"})

    assert response.status_code == 302
    assert response["Location"] == (
        reverse("cases:case", args=["acme", older.pk]) + "?queue=approval"
    )
    newer.refresh_from_db()
    assert newer.status == Case.Status.READY_TO_POST


def test_approving_the_last_case_returns_to_the_queue(client, accountant, ready_case):
    client.force_login(accountant)

    response = client.post(_url("approve", ready_case))

    assert response["Location"] == reverse("cases:queue", args=["acme"]) + "?queue=approval"


def test_htmx_approval_sends_the_browser_to_the_next_case(client, administration, accountant):
    older = make_case(administration, number="F-OLD")
    newer = make_case(administration, number="F-NEW")
    client.force_login(accountant)

    response = client.post(_url("approve", newer), HTTP_HX_REQUEST="true")

    assert response["HX-Redirect"].startswith(reverse("cases:case", args=["acme", older.pk]))


def test_a_refused_approval_says_why_on_the_case_page(client, administration, accountant):
    case = make_case(administration, total="7500.00")
    client.force_login(accountant)

    response = client.post(_url("approve", case), follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert response.redirect_chain[-1][0] == reverse("cases:case", args=["acme", case.pk])
    assert "above your approval limit" in response.text
    case.refresh_from_db()
    assert case.status == Case.Status.READY_FOR_APPROVAL


def test_a_refused_htmx_approval_renders_the_panel_with_the_reason(
    client, administration, accountant
):
    case = make_case(administration, total="7500.00")
    client.force_login(accountant)

    response = client.post(_url("approve", case), HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="panel"')
    assert "above your approval limit" in response.text


def test_the_same_person_approving_twice_is_told_why(client, four_eyes, big_case, approver):
    approve_case(big_case, user=approver)
    client.force_login(approver)

    response = client.post(_url("approve", big_case), follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert "the second approval must come from someone else" in response.text
    big_case.refresh_from_db()
    assert big_case.status == Case.Status.APPROVED


def test_rejecting_without_a_reason_is_refused(client, accountant, ready_case):
    client.force_login(accountant)

    response = client.post(
        _url("reject", ready_case), {"reason": ""}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert "Please give a reason." in response.text
    ready_case.refresh_from_db()
    assert ready_case.status == Case.Status.READY_FOR_APPROVAL


def test_rejecting_with_a_reason_records_who_and_from_where(client, accountant, ready_case):
    client.force_login(accountant)

    response = client.post(
        _url("reject", ready_case),
        {"reason": "Not our invoice"},
        REMOTE_ADDR="192.0.2.7",
        HTTP_USER_AGENT="pytest",
    )

    assert response.status_code == 302
    ready_case.refresh_from_db()
    assert ready_case.status == Case.Status.REJECTED
    event = AuditEvent.objects.get(action="case.rejected")
    assert (event.actor, event.ip_address, event.user_agent) == (accountant, "192.0.2.7", "pytest")


def test_a_rejected_case_cannot_be_rejected_again(client, accountant, ready_case):
    client.force_login(accountant)
    client.post(_url("reject", ready_case), {"reason": "Not ours"})

    response = client.post(
        _url("reject", ready_case), {"reason": "Again"}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert "cannot become" in response.text
    assert AuditEvent.objects.filter(action="case.rejected").count() == 1


def test_sending_back_puts_the_case_in_review(client, accountant, ready_case):
    client.force_login(accountant)

    client.post(_url("send_back", ready_case), {"reason": "Wrong VAT code"})

    ready_case.refresh_from_db()
    assert ready_case.status == Case.Status.NEEDS_REVIEW
    assert ready_case.status_reason == "Wrong VAT code"


def test_a_reviewed_case_goes_to_the_approvers(client, administration, accountant):
    case = make_case(administration, review=True)
    client.force_login(accountant)

    client.post(_url("review", case))

    case.refresh_from_db()
    assert case.status == Case.Status.READY_FOR_APPROVAL


def test_a_case_ready_for_approval_cannot_be_marked_reviewed_again(client, accountant, ready_case):
    client.force_login(accountant)

    response = client.post(_url("review", ready_case), follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert "cannot become" in response.text


def test_assigning_to_a_colleague_shows_on_the_case(client, accountant, approver, ready_case):
    client.force_login(accountant)

    response = client.post(
        _url("assign", ready_case), {"assignee": approver.pk}, HTTP_HX_REQUEST="true"
    )

    assert response["HX-Trigger"] == "case-changed"
    ready_case.refresh_from_db()
    assert ready_case.assignee == approver
    event = AuditEvent.objects.get(action="case.assigned")
    assert (event.before, event.after) == ({"assignee_id": None}, {"assignee_id": approver.pk})


@pytest.mark.parametrize("who", ["outsider", "viewer"])
def test_a_case_cannot_be_assigned_to_someone_who_cannot_work_on_it(
    client, request, accountant, ready_case, who
):
    someone = request.getfixturevalue(who)
    client.force_login(accountant)

    response = client.post(
        _url("assign", ready_case), {"assignee": someone.pk}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert "cannot work on cases in this administration" in response.text
    ready_case.refresh_from_db()
    assert ready_case.assignee is None


def test_a_note_shows_on_the_case(client, accountant, ready_case):
    client.force_login(accountant)

    response = client.post(
        _url("note", ready_case), {"text": "Called the supplier"}, HTTP_HX_REQUEST="true"
    )

    assert "Called the supplier" in response.text
    assert ready_case.notes.get().author == accountant
    assert AuditEvent.objects.filter(action="case.note_added").exists()


def test_an_empty_note_is_refused(client, accountant, ready_case):
    client.force_login(accountant)

    client.post(_url("note", ready_case), {"text": "   "})

    assert not ready_case.notes.exists()
