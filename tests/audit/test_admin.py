"""Controllers browse the audit log in the Django admin: read-only, scoped, exportable."""

import csv
import io

import pytest
from django.urls import reverse

from exactbridge.administrations.models import Membership
from exactbridge.administrations.services import grant_membership
from exactbridge.audit.models import AuditEvent
from exactbridge.audit.services import record_event
from tests import factories

CHANGELIST = reverse("admin:audit_auditevent_changelist")


@pytest.fixture
def foreign_event(other_administration):
    return record_event(action="foreign.secret", administration=other_administration)


@pytest.fixture
def own_event(administration, accountant):
    return record_event(
        action="case.approved",
        actor=accountant,
        administration=administration,
        target=administration,
    )


def test_controller_sees_own_administrations_events_only(
    client, controller, own_event, foreign_event
):
    client.force_login(controller)

    response = client.get(CHANGELIST)

    shown = {event.action for event in response.context["cl"].result_list}
    assert "case.approved" in shown
    assert "foreign.secret" not in shown
    assert "foreign.secret" not in response.content.decode()


def test_controller_cannot_open_another_administrations_event(client, controller, foreign_event):
    client.force_login(controller)

    response = client.get(reverse("admin:audit_auditevent_change", args=[foreign_event.pk]))

    assert response.status_code == 302  # the admin's answer for "no such object": back to list
    assert response.url.startswith(reverse("admin:index"))


def test_controller_cannot_change_or_delete_events(client, controller, own_event):
    client.force_login(controller)

    change = client.post(
        reverse("admin:audit_auditevent_change", args=[own_event.pk]), {"action": "x"}
    )
    delete = client.post(
        reverse("admin:audit_auditevent_delete", args=[own_event.pk]), {"post": "yes"}
    )

    assert change.status_code == 403
    assert delete.status_code == 403
    assert AuditEvent.objects.get(pk=own_event.pk).action == "case.approved"


def test_event_links_to_its_object(client, controller, own_event, administration):
    client.force_login(controller)

    page = client.get(reverse("admin:audit_auditevent_change", args=[own_event.pk])).content
    target_url = reverse("admin:administrations_administration_change", args=[administration.pk])

    assert target_url.encode() in page


def test_filters_by_action_and_administration(client, controller, own_event, administration):
    record_event(action="case.rejected", administration=administration)
    client.force_login(controller)

    response = client.get(CHANGELIST, {"action": "case.rejected"})

    shown = [event.action for event in response.context["cl"].result_list]
    assert shown == ["case.rejected"]


def test_csv_export_holds_the_selected_events(client, controller, own_event):
    client.force_login(controller)

    response = client.post(
        CHANGELIST,
        {"action": "export_csv", "_selected_action": [own_event.pk], "index": 0},
    )

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["action"] for row in rows] == ["case.approved"]
    assert rows[0]["hash"] == own_event.hash
    assert rows[0]["administration"] == "acme"


def test_accountant_without_staff_access_is_kept_out(client, accountant, own_event):
    client.force_login(accountant)

    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert "login" in response.url


def test_staff_without_an_auditing_role_sees_no_audit_log(client, administration, own_event):
    staff_viewer = factories.make_member(administration, "viewer", username="sv", is_staff=True)
    client.force_login(staff_viewer)

    assert client.get(CHANGELIST).status_code == 403


def test_controller_of_another_administration_sees_nothing_here(
    client, other_administration, own_event
):
    stranger = factories.make_user("stranger", is_staff=True)
    grant_membership(
        administration=other_administration, user=stranger, role=Membership.Role.CONTROLLER
    )
    client.force_login(stranger)

    page = client.get(CHANGELIST).content.decode()

    assert "case.approved" not in page


@pytest.fixture
def reason_event(administration, accountant):
    """A status change whose reason is kept as a msgid and its values, as transitions keep it."""
    return record_event(
        action="case.needs_review",
        actor=accountant,
        administration=administration,
        target=administration,
        after={
            "status_reason": "Invoice %(number)s of this supplier was received before, "
            "as case #%(id)s.",
            "status_reason_params": {"number": "F-7", "id": 12},
        },
    )


def test_reasons_read_as_sentences_in_the_change_page_and_the_csv(client, controller, reason_event):
    client.force_login(controller)
    sentence = "Invoice F-7 of this supplier was received before, as case #12."

    page = client.get(reverse("admin:audit_auditevent_change", args=[reason_event.pk]))
    response = client.post(
        CHANGELIST,
        {"action": "export_csv", "_selected_action": [reason_event.pk], "index": 0},
    )

    assert sentence in page.content.decode()
    assert "%(number)s" not in page.content.decode()
    [row] = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert sentence in row["after"]
    assert "status_reason_params" not in row["after"]
    reason_event.refresh_from_db()
    assert reason_event.after["status_reason_params"] == {"number": "F-7", "id": 12}  # as hashed
