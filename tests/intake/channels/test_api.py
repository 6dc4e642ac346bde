"""The intake API: a supplier portal sends a document with its token and reads the case's
status. Wrong or revoked tokens get 401, another administration's 404, a file too large 413."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cases.models import Case
from intake.channel_models import ApiToken
from intake.channels.api import api_language, create_api_token, revoke_api_token
from intake.models import Document
from intake.services import receive_document


@pytest.fixture
def token(administration, accountant):
    _, token = create_api_token(
        administration=administration, name="Supplier portal", created_by=accountant
    )
    return token


@pytest.fixture
def api():
    # Like an integration: no session, and CSRF checks on as in production.
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def invoice(corpora) -> bytes:
    return (corpora / "ubl/peppol-bis3/examples/base-example.xml").read_bytes()


def _send(api, token, data=b"%PDF-1.4 invoice", *, code="acme", filename="invoice.pdf"):
    return api.post(
        reverse("intake:api_documents", args=[code]),
        {"file": SimpleUploadedFile(filename, data)},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def _status(api, token, case_id, code="acme"):
    return api.get(
        reverse("intake:api_case_status", args=[code, case_id]),
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_a_document_sent_as_a_form_field_opens_a_case(api, token, administration):
    response = _send(api, token)

    assert response.status_code == 201
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert case.administration == administration
    assert case.document.channel == Document.Channel.API
    assert case.document.filename == "invoice.pdf"
    assert case.document.origin["token_name"] == "Supplier portal"
    assert body["status"] == "received"
    assert body["status_url"].endswith(f"/intake/api/acme/cases/{case.pk}")
    assert response["Location"] == body["status_url"]


def test_a_document_sent_as_the_raw_body_opens_a_case(api, token, invoice):
    response = api.post(
        reverse("intake:api_documents", args=["acme"]),
        invoice,
        content_type="application/xml",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_X_FILENAME="base-example.xml",
    )

    assert response.status_code == 201
    case = Case.objects.get(pk=response.json()["id"])
    assert case.document.filename == "base-example.xml"
    assert case.document.media_type == "application/xml"


def test_the_status_says_what_was_read(
    api, token, invoice, django_capture_on_commit_callbacks, monkeypatch
):
    from intake.tasks import read_case

    monkeypatch.setattr("intake.tasks.async_task", lambda path, case_id, **kw: read_case(case_id))
    with django_capture_on_commit_callbacks(execute=True):
        case_id = _send(api, token, invoice, filename="invoice.xml").json()["id"]

    response = _status(api, token, case_id)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "needs_review"
    assert body["kind"] == "purchase_invoice"
    assert body["invoice_number"] == "Snippet1"
    assert body["total"] == "1656.25"
    assert body["currency"] == "EUR"
    assert body["reason"]


@pytest.fixture
def read_in_dutch(api, token, invoice, django_capture_on_commit_callbacks, monkeypatch):
    """An e-invoice sent through the API and read by the worker, in the default language."""
    from intake.tasks import read_case

    def read_as_the_worker(path, case_id, **kw):
        with translation.override("nl"):
            read_case(case_id)

    monkeypatch.setattr("intake.tasks.async_task", read_as_the_worker)
    with django_capture_on_commit_callbacks(execute=True):
        return _send(api, token, invoice, filename="invoice.xml").json()["id"]


def test_the_status_speaks_english_unless_the_request_asks_for_dutch(
    api, token, read_in_dutch, settings
):
    settings.LANGUAGE_CODE = "nl"  # the product's default

    plain = _status(api, token, read_in_dutch).json()
    dutch = api.get(
        reverse("intake:api_case_status", args=["acme", read_in_dutch]),
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT_LANGUAGE="fr-FR, nl;q=0.8, en;q=0.5",
    ).json()

    assert plain["status_label"] == "Needs review"
    assert plain["reason"].startswith("IBAN IBAN32423940 is not valid")
    assert "The invoice date 13 Nov 2017 is more than 18 months ago." in plain["reason"]
    assert dutch["status_label"] == "Te controleren"
    assert dutch["reason"].startswith("IBAN IBAN32423940 is niet geldig")


@pytest.mark.parametrize(
    ("header", "language"),
    [("", "en"), ("nl-NL,nl;q=0.9", "nl"), ("fr", "en"), ("de, en-GB;q=0.7", "en"), ("*", "en")],
)
def test_the_api_language_is_english_unless_dutch_is_asked_for(rf, header, language):
    request = rf.get("/", HTTP_ACCEPT_LANGUAGE=header) if header else rf.get("/")

    assert api_language(request) == language


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer ebt_00000000_wrong"],
)
def test_without_a_valid_token_the_answer_is_401(api, token, authorization):
    response = api.post(
        reverse("intake:api_documents", args=["acme"]),
        {"file": SimpleUploadedFile("a.pdf", b"%PDF")},
        HTTP_AUTHORIZATION=authorization,
    )

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not Document.objects.exists()


def test_a_token_with_a_wrong_secret_is_refused(api, token):
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")

    assert _send(api, tampered).status_code == 401


def test_a_revoked_token_is_refused_at_once(api, token):
    revoke_api_token(api_token=ApiToken.objects.get())

    assert _send(api, token).status_code == 401


def test_a_token_of_another_administration_gets_404(api, token, other_administration):
    _, other_token = create_api_token(administration=other_administration, name="Other portal")
    case_id = _send(api, token).json()["id"]

    assert _send(api, other_token, code="acme").status_code == 404
    assert _status(api, other_token, case_id, code="acme").status_code == 404
    assert _status(api, other_token, case_id, code="globex").status_code == 404
    assert Case.objects.count() == 1


def test_a_token_reads_only_the_cases_it_sent(api, token, administration):
    uploaded = receive_document(
        administration=administration, data=b"%PDF-1.4 other", channel="upload"
    )

    assert _status(api, token, uploaded.pk).status_code == 404
    assert _status(api, token, 999999).status_code == 404


@pytest.mark.parametrize("raw", [False, True])
def test_a_file_too_large_gets_413_with_the_reason(api, token, settings, raw):
    settings.MAX_DOCUMENT_BYTES = 100
    data = b"%PDF-1.4 " + b"x" * 200
    if raw:
        response = api.post(
            reverse("intake:api_documents", args=["acme"]),
            data,
            content_type="application/pdf",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
    else:
        response = _send(api, token, data)

    assert response.status_code == 413
    assert "the limit is 100" in response.json()["error"]
    assert not Document.objects.exists()


def test_a_request_without_a_document_gets_400(api, token):
    response = api.post(
        reverse("intake:api_documents", args=["acme"]),
        b"",
        content_type="application/pdf",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 400
    assert response.json()["error"]


def test_only_the_hash_of_the_token_is_stored_and_its_use_is_noted(api, token):
    stored = ApiToken.objects.get()

    assert token.startswith(f"ebt_{stored.prefix}_")
    assert stored.secret_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ApiToken.objects.values().get())
    assert stored.last_used_at is None

    _send(api, token)

    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_the_api_needs_no_session_but_the_upload_page_does(client, token):
    response = client.get(reverse("intake:api_case_status", args=["acme", 1]))

    assert response.status_code == 401
    assert client.get(reverse("intake:upload", args=["acme"])).status_code == 302
