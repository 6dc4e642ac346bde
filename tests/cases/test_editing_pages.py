"""The case page edits its fields inline: a plain form that redirects, or htmx that re-renders
the fields and checks; values are validated as they are typed; the page's cost stays fixed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.editing import edit_case_fields
from cases.models import Case
from tests.cases.invoices import read_invoice_case

HTMX = {"HTTP_HX_REQUEST": "true"}
GOOD_IBAN = "NL91ABNA0417164300"


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def read_case(administration):
    return read_invoice_case(administration)


def _fields_url(case: Case) -> str:
    return reverse("cases:edit_fields", args=[case.administration.code, case.pk])


def _validate_url(case: Case) -> str:
    return reverse("cases:validate_field", args=[case.administration.code, case.pk])


def _page_url(case: Case) -> str:
    return reverse("cases:case", args=[case.administration.code, case.pk])


def test_the_page_shows_every_field_as_an_input_to_members_who_may_write(
    client, accountant, read_case
):
    client.force_login(accountant)

    text = client.get(_page_url(read_case)).text

    assert 'id="fields-form"' in text
    assert 'name="iban" value="IBAN32423940"' in text
    assert 'name="kvk_number" value=""' in text  # not read, still fillable
    assert 'hx-trigger="keyup changed delay:300ms"' in text


def test_a_viewer_sees_the_fields_without_inputs(client, viewer, read_case):
    client.force_login(viewer)

    text = client.get(_page_url(read_case)).text

    assert "IBAN32423940" in text
    assert "data-field" not in text


def test_a_plain_form_saves_and_redirects_to_the_case(client, accountant, read_case):
    client.force_login(accountant)

    response = client.post(_fields_url(read_case), {"iban": GOOD_IBAN, "queue": "review"})

    assert response.status_code == 302
    assert response["Location"] == _page_url(read_case) + "?queue=review"
    read_case.refresh_from_db()
    assert read_case.extracted["iban"]["value"] == GOOD_IBAN
    assert "the checks ran again" in client.get(response["Location"]).text


def test_a_plain_form_with_an_invalid_value_changes_nothing_and_says_why(
    client, accountant, read_case
):
    client.force_login(accountant)

    response = client.post(_fields_url(read_case), {"iban": GOOD_IBAN, "gross_total": "12,3,4"})

    assert response.status_code == 302
    assert "Write an amount" in client.get(response["Location"]).text
    read_case.refresh_from_db()
    assert read_case.extracted["iban"]["value"] == "IBAN32423940"


def test_htmx_re_renders_the_fields_and_checks_and_tells_the_page(client, accountant, read_case):
    client.force_login(accountant)

    response = client.post(_fields_url(read_case), {"iban": GOOD_IBAN}, **HTMX)

    assert response.status_code == 200
    assert response["HX-Trigger"] == "case-changed"
    text = response.text
    assert text.lstrip().startswith('<div id="case-data">')
    assert "IBAN NL91 ABNA 0417 1643 00 is valid." in text
    assert "edited by accountant" in text
    # The approval panel follows out of band: its history shows the edit.
    assert 'id="panel" class="panel" hx-swap-oob="true"' in text
    assert "Data changed" in text


def test_htmx_keeps_a_refused_value_in_its_input_beside_the_reason(client, accountant, read_case):
    client.force_login(accountant)

    response = client.post(_fields_url(read_case), {"invoice_date": "31-02-2017"}, **HTMX)

    assert response.status_code == 200
    assert "HX-Trigger" not in response
    assert 'value="31-02-2017"' in response.text
    assert "31-02-2017 is not a day in the calendar." in response.text
    assert 'aria-invalid="true"' in response.text
    assert Case.objects.get(pk=read_case.pk).document_date.isoformat() == "2017-11-13"


def test_htmx_in_the_wrong_state_says_why(client, accountant, administration):
    from tests.cases.conftest import make_case

    case = make_case(administration)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.POSTED)
    client.force_login(accountant)

    response = client.post(_fields_url(case), {"invoice_number": "X"}, **HTMX)

    assert "only during review or approval" in response.text
    assert Case.objects.get(pk=case.pk).invoice_number == "F-1"


def test_a_viewer_may_not_edit(client, viewer, read_case):
    client.force_login(viewer)

    assert client.post(_fields_url(read_case), {"iban": GOOD_IBAN}).status_code == 403
    assert Case.objects.get(pk=read_case.pk).extracted["iban"]["value"] == "IBAN32423940"


def test_an_outsider_gets_404(client, outsider, read_case):
    client.force_login(outsider)

    assert client.post(_fields_url(read_case), {"iban": GOOD_IBAN}).status_code == 404
    assert client.get(_validate_url(read_case), {"name": "iban", "value": "x"}).status_code == 404


def test_validating_explains_a_wrong_value(client, viewer, read_case):
    client.force_login(viewer)  # reading is enough

    response = client.get(
        _validate_url(read_case), {"name": "iban", "value": "NL91ABNA0417164301"}, **HTMX
    )

    assert response.status_code == 200
    assert 'id="field-iban-message"' in response.text
    assert "check digits do not match" in response.text


def test_validating_shows_how_a_good_value_was_understood(client, accountant, read_case):
    client.force_login(accountant)

    # htmx sends the input under its own name.
    response = client.get(
        _validate_url(read_case), {"name": "gross_total", "gross_total": "1.234,5"}, **HTMX
    )

    assert "field-message ok" in response.text
    assert "1,234.50" in response.text


def test_the_case_page_costs_the_same_after_edits(client, accountant, approver, read_case):
    client.force_login(accountant)
    url = _page_url(read_case) + "?queue=review"
    edit_case_fields(case=read_case, user=approver, changes={"iban": GOOD_IBAN})
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200

    for number in range(5):
        edit_case_fields(case=read_case, user=accountant, changes={"po_number": f"PO-{number}"})
        edit_case_fields(case=read_case, user=approver, changes={"kvk_number": f"1234567{number}"})
    with CaptureQueriesContext(connection) as later:
        assert client.get(url).status_code == 200

    assert len(later) == len(first)


def test_saving_through_htmx_costs_the_same_after_edits(client, accountant, read_case):
    client.force_login(accountant)
    with CaptureQueriesContext(connection) as first:
        client.post(_fields_url(read_case), {"po_number": "PO-1"}, **HTMX)

    for number in range(5):
        edit_case_fields(case=read_case, user=accountant, changes={"po_number": f"PO-x{number}"})
    with CaptureQueriesContext(connection) as later:
        client.post(_fields_url(read_case), {"po_number": "PO-2"}, **HTMX)

    assert len(later) == len(first)
