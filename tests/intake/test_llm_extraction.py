"""The optional language model fills only what the rules left empty, never overrides, never
breaks reading, and its answers meet the same checks as the rules' values (mocked endpoint)."""

from __future__ import annotations

import dataclasses
import datetime
import json
from decimal import Decimal

import pytest
import requests
import responses

from cases.models import Case
from intake.checks import run_invoice_checks
from intake.extracted import ExtractedInvoice, Field
from intake.extraction import extract_from_pages, pdf_pages
from intake.extraction.layout import Line, Page, Run, Word
from intake.extraction.llm import (
    MODEL_CONFIDENCE,
    complete_invoice,
    configured_endpoint,
    document_text,
    take_answer,
)
from intake.pipeline import read_case_document
from intake.services import receive_document
from tests.conftest import CORPORA
from tests.test_settings import settings_from_env, startup_error

BASE = "https://llm.example.test/v1"
COMPLETIONS = f"{BASE}/chat/completions"
AWS = CORPORA / "pdf/invoice2data/AmazonWebServices.pdf"
NOT_ASKED = "The language model could not be asked for the missing fields"


@pytest.fixture
def llm(settings):
    settings.LLM_EXTRACTION_URL = BASE
    settings.LLM_EXTRACTION_MODEL = "invoice-reader-1"
    settings.LLM_EXTRACTION_API_KEY = "sk-test-123"
    settings.LLM_EXTRACTION_TIMEOUT = 5
    settings.LLM_EXTRACTION_MAX_CHARS = 12_000
    return configured_endpoint()


@pytest.fixture
def model():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def answers(mock, content: dict | str, **extra) -> None:
    """The model answers `content` (a dict is sent as its JSON text) in a chat completion."""
    text = content if isinstance(content, str) else json.dumps(content)
    mock.post(
        COMPLETIONS,
        json={"choices": [{"index": 0, "message": {"role": "assistant", "content": text}}]},
        **extra,
    )


@pytest.fixture(scope="module")
def aws_pages() -> list[Page]:
    # Amazon's invoice as the rules read it: no due date, IBAN, VAT or KvK number, PO or
    # payment reference; supplier, number, date, currency and totals read.
    pages, format_name = pdf_pages(data=AWS.read_bytes())
    assert format_name == "pdf-text"
    return pages


@pytest.fixture
def aws_invoice(aws_pages) -> ExtractedInvoice:
    return extract_from_pages(aws_pages, format_name="pdf-text")


def sent(mock, index: int = 0) -> dict:
    return json.loads(mock.calls[index].request.body)


def asked_keys(body: dict) -> set[str]:
    question = body["messages"][-1]["content"]
    return {line.split('"')[1] for line in question.splitlines() if line.startswith('- "')}


# --- Off by default ---------------------------------------------------------------------------


def test_it_is_off_by_default(tmp_path):
    assert settings_from_env(tmp_path, "LLM_EXTRACTION_URL", "LLM_EXTRACTION_MODEL") == {
        "LLM_EXTRACTION_URL": "",
        "LLM_EXTRACTION_MODEL": "",
    }


def test_a_url_without_a_model_stops_start_up(tmp_path):
    assert "LLM_EXTRACTION_MODEL" in startup_error(tmp_path, LLM_EXTRACTION_URL=BASE)


def test_a_url_without_a_scheme_stops_start_up(tmp_path):
    error = startup_error(
        tmp_path, LLM_EXTRACTION_URL="llm.example.test/v1", LLM_EXTRACTION_MODEL="m"
    )
    assert "https://" in error


def test_the_api_key_can_come_from_a_mounted_secret(tmp_path):
    secret = tmp_path / "llm_key"
    secret.write_text("sk-from-file\n")
    found = settings_from_env(
        tmp_path,
        "LLM_EXTRACTION_API_KEY",
        LLM_EXTRACTION_URL=BASE + "/",
        LLM_EXTRACTION_MODEL="m",
        LLM_EXTRACTION_API_KEY_FILE=str(secret),
    )
    assert found == {"LLM_EXTRACTION_API_KEY": "sk-from-file"}


