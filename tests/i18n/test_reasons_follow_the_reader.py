"""Reasons are written by background work in the default language (Dutch) but read in the
reader's: the case page, the story page, the admin and its CSV export, `manage.py ingest`."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from cases.models import Case, Check
from intake.pipeline import read_case_document
from intake.services import receive_document
from tests.cases.conftest import make_case

# What the PEPPOL example holds, as each language writes it.
ENGLISH = [
    "The lines add up to 1,300.00.",
    "IBAN IBAN32423940 is not valid (wrong length or check digits).",
    "The invoice date 13 Nov 2017 is more than 18 months ago.",
    "No relation in Exact has VAT number GB1232434, IBAN IBAN32423940 or the name",
]
DUTCH = [
    "De regels tellen op tot 1.300,00.",
    "IBAN IBAN32423940 is niet geldig (verkeerde lengte of controlegetal).",
    "De factuurdatum 13 Nov 2017 is meer dan 18 maanden geleden.",
    "Geen relatie in Exact heeft btw-nummer GB1232434, IBAN IBAN32423940 of de naam",
]


@pytest.fixture
def read_in_dutch(administration, corpora) -> Case:
    """The e-invoice read as the worker reads it: in the product's default language."""
    data = (corpora / "ubl/peppol-bis3/examples/base-example.xml").read_bytes()
    with translation.override("nl"):
        case = receive_document(
            administration=administration, data=data, filename="base-example.xml", channel="api"
        )
        return read_case_document(case_id=case.pk)


def _as(client, user, language: str):
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    return client


def _case_page(client, case: Case) -> str:
    return client.get(reverse("cases:case", args=["acme", case.pk])).text


def _unescaped(page: str) -> str:
    return page.replace("&quot;", '"').replace("&#x27;", "'")


def test_an_english_reader_reads_reasons_written_in_dutch_in_english(
    client, accountant, read_in_dutch
):
    page = _unescaped(_case_page(_as(client, accountant, "en"), read_in_dutch))

    for text in ENGLISH:
        assert text in page
    for text in DUTCH:
        assert text not in page


def test_a_dutch_reader_reads_them_in_dutch(client, accountant, read_in_dutch):
    page = _unescaped(_case_page(_as(client, accountant, "nl"), read_in_dutch))

    for text in DUTCH:
        assert text in page
    for text in ENGLISH:
        assert text not in page


def test_the_reason_of_the_status_follows_the_reader_too(client, accountant, read_in_dutch):
    assert read_in_dutch.status == Case.Status.NEEDS_REVIEW
    english = _as(client, accountant, "en")
    page = english.get(reverse("cases:queue", args=["acme"]) + "?queue=review")
    case_page = _case_page(english, read_in_dutch)

    assert page.status_code == 200
    assert "Needs review</strong> — IBAN IBAN32423940 is not valid" in case_page
    assert "%(" not in case_page


def test_the_story_page_tells_the_reasons_in_the_readers_language(
    client, controller, read_in_dutch
):
    url = reverse("cases:story", args=["acme", read_in_dutch.pk])

    english = _unescaped(_as(client, controller, "en").get(url).text)
    dutch = _unescaped(_as(client, controller, "nl").get(url).text)

    assert english.count(ENGLISH[1]) >= 3  # the status, the check, and the read event's reason
    assert dutch.count(DUTCH[1]) >= 3
    assert "%(" not in english and "%(" not in dutch
    assert "status_reason_params" not in english


def test_the_admin_shows_the_reasons_in_the_controllers_language(client, controller, read_in_dutch):
    page = _unescaped(
        _as(client, controller, "en")
        .get(reverse("admin:cases_case_change", args=[read_in_dutch.pk]))
        .text
    )

    for text in ENGLISH:
        assert text in page
    assert DUTCH[0] not in page


def test_the_csv_export_writes_the_reason_in_the_controllers_language(
    client, controller, read_in_dutch
):
    response = _as(client, controller, "nl").post(
        reverse("admin:cases_case_changelist"),
        {"action": "export_csv", "_selected_action": [read_in_dutch.pk], "index": 0},
    )

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["status_reason"].startswith(DUTCH[1])
    assert DUTCH[2] in rows[0]["status_reason"]


def test_reasons_stored_as_finished_text_before_still_show_as_they_were(
    client, accountant, administration
):
    case = make_case(administration, review=True)
    # Rows from before reasons were kept as messages: finished Dutch text, no values.
    Case.objects.filter(pk=case.pk).update(status_reason="Korting van 100% klopt niet.")
    Check.objects.filter(case=case).update(message="De regels tellen op tot 1.300,00.")

    page = _case_page(_as(client, accountant, "en"), case)

    assert "Korting van 100% klopt niet." in page
    assert "De regels tellen op tot 1.300,00." in page


def test_ingest_reports_reasons_in_its_own_language_whoever_read_the_file(
    administration, tmp_path, monkeypatch
):
    def read_as_the_worker(*, case_id):
        with translation.override("nl"):
            return read_case_document(case_id=case_id)

    monkeypatch.setattr("intake.management.commands.ingest.read_case_document", read_as_the_worker)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    out = StringIO()

    with translation.override("en"):
        call_command("ingest", str(empty), administration="acme", wait=True, stdout=out)

    assert "empty.pdf: Unreadable — Not yet known: The file is empty." in out.getvalue()
