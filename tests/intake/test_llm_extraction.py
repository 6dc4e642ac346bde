"""The optional language model fills only what the rules left empty, never overrides, never
breaks reading, and its answers meet the same checks as the rules' values (mocked endpoint)."""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
from decimal import Decimal

import pytest
import requests
import responses

from cases.models import Case
from cases.transitions import start_reading
from exactbridge.administrations.services import get_coworker
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
from intake.extraction.llm import client as llm_client
from intake.pipeline import Reading, _finish, find_content_duplicate, read_case_document
from intake.services import receive_document
from tests.conftest import CORPORA
from tests.test_settings import settings_from_env, startup_error

BASE = "https://llm.example.test/v1"
COMPLETIONS = f"{BASE}/chat/completions"
AWS = CORPORA / "pdf/invoice2data/AmazonWebServices.pdf"
NOT_ASKED = "The language model could not be asked for the missing fields"


@pytest.fixture
def pauses(monkeypatch) -> list[float]:
    """The pauses before a retry, taken without waiting."""
    taken: list[float] = []
    monkeypatch.setattr(llm_client, "sleep", taken.append)
    return taken


@pytest.fixture
def llm(settings, pauses):
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
    text = (
        "Factuur  KvK 1234 5678  BTW NL 8548.49.334.B01  IBAN NL91 ABNA 0417 1643 00\n"
        "Netto   1.020,30\nTotaal   € 1.234,56"
    )
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


# --- Grounding: what the model says it copied must be in the text it was sent ------------------

PAGE = (
    "Acme Supplies B.V.   Keizersgracht 1, 1015 CJ Amsterdam\n"
    "Invoice no: INV-2024-0815   Nr.7781   Order #4500012345   page 1 of 1\n"
    "Net   1 020,30   VAT 21%   214,26   Total   EUR 1.234,56"
)


def _taken(name: str, value) -> bool:
    filled, left_out = take_answer({name: value}, wanted=[name], text=PAGE, source="language model")
    assert (name in filled) != (name in left_out)
    return name in filled


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("invoice_number", "INV-2024-0815"),
        ("invoice_number", "inv 2024 0815"),  # printed with other separators
        ("po_number", "4500012345"),
        ("payment_reference", "page 1"),  # words in a row, three letters and digits
    ],
)
def test_an_identifier_printed_as_whole_words_is_taken(name, value):
    assert _taken(name, value)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("invoice_number", "1"),  # on the page, as on almost every page
        ("po_number", "0"),
        ("invoice_number", 10),
        ("invoice_number", "0815"),  # the end of the number, not the number
        ("invoice_number", "2024"),
        ("po_number", "45000"),  # the start of a word
        ("payment_reference", "781"),  # inside "Nr.7781"
    ],
)
def test_a_short_or_partial_identifier_is_left_out(name, value):
    assert not _taken(name, value)


@pytest.mark.parametrize(
    ("value", "taken"),
    [
        ("Acme Supplies B.V.", True),
        ("ACME SUPPLIES BV", True),
        ("Acme Supplies BV.", True),
        ("Acme Suplies B.V.", True),  # an OCR slip on either side
        ("Globex Corporation", False),
        ("Acme Holdings B.V.", False),
        ("Supplies", True),  # a word of the page: the review confirms the rest
        ("Ac", False),
    ],
)
def test_the_supplier_name_must_be_on_the_page(value, taken):
    assert _taken("supplier_name", value) is taken


@pytest.mark.parametrize(
    ("name", "value", "taken"),
    [
        ("gross_total", "1.234,56", True),
        ("gross_total", Decimal("1234.56"), True),
        ("gross_total", "1234.560", True),  # to the cent
        ("net_total", "1020.30", True),  # printed "1 020,30"
        ("vat_total", "214.26", True),
        ("gross_total", "1234.57", False),
        ("gross_total", "-1.234,56", False),  # not as printed: a credit note prints its sign
        ("net_total", "1020.00", False),
        ("vat_total", "21", False),  # a rate, not an amount
        ("gross_total", Decimal("1E+30"), False),
        ("gross_total", 10**18, False),
        ("gross_total", "1.000.000.000.000.000.000,00", False),
    ],
)
def test_an_amount_must_be_printed_in_the_text(name, value, taken):
    assert _taken(name, value) is taken


# --- Failures never break reading; a failure that may pass is tried once more ----------------


