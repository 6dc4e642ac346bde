"""Controllers browse cases in the admin: only their administrations', read-only, exportable,
linked to the case's audit events and its story."""

import csv
import io
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from cases.models import Case
from cases.transitions import add_note, approve_case
from tests import factories
from tests.controllers.conftest import make_documented_case

CHANGELIST = reverse("admin:cases_case_changelist")


def _shown(response) -> set[str]:
    return {case.invoice_number for case in response.context["cl"].result_list}


def test_controller_sees_only_own_administrations_cases(client, controller, own_case, foreign_case):
    client.force_login(controller)

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert _shown(response) == {"F-2025-001"}
    assert "SECRET-9" not in response.text


def test_superuser_sees_every_administrations_cases(client, own_case, foreign_case):
    client.force_login(factories.make_user("root", is_staff=True, is_superuser=True))

    assert _shown(client.get(CHANGELIST)) == {"F-2025-001", "SECRET-9"}


def test_controller_cannot_open_another_administrations_case(client, controller, foreign_case):
    client.force_login(controller)

    response = client.get(reverse("admin:cases_case_change", args=[foreign_case.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:index"))


def test_controller_reads_a_case_but_cannot_change_or_delete_it(client, controller, own_case):
    client.force_login(controller)
    change_url = reverse("admin:cases_case_change", args=[own_case.pk])

    page = client.get(change_url)
    change = client.post(change_url, {"supplier_name": "Changed", "kind": "other"})
    delete = client.post(reverse("admin:cases_case_delete", args=[own_case.pk]), {"post": "yes"})

    assert page.status_code == 200
    assert "Leverancier B.V." in page.text
    assert 'name="supplier_name"' not in page.text
    assert change.status_code == 403
    assert delete.status_code == 403
    assert Case.objects.get(pk=own_case.pk).supplier_name == "Leverancier B.V."


def test_checks_approvals_and_notes_show_read_only_on_the_case(
    client, controller, approver, own_case
):
    add_note(own_case, user=approver, text="Prijs nagevraagd bij inkoop")
    approve_case(own_case, user=approver)
    client.force_login(controller)

    page = client.get(reverse("admin:cases_case_change", args=[own_case.pk])).text

    assert "lines_add_up" in page
    assert "Prijs nagevraagd bij inkoop" in page
    assert "approver" in page
    assert 'name="notes-0-text"' not in page


def test_search_finds_a_case_by_its_document_file_name(client, controller, administration):
    make_documented_case(administration, filename="scan-0042.pdf", number="A-1")
    make_documented_case(administration, filename="other.pdf", number="B-2")
    client.force_login(controller)

    assert _shown(client.get(CHANGELIST, {"q": "scan-0042"})) == {"A-1"}


def test_filters_by_status(client, controller, approver, administration):
    approve_case(
        make_documented_case(administration, number="A-1", filename="a.pdf"), user=approver
    )
    make_documented_case(administration, number="B-2", filename="b.pdf")
    client.force_login(controller)

    response = client.get(CHANGELIST, {"status__exact": Case.Status.READY_TO_POST})

    assert _shown(response) == {"A-1"}


def test_csv_export_holds_the_selected_cases(client, controller, administration, own_case):
    other = make_documented_case(administration, number="=HYPERLINK(1)", filename="x.pdf")
    client.force_login(controller)

    response = client.post(
        CHANGELIST,
        {"action": "export_csv", "_selected_action": [own_case.pk], "index": 0},
    )

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["id"] for row in rows] == [str(own_case.pk)]
    assert rows[0]["administration"] == "acme"
    assert rows[0]["total_amount"] == "1234.56"
    assert rows[0]["document"] == "factuur-2025-001.pdf"
    assert str(other.pk) not in {row["id"] for row in rows}


def test_exported_text_cannot_run_as_a_spreadsheet_formula(client, controller, administration):
    case = make_documented_case(administration, number="=HYPERLINK(1)", filename="x.pdf")
    client.force_login(controller)

    response = client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [case.pk], "index": 0}
    )

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["invoice_number"] == "'=HYPERLINK(1)"


def test_a_controller_cannot_export_another_administrations_case(
    client, controller, own_case, foreign_case
):
    client.force_login(controller)

    response = client.post(
        CHANGELIST,
        {"action": "export_csv", "_selected_action": [foreign_case.pk], "index": 0},
    )

    # The selection is narrowed to the rows the controller may see: none.
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == []


def test_case_links_to_its_audit_events_and_its_story(client, controller, own_case):
    client.force_login(controller)

    page = client.get(reverse("admin:cases_case_change", args=[own_case.pk])).text

    case_type = ContentType.objects.get_for_model(Case).pk
    events_url = (
        reverse("admin:audit_auditevent_changelist")
        + "?"
        + urlencode({"object_type": case_type, "object_id": own_case.pk})
    )
    story_url = reverse("cases:story", args=["acme", own_case.pk])
    assert events_url.replace("&", "&amp;") in page
    assert story_url in page
    assert reverse("admin:intake_document_change", args=[own_case.document_id]) in page


def test_the_audit_events_link_lists_the_events_of_that_case_only(
    client, controller, administration, own_case
):
    make_documented_case(administration, number="OTHER", filename="other.pdf")
    client.force_login(controller)
    case_type = ContentType.objects.get_for_model(Case).pk

    response = client.get(
        reverse("admin:audit_auditevent_changelist"),
        {"object_type": case_type, "object_id": own_case.pk},
    )

    events = response.context["cl"].result_list
    assert [event.action for event in reversed(events)] == [
        "case.received",
        "case.reading_started",
        "case.read",
    ]
    # ... and each event leads back to the case.
    event_page = client.get(reverse("admin:audit_auditevent_change", args=[events[0].pk])).text
    assert reverse("admin:cases_case_change", args=[own_case.pk]) in event_page


def test_staff_without_an_auditing_role_sees_no_cases(client, administration, own_case):
    staff_viewer = factories.make_member(administration, "viewer", username="sv", is_staff=True)
    client.force_login(staff_viewer)

    assert client.get(CHANGELIST).status_code == 403


def test_accountant_without_staff_access_is_kept_out(client, accountant, own_case):
    client.force_login(accountant)

    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert "login" in response.url
