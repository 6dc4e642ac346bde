"""The case page of a batch shows its pages grouped by invoice and lets a person correct the
groups; outsiders get 404, read-only members see the split but get 403 on changing it."""

import pytest
from django.urls import reverse

from cases.models import Case
from exactbridge.audit.models import AuditEvent
from intake.pipeline import read_case_document
from intake.services import receive_document
from intake.splitting import split_children
from tests.intake.test_splitting import BATCH_GROUPS, INVOICES, concatenate

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def batch_case(administration, corpora) -> Case:
    """A batch of three invoices, split and its invoices read."""
    names = ["QualityHosting.pdf", "coolblue1.pdf", "AmazonWebServices.pdf"]
    data = concatenate(*((corpora / INVOICES / name).read_bytes() for name in names))
    case = receive_document(
        administration=administration, data=data, filename="scan.pdf", channel="upload"
    )
    case = read_case_document(case_id=case.pk)
    for child in split_children(case.document):
        read_case_document(case_id=child.case.pk)
    return case


def _url(name: str, case: Case) -> str:
    return reverse(f"cases:{name}", args=[case.administration.code, case.pk])


def _groups(case: Case) -> list[list[int]]:
    return [child.pages for child in split_children(case.document)]


def test_outsider_gets_404(client, outsider, batch_case):
    client.force_login(outsider)

    assert client.get(_url("split", batch_case), **HTMX).status_code == 404
    assert client.post(_url("resplit", batch_case), {"groups": "1-2 | 3-4"}).status_code == 404
    assert _groups(batch_case) == BATCH_GROUPS


def test_viewer_sees_the_split_but_gets_403_on_changing_it(client, viewer, batch_case):
    client.force_login(viewer)

    shown = client.get(_url("split", batch_case), **HTMX)
    changed = client.post(_url("resplit", batch_case), {"groups": "1-2 | 3-4"})

    assert shown.status_code == 200
    assert 'name="groups"' not in shown.text
    assert changed.status_code == 403
    assert _groups(batch_case) == BATCH_GROUPS


def test_the_batch_pages_are_shown_grouped_by_invoice(client, accountant, batch_case):
    client.force_login(accountant)

    response = client.get(_url("split", batch_case), **HTMX)

    assert response.status_code == 200
    for page in range(1, 5):
        page_url = reverse(
            "cases:document_page", args=[batch_case.administration.code, batch_case.pk, page]
        )
        assert f"{page_url}?scale=0.5" in response.text
    assert 'value="1-2 | 3 | 4"' in response.text
    for child in split_children(batch_case.document):
        assert _url("case", child.case) in response.text


def test_the_case_page_of_a_batch_loads_its_split(client, accountant, batch_case):
    client.force_login(accountant)

    response = client.get(_url("case", batch_case))

    assert response.status_code == 200
    assert f'hx-get="{_url("split", batch_case)}"' in response.text


def test_an_invoice_split_from_a_batch_links_to_the_batch(client, accountant, batch_case):
    child = split_children(batch_case.document)[1].case
    client.force_login(accountant)

    response = client.get(_url("split", child), **HTMX)

    assert response.status_code == 200
    assert "pages 3 of a batch of 4 pages" in response.text
    assert _url("case", batch_case) in response.text
    assert 'name="groups"' not in response.text


def test_a_case_that_was_not_split_shows_no_split(client, accountant, administration, corpora):
    data = (corpora / INVOICES / "coolblue1.pdf").read_bytes()
    case = receive_document(administration=administration, data=data, channel="upload")
    client.force_login(accountant)

    assert client.get(_url("split", case), **HTMX).status_code == 204
    assert _url("split", case) not in client.get(_url("case", case)).text


def test_accountant_resplits_the_batch(client, accountant, batch_case):
    client.force_login(accountant)

    response = client.post(_url("resplit", batch_case), {"groups": "1-2 | 3-4"})

    assert response.status_code == 302
    assert response["Location"] == _url("case", batch_case)
    assert _groups(batch_case) == [[1, 2], [3, 4]]
    assert AuditEvent.objects.filter(action="case.resplit", actor=accountant).exists()


def test_htmx_resplit_answers_with_the_new_split(client, accountant, batch_case):
    client.force_login(accountant)

    response = client.post(_url("resplit", batch_case), {"groups": "1 | 2 | 3-4"}, **HTMX)

    assert response.status_code == 200
    assert response["HX-Trigger"] == "case-changed"
    assert "The batch was split again." in response.text
    assert 'value="1 | 2 | 3-4"' in response.text


def test_groups_that_leave_out_a_page_are_refused_with_the_reason(client, accountant, batch_case):
    client.force_login(accountant)

    response = client.post(_url("resplit", batch_case), {"groups": "1-2 | 3"}, **HTMX)

    assert response.status_code == 200
    assert "Page 4 is in no invoice" in response.text
    assert 'value="1-2 | 3"' in response.text  # what was typed stays, to be corrected
    assert _groups(batch_case) == BATCH_GROUPS


def test_without_htmx_the_split_is_a_page_of_its_own(client, accountant, batch_case):
    client.force_login(accountant)

    response = client.get(_url("split", batch_case))

    assert response.status_code == 200
    assert "<html" in response.text
    assert 'name="groups"' in response.text