def test_off_a_page_read_invoice_goes_through_without_any_request(settings, model, administration):
    settings.LLM_EXTRACTION_URL = ""
    settings.LLM_EXTRACTION_MODEL = ""

    case = _read(administration, AWS.read_bytes())

    assert len(model.calls) == 0
    assert case.extracted["due_date"] is None
    assert "language model" not in case.get_status_reason_display()


# --- What is asked, and what is taken -----------------------------------------------------------


def test_the_request_carries_the_model_the_key_and_only_the_missing_fields(
    llm, model, aws_pages, aws_invoice
):
    answers(model, {})

    complete_invoice(invoice=aws_invoice, pages=aws_pages, endpoint=llm)

    request = model.calls[0].request
    body = sent(model)
    assert request.url == COMPLETIONS
    assert request.headers["Authorization"] == "Bearer sk-test-123"
    assert body["model"] == "invoice-reader-1"
    assert body["response_format"] == {"type": "json_object"}
    assert asked_keys(body) == {
        "vat_number",
        "kvk_number",
        "iban",
        "due_date",
        "po_number",
        "payment_reference",
    }
    # The page's text goes along; the file itself does not.
    assert "Invoice Number:   42183017" in body["messages"][-1]["content"]
    assert "%PDF" not in request.body.decode()


def test_without_a_key_no_authorization_header_is_sent(
    settings, llm, model, aws_pages, aws_invoice
):
    settings.LLM_EXTRACTION_API_KEY = ""
    answers(model, {})

    complete_invoice(invoice=aws_invoice, pages=aws_pages, endpoint=configured_endpoint())

    assert "Authorization" not in model.calls[0].request.headers


def test_only_empty_fields_are_filled_marked_as_the_models_with_low_confidence(
    llm, model, aws_pages, aws_invoice
):
    answers(
        model,
        {
            "due_date": "2014-08-03",
            # Known already: the rules' values stay.
            "invoice_number": "99999999",
            "gross_total": "1000.00",
            "supplier_name": "Someone Else Ltd",
            "lunch": "pizza",
        },
    )

    invoice, notes = complete_invoice(invoice=aws_invoice, pages=aws_pages, endpoint=llm)

    assert invoice.due_date == Field(
        datetime.date(2014, 8, 3),
        MODEL_CONFIDENCE,
        "language model (invoice-reader-1): a suggestion to confirm",
    )
    assert invoice.invoice_number == aws_invoice.invoice_number
    assert invoice.gross_total.value == Decimal("4.11")
    assert invoice.supplier_name == aws_invoice.supplier_name
    assert [str(note) for note in notes] == [
        "Suggested by the language model, not read from the page: Due date. "
        "Compare them with the document."
    ]


def test_when_nothing_is_missing_nothing_is_sent(llm, model, aws_pages, aws_invoice):
    found = Field("x", 0.5, "page 1")
    complete = dataclasses.replace(
        aws_invoice,
        vat_number=found,
        kvk_number=found,
        iban=found,
        due_date=found,
        po_number=found,
        payment_reference=found,
    )

    invoice, notes = complete_invoice(invoice=complete, pages=aws_pages, endpoint=llm)

    assert len(model.calls) == 0
    assert (invoice, notes) == (complete, [])


def test_values_go_through_the_rule_readers_parsers():
    text = "Factuur  KvK 1234 5678  BTW NL 8548.49.334.B01  IBAN NL91 ABNA 0417 1643 00"
    wanted = ["kvk_number", "vat_number", "iban", "invoice_date", "gross_total", "net_total"]

    filled, left_out = take_answer(
        {
            "kvk_number": "1234 5678",
            "vat_number": "nl854849334b01",
            "iban": "nl91 abna 0417 1643 00",
            "invoice_date": "3 augustus 2014",
            "gross_total": "€ 1.234,56",
            "net_total": Decimal("1020.30"),  # a JSON number: one reading only
        },
        wanted=wanted,
        text=text,
        source="language model (m)",
    )

    assert {name: found.value for name, found in filled.items()} == {
        "kvk_number": "12345678",
        "vat_number": "NL854849334B01",
        "iban": "NL91ABNA0417164300",
        "invoice_date": datetime.date(2014, 8, 3),
        "gross_total": Decimal("1234.56"),
        "net_total": Decimal("1020.30"),
    }
    assert left_out == []


