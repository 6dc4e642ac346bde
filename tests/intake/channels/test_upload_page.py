"""The upload page: accountants send several files at once, each becomes a case in the chosen
administration; a file too large is refused with a message while the others go in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Case
from intake.models import Document
from tests.factories import PASSWORD

URL = reverse("intake:upload", args=["acme"])


def _files(*names_and_bytes):
    return [SimpleUploadedFile(name, data) for name, data in names_and_bytes]


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.login(username=user.username, password=PASSWORD)
        return client

    return sign_in


def test_an_outsider_gets_404(signed_in, outsider):
    client = signed_in(outsider)

    assert client.get(URL).status_code == 404
    response = client.post(URL, {"files": _files(("a.pdf", b"%PDF-1.4 a"))})
    assert response.status_code == 404
    assert not Document.objects.exists()


def test_a_viewer_gets_403(signed_in, viewer):
    client = signed_in(viewer)

    assert client.get(URL).status_code == 403
    response = client.post(URL, {"files": _files(("a.pdf", b"%PDF-1.4 a"))})
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_the_page_offers_several_files_and_drag_and_drop(signed_in, accountant):
    response = signed_in(accountant).get(URL)

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert 'name="files" multiple' in response.text
    assert "js/upload.js" in response.text


def test_several_files_become_cases_and_the_list_shows_them(signed_in, accountant, administration):
    client = signed_in(accountant)

    response = client.post(
        URL, {"files": _files(("a.pdf", b"%PDF-1.4 a"), ("b.xml", b"<Invoice/>"))}
    )

    assert response.status_code == 302
    cases = list(Case.objects.order_by("pk"))
    assert [c.document.filename for c in cases] == ["a.pdf", "b.xml"]
    for case in cases:
        assert case.administration == administration
        assert case.document.channel == Document.Channel.UPLOAD
        assert case.document.received_by == accountant
    page = client.get(response.url)
    assert f"#{cases[0].pk}" in page.text
    assert f"#{cases[1].pk}" in page.text
    assert reverse("cases:case", args=["acme", cases[0].pk]) in page.text


def test_a_file_too_large_is_refused_and_the_others_go_in(signed_in, accountant, settings):
    settings.MAX_DOCUMENT_BYTES = 20
    client = signed_in(accountant)

    response = client.post(
        URL,
        {"files": _files(("small.pdf", b"%PDF-1.4 s"), ("big.pdf", b"%PDF-1.4 " + b"x" * 50))},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert [c.document.filename for c in Case.objects.all()] == ["small.pdf"]
    assert "big.pdf is 59" in response.text
    assert "the limit is 20" in response.text


def test_one_file_from_the_script_gets_201_and_its_row(signed_in, accountant):
    response = signed_in(accountant).post(
        URL, {"files": _files(("a.pdf", b"%PDF-1.4 a"))}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 201
    case = Case.objects.get()
    assert f"#{case.pk}" in response.text
    assert "<html" not in response.text


def test_a_file_too_large_from_the_script_gets_413_and_the_reason(signed_in, accountant, settings):
    settings.MAX_DOCUMENT_BYTES = 5

    response = signed_in(accountant).post(
        URL, {"files": _files(("a.pdf", b"%PDF-1.4 a"))}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 413
    assert "the limit is 5" in response.text
    assert not Case.objects.exists()


def test_posting_without_files_shows_the_form_again(signed_in, accountant):
    response = signed_in(accountant).post(URL, {})

    assert response.status_code == 400
    assert not Case.objects.exists()


def test_the_list_shows_only_this_administrations_cases(
    signed_in, accountant, other_administration
):
    from intake.services import receive_document

    foreign = receive_document(
        administration=other_administration,
        data=b"%PDF-1.4 f",
        filename="secret.pdf",
        channel="upload",
    )

    response = signed_in(accountant).get(f"{URL}?received={foreign.pk}")

    assert "secret.pdf" not in response.text


def test_the_upload_needs_the_csrf_token(accountant):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.login(username=accountant.username, password=PASSWORD)

    response = client.post(URL, {"files": _files(("a.pdf", b"%PDF-1.4 a"))})

    assert response.status_code == 403
    assert not Case.objects.exists()
