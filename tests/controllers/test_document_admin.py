"""Controllers browse documents in the admin: only their administrations', read-only, linked to
the cases read from them and to the e-mail they arrived in."""

import csv
import io

from django.urls import reverse

from intake.models import Document
from intake.services import receive_document

CHANGELIST = reverse("admin:intake_document_changelist")


def test_controller_sees_only_own_administrations_documents(
    client, controller, own_case, foreign_case
):
    client.force_login(controller)

    response = client.get(CHANGELIST)

    assert {document.filename for document in response.context["cl"].result_list} == {
        "factuur-2025-001.pdf"
    }
    assert "geheim.pdf" not in response.text


def test_controller_cannot_change_or_delete_a_document(client, controller, own_case):
    client.force_login(controller)
    url = reverse("admin:intake_document_change", args=[own_case.document_id])

    page = client.get(url)
    change = client.post(url, {"filename": "renamed.pdf"})
    delete = client.post(
        reverse("admin:intake_document_delete", args=[own_case.document_id]), {"post": "yes"}
    )

    assert page.status_code == 200
    assert change.status_code == 403
    assert delete.status_code == 403
    assert Document.objects.get(pk=own_case.document_id).filename == "factuur-2025-001.pdf"


def test_controller_cannot_open_another_administrations_document(client, controller, foreign_case):
    client.force_login(controller)

    response = client.get(reverse("admin:intake_document_change", args=[foreign_case.document_id]))

    assert response.status_code == 302


def test_document_links_to_its_cases_and_the_message_it_arrived_in(
    client, controller, administration, own_case
):
    attachment = receive_document(
        administration=administration,
        data=b"%PDF-1.4 attachment",
        filename="bijlage.pdf",
        channel="email",
        parent=own_case.document,
    )
    client.force_login(controller)

    page = client.get(reverse("admin:intake_document_change", args=[attachment.document_id])).text

    assert reverse("admin:intake_document_change", args=[own_case.document_id]) in page
    assert reverse("admin:cases_case_change", args=[attachment.pk]) in page


def test_the_cases_link_lists_the_cases_of_that_document(
    client, controller, administration, own_case
):
    receive_document(
        administration=administration, data=b"%PDF-1.4 other", filename="o.pdf", channel="upload"
    )
    client.force_login(controller)

    response = client.get(
        reverse("admin:cases_case_changelist"), {"document": own_case.document_id}
    )

    assert [case.pk for case in response.context["cl"].result_list] == [own_case.pk]


def test_search_and_filter_by_channel(client, controller, administration, own_case):
    receive_document(
        administration=administration, data=b"%PDF-1.4 up", filename="upload.pdf", channel="upload"
    )
    client.force_login(controller)

    by_channel = client.get(CHANGELIST, {"channel__exact": "upload"}).context["cl"].result_list
    by_name = client.get(CHANGELIST, {"q": "factuur-2025"}).context["cl"].result_list

    assert [document.filename for document in by_channel] == ["upload.pdf"]
    assert [document.filename for document in by_name] == ["factuur-2025-001.pdf"]


def test_csv_export_holds_the_selected_documents(client, controller, own_case):
    client.force_login(controller)

    response = client.post(
        CHANGELIST,
        {"action": "export_csv", "_selected_action": [own_case.document_id], "index": 0},
    )

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["filename"] for row in rows] == ["factuur-2025-001.pdf"]
    assert rows[0]["channel"] == "email"
    assert rows[0]["sha256"] == own_case.document.sha256