def test_wrong_types_and_unparseable_values_are_left_out_with_a_note(
    llm, model, aws_pages, aws_invoice
):
    answers(
        model,
        {
            "due_date": "soon",
            "iban": ["NL91ABNA0417164300"],
            "kvk_number": True,
            "vat_number": {"number": "NL854849334B01"},
            "po_number": None,
        },
    )

    invoice, notes = complete_invoice(invoice=aws_invoice, pages=aws_pages, endpoint=llm)

    assert invoice == aws_invoice
    assert [str(note) for note in notes] == [
        "The language model's answers for VAT number, KvK number, IBAN, Due date were unusable "
        "or not in the document's text, and were left out."
    ]


def test_placeholders_for_nothing_count_as_not_stated(llm, model, aws_pages, aws_invoice):
    answers(model, {"vat_number": "N/A", "po_number": "unknown", "due_date": "", "iban": None})

    invoice, notes = complete_invoice(invoice=aws_invoice, pages=aws_pages, endpoint=llm)

    assert (invoice, notes) == (aws_invoice, [])


def test_an_identifier_not_in_the_documents_text_is_left_out(llm, model, aws_pages, aws_invoice):
    # A valid IBAN, but Amazon's invoice prints none: made up, so never on the case.
    answers(model, {"iban": "NL91ABNA0417164300", "payment_reference": "296664039561"})

    invoice, notes = complete_invoice(invoice=aws_invoice, pages=aws_pages, endpoint=llm)

    assert invoice.iban is None
    assert invoice.payment_reference.value == "296664039561"  # the account number, printed
    assert "answers for IBAN were unusable" in str(notes[1])


def test_an_invalid_iban_printed_on_the_page_is_kept_and_the_iban_check_flags_it(aws_invoice):
    # No label, wrong check digits: the rules pass it by; the model copies it.
    text = "Payment within 14 days to NL91 ABNA 0417 1643 01, Acme Supplies"

    filled, left_out = take_answer(
        {"iban": "NL91 ABNA 0417 1643 01"}, wanted=["iban"], text=text, source="language model"
    )
    checks = run_invoice_checks(
        dataclasses.replace(aws_invoice, **filled),
        home_currency="EUR",
        today=datetime.date(2014, 8, 10),
    )

    assert left_out == []
    iban = next(check for check in checks if check.code == "iban")
    assert iban.severity == "error"
    assert "NL91ABNA0417164301" in str(iban.message)


# --- Failures never break reading ------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ({"status": 500, "json": {"error": "overloaded"}}, "it answered with HTTP status 500"),
        ({"status": 401, "json": {"error": "bad key"}}, "it answered with HTTP status 401"),
        ({"body": requests.exceptions.ReadTimeout()}, "no answer within 5 seconds"),
        ({"body": requests.exceptions.ConnectionError()}, "it could not be reached"),
        ({"body": "<html>502 Bad Gateway</html>"}, "its answer was not in the expected form"),
        ({"json": {"choices": []}}, "its answer was not in the expected form"),
        (
            {"json": {"choices": [{"message": {"content": None, "refusal": "I can't help."}}]}},
            "it declined to answer",
        ),
        (
            {"json": {"choices": [{"message": {"content": 'Sure! {"due_date": "2014'}}]}},
            "its answer was not a JSON object",
        ),
        (
            {"json": {"choices": [{"message": {"content": '["2014-08-03"]'}}]}},
            "its answer was not a JSON object",
        ),
    ],
    ids=[
        "500",
        "401",
        "timeout",
        "no-connection",
        "html",
        "no-choices",
        "refusal",
        "cut-json",
        "array",
    ],
)
def test_a_failing_model_leaves_the_invoice_as_read_with_a_note(
    llm, model, aws_pages, aws_invoice, reply, reason
):
    model.post(COMPLETIONS, **reply)

    invoice, notes = complete_invoice(invoice=aws_invoice, pages=aws_pages, endpoint=llm)

    assert invoice == aws_invoice
    assert [str(note) for note in notes] == [f"{NOT_ASKED} ({reason})."]