@pytest.mark.parametrize(
    ("reply", "reason", "tries"),
    [
        ({"status": 500, "json": {"error": "overloaded"}}, "it answered with HTTP status 500", 2),
        ({"status": 429, "json": {"error": "slow down"}}, "it answered with HTTP status 429", 2),
        ({"status": 401, "json": {"error": "bad key"}}, "it answered with HTTP status 401", 1),
        ({"status": 400, "json": {"error": "bad request"}}, "it answered with HTTP status 400", 1),
        ({"body": requests.exceptions.ReadTimeout()}, "no answer within 5 seconds", 2),
        ({"body": requests.exceptions.ConnectionError()}, "it could not be reached", 2),
        ({"body": requests.exceptions.SSLError()}, "it could not be reached", 1),
        ({"body": "<html>502 Bad Gateway</html>"}, "its answer was not in the expected form", 1),
        ({"json": {"choices": []}}, "its answer was not in the expected form", 1),
        (
            {"json": {"choices": [{"message": {"content": None, "refusal": "I can't help."}}]}},
            "it declined to answer",
            1,
        ),
        (
            {"json": {"choices": [{"message": {"content": 'Sure! {"due_date": "2014'}}]}},
            "its answer was not a JSON object",
            1,
        ),
        (
            {"json": {"choices": [{"message": {"content": '["2014-08-03"]'}}]}},
            "its answer was not a JSON object",
            1,
        ),
    ],
    ids=[
        "500",
        "429",
        "401",
        "400",
        "timeout",
        "no-connection",
        "bad-certificate",
        "html",
        "no-choices",
        "refusal",
        "cut-json",
        "array",
    ],
)
def test_a_failing_model_leaves_the_invoice_as_read_with_a_note(
    llm, model, pauses, aws_pages, aws_invoice, reply, reason, tries
):
    # Registered once, the reply is given to every try.
    model.post(COMPLETIONS, **reply)

    invoice, notes = complete_invoice(invoice=aws_invoice, pages=aws_pages, endpoint=llm)

    assert invoice == aws_invoice
    assert [str(note) for note in notes] == [f"{NOT_ASKED} ({reason})."]
    assert len(model.calls) == tries
    assert pauses == [1.0] * (tries - 1)


@pytest.mark.parametrize(
    "first",
    [
        {"status": 503},
        {"status": 429},
        {"status": 502, "body": "<html>Bad Gateway</html>"},
        {"body": requests.exceptions.ConnectTimeout()},
        {"body": requests.exceptions.ConnectionError()},
    ],
    ids=["503", "429", "502", "timeout", "no-connection"],
)
def test_a_transient_failure_is_tried_once_more_after_a_short_pause(
    llm, model, pauses, aws_pages, aws_invoice, first
):
    model.post(COMPLETIONS, **first)
    answers(model, {"due_date": "2014-08-03"})

    invoice, notes = complete_invoice(invoice=aws_invoice, pages=aws_pages, endpoint=llm)

    assert len(model.calls) == 2
    assert pauses == [1.0]
    assert invoice.due_date.value == datetime.date(2014, 8, 3)
    assert NOT_ASKED not in " ".join(str(note) for note in notes)


def test_a_small_retry_after_is_waited_for(llm, model, pauses, aws_pages, aws_invoice):
    model.post(COMPLETIONS, status=429, headers={"Retry-After": "3"})
    answers(model, {"due_date": "2014-08-03"})

    invoice, _notes = complete_invoice(invoice=aws_invoice, pages=aws_pages, endpoint=llm)

    assert pauses == [3.0]
    assert invoice.due_date is not None


@pytest.mark.parametrize("wait", ["120", "6"])  # beyond the cap; beyond the 5 s timeout
def test_a_server_asking_to_wait_long_is_not_asked_again(
    llm, model, pauses, aws_pages, aws_invoice, wait
):
    model.post(COMPLETIONS, status=429, headers={"Retry-After": wait})
    answers(model, {"due_date": "2014-08-03"})

    invoice, notes = complete_invoice(invoice=aws_invoice, pages=aws_pages, endpoint=llm)

    assert len(model.calls) == 1
    assert pauses == []
    assert invoice == aws_invoice
    assert [str(note) for note in notes] == [f"{NOT_ASKED} (it answered with HTTP status 429)."]


def test_a_bad_request_is_not_tried_again(llm, model, pauses, aws_pages, aws_invoice):
    model.post(COMPLETIONS, status=400, json={"error": "response_format not supported"})
    answers(model, {"due_date": "2014-08-03"})

    invoice, _notes = complete_invoice(invoice=aws_invoice, pages=aws_pages, endpoint=llm)

    assert len(model.calls) == 1
    assert pauses == []
    assert invoice.due_date is None


