"""One page per case tells its whole story in order, for anyone who may read the case."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.transitions import (
    add_note,
    approve_case,
    assign_case,
    mark_posted,
    send_back_for_review,
    start_posting,
)
from exactbridge.audit.models import AuditEvent
from exactbridge.audit.services import record_event
from tests import factories


def _story_url(case, code="acme"):
    return reverse("cases:story", args=[code, case.pk])


def test_controller_reads_the_story(client, controller, own_case):
    client.force_login(controller)

    response = client.get(_story_url(own_case))

    assert response.status_code == 200
    assert "Leverancier B.V." in response.text


def test_a_read_only_member_reads_the_story_too(client, viewer, own_case):
    client.force_login(viewer)

    assert client.get(_story_url(own_case)).status_code == 200


def test_outsider_gets_404(client, outsider, own_case):
    client.force_login(outsider)

    assert client.get(_story_url(own_case)).status_code == 404


def test_someone_without_any_membership_gets_404(client, own_case):
    client.force_login(factories.make_user("nobody", is_staff=True))

    assert client.get(_story_url(own_case)).status_code == 404


def test_the_wrong_administration_in_the_address_gets_404(client, outsider, foreign_case):
    client.force_login(outsider)

    assert client.get(_story_url(foreign_case, code="acme")).status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in(client, own_case):
    response = client.get(_story_url(own_case))

    assert response.status_code == 302
    assert "login" in response.url


def test_the_story_tells_what_happened_in_order_with_before_and_after(
    client, controller, accountant, approver, own_case
):
    assign_case(own_case, user=accountant, assignee=approver)
    send_back_for_review(own_case, user=accountant, reason="Verkeerde kostenplaats")
    add_note(own_case, user=approver, text="Kostenplaats aangepast")
    client.force_login(controller)

    page = client.get(_story_url(own_case), HTTP_ACCEPT_LANGUAGE="en").text

    timeline = page[page.index('class="timeline"') :]
    labels = re.findall(r"<strong>(.*?)</strong>", timeline)
    assert labels[:5] == [
        "Received",
        "Reading started",
        "Read",
        "Assigned",
        "Sent back for review",
    ]
    assert labels[5] == "Note added"
    # before → after, in plain language: statuses by their names, people by theirs.
    assert "Reading → Ready for approval" in timeline
    assert "— → Leverancier B.V." in timeline
    assert "— → approver" in timeline
    assert "Ready for approval → Needs review" in timeline
    assert "— → Verkeerde kostenplaats" in timeline
    assert "— → 1,234.56" in timeline


def test_the_story_shows_where_the_document_came_from(client, controller, own_case):
    client.force_login(controller)

    page = client.get(_story_url(own_case), HTTP_ACCEPT_LANGUAGE="en").text

    assert "factuur-2025-001.pdf" in page
    assert "facturen@leverancier.example" in page
    assert "Factuur F-2025-001" in page
    assert own_case.document.sha256 in page


def test_the_story_includes_what_happened_to_the_document(client, controller, own_case):
    record_event(
        action="document.kept_as_context",
        administration=own_case.administration,
        target=own_case.document,
    )
    client.force_login(controller)

    page = client.get(_story_url(own_case), HTTP_ACCEPT_LANGUAGE="en").text

    assert (
        '<strong>Kept with its attachments</strong> <span class="muted">(Document)</span>' in page
    )


def test_the_story_shows_checks_approvals_and_notes(client, controller, approver, own_case):
    add_note(own_case, user=approver, text="Akkoord na overleg")
    approve_case(own_case, user=approver)
    client.force_login(controller)

    page = client.get(_story_url(own_case), HTTP_ACCEPT_LANGUAGE="en").text

    assert "Lines add up" in page
    assert "Akkoord na overleg" in page
    assert "Not posted to Exact yet." in page
    assert page.count("approver") >= 2  # the approval and the note


def test_the_story_prints_without_navigation(client, controller, own_case):
    client.force_login(controller)

    page = client.get(_story_url(own_case)).text

    print_rules = page[page.index("@media print") :]
    assert ".topbar" in print_rules.split("}")[0]
    assert "window.print()" in page


def test_reading_the_story_is_recorded(client, controller, own_case):
    client.force_login(controller)

    client.get(_story_url(own_case))

    viewed = AuditEvent.objects.get(action="case.viewed", object_id=str(own_case.pk))
    assert viewed.actor == controller


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_story_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, controller, accountant, approver, own_case
):
    client.force_login(controller)
    url = _story_url(own_case)
    assign_case(own_case, user=accountant, assignee=approver)
    few = _queries(client, url)  # received, read, assigned ... and the view itself

    for number in range(15):
        assign_case(own_case, user=accountant, assignee=approver if number % 2 else accountant)
        add_note(own_case, user=approver, text=f"note {number}")
    approve_case(own_case, user=approver)
    with django_assert_num_queries(few):
        response = client.get(url)

    assert response.text.count('class="story-event') >= 30


def test_a_posted_case_shows_its_entry_in_exact(client, controller, approver, own_case):
    case = start_posting(approve_case(own_case, user=approver))
    mark_posted(case, entry_id="9f8e7d6c-0000-4000-8000-000000000001", entry_number="24700012")
    client.force_login(controller)

    page = client.get(_story_url(own_case), HTTP_ACCEPT_LANGUAGE="en").text

    assert "24700012" in page
    assert "9f8e7d6c-0000-4000-8000-000000000001" in page
    assert "<strong>Posted to Exact</strong>" in page