def test_json_in_a_markdown_fence_is_understood(llm, model, aws_pages, aws_invoice):
    answers(model, '```json\n{"due_date": "2014-08-03"}\n```')

    invoice, _notes = complete_invoice(invoice=aws_invoice, pages=aws_pages, endpoint=llm)

    assert invoice.due_date.value == datetime.date(2014, 8, 3)


# --- A bounded text, in whole pages -------------------------------------------------------------


def _page(number: int, text: str, lines: int) -> Page:
    made = []
    for index in range(lines):
        word = Word(f"{text}-{index:03d}", 10, index * 12, 200, index * 12 + 10)
        made.append(Line([word], number, runs=[Run([word], number)]))
    return Page(number, 595, 842, "pt", made)


def test_the_first_and_last_page_go_first_and_the_text_stays_within_the_budget():
    pages = [_page(number, f"p{number}", 50) for number in range(1, 6)]  # ~400 chars a page

    text = document_text(pages, max_chars=1300)

    assert len(text) <= 1300
    assert [line for line in text.splitlines() if line.startswith("---")] == [
        "--- page 1 ---",
        "--- page 2 ---",
        "--- page 5 ---",
    ]


def test_a_first_page_longer_than_the_budget_is_cut_at_a_line_end():
    text = document_text([_page(1, "long", 400)], max_chars=1000)

    assert len(text) <= 1000
    assert text.splitlines()[-1].startswith("long-")
    assert len(text.splitlines()[-1]) == len("long-000")


def test_the_request_holds_at_most_max_chars_of_text(settings, llm, model, aws_pages, aws_invoice):
    settings.LLM_EXTRACTION_MAX_CHARS = 1000
    answers(model, {})

    complete_invoice(invoice=aws_invoice, pages=aws_pages, endpoint=configured_endpoint())

    question = sent(model)["messages"][-1]["content"]
    document = question.split("<<<DOCUMENT\n", 1)[1].rsplit("\nDOCUMENT>>>", 1)[0]
    assert 500 < len(document) <= 1000
    assert "Invoice Number:   42183017" in document


# --- Through the pipeline: the same checks judge the model's answers ---------------------------


def _read(administration, data: bytes, filename: str = "invoice.pdf") -> Case:
    case = receive_document(
        administration=administration, data=data, filename=filename, channel="upload"
    )
    return read_case_document(case_id=case.pk)


def test_a_models_due_date_is_kept_marked_and_judged_by_the_date_check(llm, model, administration):
    answers(model, {"due_date": "2014-07-01", "iban": "NL91ABNA0417164300"})

    case = _read(administration, AWS.read_bytes())

    assert case.status == Case.Status.NEEDS_REVIEW
    assert case.extracted["due_date"] == {
        "value": "2014-07-01",
        "confidence": MODEL_CONFIDENCE,
        "source": "language model (invoice-reader-1): a suggestion to confirm",
    }
    assert case.extracted["iban"] is None  # not printed on the invoice
    by_code = {check.code: check for check in case.checks.all()}
    assert by_code["dates"].severity == "error"
    assert "is before the invoice date" in by_code["dates"].get_message_display()
    assert "iban" not in by_code
    assert "Suggested by the language model, not read from the page: Due date." in (
        case.get_status_reason_display()
    )


def test_an_unreachable_model_leaves_the_case_read_by_the_rules_with_a_note(
    llm, model, administration
):
    model.post(COMPLETIONS, status=503)

    case = _read(administration, AWS.read_bytes())

    assert case.status == Case.Status.NEEDS_REVIEW
    assert case.invoice_number == "42183017"
    assert case.extracted["due_date"] is None
    assert f"{NOT_ASKED} (it answered with HTTP status 503)." in (case.get_status_reason_display())


def test_an_e_invoice_read_from_its_xml_is_never_sent(llm, model, administration):
    # The Odoo PDF carries UBL; read from it, it still has no VAT or KvK number.
    data = (CORPORA / "pdf/invoice2data/AzureInterior.pdf").read_bytes()

    case = _read(administration, data)

    assert case.extracted["format_name"] != "pdf-text"
    assert case.extracted["vat_number"] is None
    assert len(model.calls) == 0