def test_credentials_in_the_url_and_the_key_never_reach_the_log(
    settings, llm, model, aws_pages, aws_invoice, caplog
):
    settings.LLM_EXTRACTION_URL = "https://bob:s3cret@llm.example.test/v1"
    # No mock for this URL: the refusal quotes the URL it was asked for, credentials and all.
    caplog.set_level(logging.DEBUG)
    endpoint = configured_endpoint()

    _invoice, notes = complete_invoice(invoice=aws_invoice, pages=aws_pages, endpoint=endpoint)
    model.post(COMPLETIONS, body=requests.ConnectionError("proxy refused Bearer sk-test-123"))
    complete_invoice(invoice=aws_invoice, pages=aws_pages, endpoint=llm)

    assert str(notes[0]) == f"{NOT_ASKED} (it could not be reached)."
    assert "https://llm.example.test/v1" in caplog.text
    for secret in ("bob", "s3cret", "sk-test-123"):
        assert secret not in caplog.text
        assert secret not in repr(endpoint)


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


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer: each string a line in Helvetica, top to bottom."""
    shown = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    content = "\n".join(
        ["BT", "/F1 10 Tf"]
        + [f"1 0 0 1 50 {790 - 16 * row} Tm ({line}) Tj" for row, line in enumerate(shown)]
        + ["ET"]
    ).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


LETTERHEAD = ["Acme Supplies B.V.", "Keizersgracht 1, 1015 CJ Amsterdam"]


@pytest.mark.parametrize(
    ("lines", "kind"),
    [
        (["Order confirmation", "Order number: SO-2024-0815"], Case.Kind.SALES_ORDER),
        (["Statement of account", "Open: INV-2024-0815 EUR 121,00"], Case.Kind.STATEMENT),
        (["Your subscription changes to 12 seats"], Case.Kind.CONTRACT_CHANGE),
        (["Packing slip", "Delivery of 3 boxes"], Case.Kind.GOODS_RECEIPT),
        (["Minutes of the meeting"], Case.Kind.OTHER),
    ],
    ids=["order", "statement", "contract-change", "packing-slip", "other"],
)
def test_a_page_that_is_no_invoice_is_not_sent(llm, model, administration, lines, kind):
    answers(model, {"invoice_number": "SO-2024-0815"})

    case = _read(administration, text_pdf([*LETTERHEAD, *lines, "Date: 3 August 2024"]))

    assert case.kind == kind
    assert len(model.calls) == 0
    assert "language model" not in case.get_status_reason_display()


@pytest.mark.parametrize(
    ("title", "kind"),
    [("Invoice", Case.Kind.PURCHASE_INVOICE), ("Credit note", Case.Kind.PURCHASE_CREDIT_NOTE)],
)
def test_an_invoice_or_credit_note_page_is_sent(llm, model, administration, title, kind):
    answers(model, {"due_date": "2024-09-02"})

    case = _read(
        administration,
        text_pdf([*LETTERHEAD, title, "Number: 2024-0815", "Date: 3 August 2024", "Total 121,00"]),
    )

    assert case.kind == kind
    assert len(model.calls) == 1
    assert case.extracted["due_date"]["value"] == "2024-09-02"


ABSURD = "1.000.000.000.000.000.000.000.000.000,00"
ABSURD_PAGE = [
    *LETTERHEAD,
    "Invoice",
    "Invoice number: INV-2024-0815",
    "Invoice date: 3 August 2024",
    "Description          Quantity      Price       Amount",
    f"Consulting           1             {ABSURD}       {ABSURD}",
    f"Total: EUR {ABSURD}",
]


@pytest.mark.parametrize(
    "answer",
    [
        {"net_total": ABSURD, "vat_total": "0,00", "gross_total": ABSURD},  # copied as printed
        '{"net_total": 1e30, "vat_total": 1, "gross_total": 1e30}',
        '{"net_total": 1000000000000000000, "gross_total": 1000000000000000000}',
    ],
    ids=["as-printed", "json-1e30", "json-10**18"],
)
def test_an_absurd_amount_on_the_page_or_from_the_model_leaves_a_readable_case(
    llm, model, administration, answer
):
    answers(model, answer)

    case = _read(administration, text_pdf(ABSURD_PAGE))

    case = Case.objects.get(pk=case.pk)  # as stored, read back
    assert case.status == Case.Status.NEEDS_REVIEW
    assert case.invoice_number == "INV-2024-0815"
    assert case.total_amount is None
    assert case.extracted["gross_total"] is None
    assert all(line["amount"] is None for line in case.extracted["lines"])
    assert "Total were unusable or not in the document's text" in (case.get_status_reason_display())


# --- A guess never makes a case a duplicate ------------------------------------------------------

LABELLED_NUMBER = [
    *LETTERHEAD,
    "Invoice",
    "Invoice number: INV-2024-0815",
    "Invoice date: 3 August 2024",
    "Total: EUR 121,00",
]


def test_an_invoice_number_suggested_by_the_model_only_notes_a_possible_duplicate(
    llm, model, administration
):
    earlier = _read(administration, text_pdf(LABELLED_NUMBER))
    # The same number, but without its label: the rules miss it, the model finds it.
    answers(model, {"invoice_number": "INV-2024-0815"})

    case = _read(
        administration,
        text_pdf(
            [
                *LETTERHEAD,
                "Invoice",
                "Our reference INV-2024-0815 dated 3 August 2024",
                "Invoice date: 3 August 2024",
                "Amount due EUR 121,00",
            ]
        ),
    )

    assert case.extracted["invoice_number"]["source"].startswith("language model")
    assert case.status == Case.Status.NEEDS_REVIEW
    assert case.duplicate_of is None
    assert (
        f"Possible duplicate of case #{earlier.pk} (the invoice number was suggested by the "
        "language model): compare the two before approving."
    ) in case.get_status_reason_display()


def test_the_same_invoice_read_by_the_rules_is_still_a_duplicate(llm, model, administration):
    earlier = _read(administration, text_pdf(LABELLED_NUMBER))

    case = _read(administration, text_pdf([*LABELLED_NUMBER, "Sent again"]))

    assert case.status == Case.Status.DUPLICATE
    assert case.duplicate_of == earlier


@pytest.mark.parametrize(
    ("guessed", "note"),
    [
        ("supplier_name", "the supplier was suggested"),
        ("vat_number", "the supplier was suggested"),
        ("invoice_number", "the invoice number was suggested"),
        (None, None),
    ],
)
def test_a_match_on_a_suggested_field_is_left_to_a_person(administration, guessed, note):
    earlier = _read(administration, text_pdf(LABELLED_NUMBER))
    Case.objects.filter(pk=earlier.pk).update(
        extracted={**earlier.extracted, "vat_number": {"value": "NL854849334B01"}}
    )
    later = receive_document(
        administration=administration, data=b"<other bytes/>", filename="x", channel="upload"
    )

    def found(name, value):
        if name == guessed:
            return Field(value, MODEL_CONFIDENCE, "language model (m): a suggestion to confirm")
        return Field(value, 0.85, "page 1, box 1,2,3,4")

    # Only the field named is there to identify the supplier.
    supplier = "vat_number" if guessed == "vat_number" else "supplier_name"
    value = "NL854849334B01" if supplier == "vat_number" else "ACME SUPPLIES B.V."
    reading = Reading(
        case=later,
        document=later.document,
        data=b"",
        kind=Case.Kind.PURCHASE_INVOICE,
        invoice=ExtractedInvoice(
            "pdf-text",
            invoice_number=found("invoice_number", "inv-2024-0815"),
            **{supplier: found(supplier, value)},
        ),
    )

    find_content_duplicate(reading)

    if note is None:
        assert reading.duplicate_of == earlier
        assert reading.review_notes == []
    else:
        assert reading.duplicate_of is None
        assert [str(text) for text in reading.review_notes] == [
            f"Possible duplicate of case #{earlier.pk} ({note} by the language model): "
            "compare the two before approving."
        ]


# --- A total the case cannot hold -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "kept"),
    [
        (Decimal("4.11"), True),
        (Decimal("-12345678901234.00"), True),  # 14 digits: what the column holds
        (Decimal(10) ** 18, False),
        (Decimal("99999999999999.999"), False),  # one digit too many once rounded to the cent
        (Decimal("1E+30"), False),
        (Decimal("Infinity"), False),
    ],
)
def test_a_total_the_case_cannot_hold_is_left_empty_with_a_note(
    administration, aws_invoice, total, kept
):
    case = start_reading(
        receive_document(
            administration=administration, data=AWS.read_bytes(), filename="a.pdf", channel="upload"
        ),
        actor=get_coworker(),
    )
    reading = Reading(
        case=case,
        document=case.document,
        data=b"",
        kind=Case.Kind.PURCHASE_INVOICE,
        invoice=dataclasses.replace(aws_invoice, gross_total=Field(total, 0.9, "page 1")),
    )

    _finish(reading, actor=get_coworker())

    stored = Case.objects.get(pk=case.pk)
    # No checks ran here: only the note sends the case to review.
    assert stored.status == (Case.Status.READY_FOR_APPROVAL if kept else Case.Status.NEEDS_REVIEW)
    assert stored.total_amount == (total if kept else None)
    too_large = "The total read from the document is too large to keep on the case"
    assert (too_large in stored.get_status_reason_display()) is not kept
