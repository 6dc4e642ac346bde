"""People correct the coding of the proposed entry with codes picked from the mirror: a usable
code is saved as a correction (audited, the posting planned again), anything else is refused
with its reason; and a correction approved on one case is what the supplier's next case
proposes."""

from __future__ import annotations

import dataclasses
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cases.models import Case
from cases.proposal_editing import LineRefused, edit_proposal_line
from cases.proposal_models import Proposal
from cases.transitions import ActionRefused, approve_case
from exactbridge.audit.models import AuditEvent
from exactbridge.helpers.messages import render
from exactbridge.masterdata.models import GLAccount, Project
from exactbridge.posting.models import Posting
from tests.flow.conftest import FULLY_RECEIVED, invoice_for, read


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def case(synced):
    case = read(synced, invoice_for(synced, FULLY_RECEIVED, "INV-8001"))
    assert case.status == Case.Status.READY_FOR_APPROVAL, case.status_reason
    return case


def gl(administration, code: str) -> GLAccount:
    return GLAccount.objects.live().get(administration=administration, code=code)


def first_line(case: Case) -> dict:
    return Proposal.objects.get(case=case).entry["lines"][0]


def planned(case: Case) -> dict:
    return Posting.objects.get(case=case).action


def edits(case: Case):
    return AuditEvent.objects.filter(action="case.edited", object_id=str(case.pk))


def line_url(case: Case, index: int = 0) -> str:
    return reverse("cases:edit_proposal_line", args=[case.administration.code, case.pk, index])


def picker_url(administration, kind: str) -> str:
    return reverse("cases:pickers", args=[administration.code, kind])


def test_a_usable_gl_account_is_saved_as_a_correction_and_posted_as_shown(case, approver):
    before = first_line(case)
    assert before["gl_account"]["value"] == "7000"

    edit_proposal_line(case=case, user=approver, line_index=0, changes={"gl_account": "4200"})

    line = first_line(case)
    assert line["gl_account"]["value"] == "4200"
    assert line["gl_account"]["name"] == "Kantoorbenodigdheden"
    assert line["gl_account"]["source"] == "person"
    assert line["corrected"] is True and line["corrected_by"] == "approver"
    assert line["corrected_fields"] == ["gl_account"]
    assert line["amount"] == before["amount"]
    assert planned(case)["lines"][0]["gl_account"] == str(gl(case.administration, "4200").exact_id)
    [event] = edits(case)
    assert event.actor == approver
    assert event.before["proposal_line"]["gl_account"] == "7000"
    assert event.after["proposal_line"]["gl_account"] == "4200"
    # The editor rule of approval: whoever changed the entry cannot be its only approver.
    with pytest.raises(ActionRefused, match="someone else must approve"):
        approve_case(case, user=approver)


def test_a_code_as_the_picker_shows_it_is_read_as_its_code(case, accountant):
    picked = {"gl_account": "4200 Kantoorbenodigdheden"}
    edit_proposal_line(case=case, user=accountant, line_index=0, changes=picked)

    assert first_line(case)["gl_account"]["value"] == "4200"


def test_another_vat_code_recomputes_the_vat_and_keeps_the_amount(case, accountant):
    before = first_line(case)
    assert before["vat_code"]["value"] == "1"

    edit_proposal_line(case=case, user=accountant, line_index=0, changes={"vat_code": "2"})

    line = first_line(case)
    assert line["amount"] == before["amount"]
    assert Decimal(line["vat_amount"]) == (Decimal(line["amount"]) * Decimal("0.09")).quantize(
        Decimal("0.01")
    )
    assert "charges 21% VAT" in render(line["vat_note"])
    assert planned(case)["lines"][0]["vat_code"] == "2"
    assert planned(case)["lines"][0]["amount"] == before["amount"]


def test_a_project_and_a_cost_center_are_posted_by_their_keys(case, accountant):
    project = Project.objects.live().filter(administration=case.administration).first()

    edit_proposal_line(
        case=case,
        user=accountant,
        line_index=0,
        changes={"project": project.code, "cost_center": "300"},
    )

    line = planned(case)["lines"][0]
    assert line["project"] == str(project.exact_id)
    assert line["cost_center"] == "300"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"gl_account": "9999"}, "Exact has no gl account 9999 in this administration."),
        ({"gl_account": ""}, "Every line needs a GL account."),
        ({"cost_center": "999"}, "Exact has no cost center 999 in this administration."),
        ({"vat_code": "1", "project": "NOPE"}, "Exact has no project NOPE"),
    ],
)
def test_an_unknown_code_is_refused_with_its_reason_and_nothing_changes(
    case, accountant, changes, reason
):
    entry, action = Proposal.objects.get(case=case).entry, planned(case)

    with pytest.raises(LineRefused) as refused:
        edit_proposal_line(case=case, user=accountant, line_index=0, changes=changes)

    assert reason in refused.value.reason
    assert Proposal.objects.get(case=case).entry == entry
    assert planned(case) == action
    assert not edits(case).exists()


def test_a_blocked_gl_account_is_refused(case, accountant):
    GLAccount.objects.filter(administration=case.administration, code="4200").update(
        is_blocked=True
    )

    with pytest.raises(LineRefused, match="4200 is blocked or no longer in use"):
        edit_proposal_line(case=case, user=accountant, line_index=0, changes={"gl_account": "4200"})

    assert first_line(case)["gl_account"]["value"] == "7000"


def test_a_code_of_another_administration_is_refused(case, accountant, other_administration):
    GLAccount.objects.create(
        administration=other_administration,
        exact_id=uuid.uuid4(),
        seen_at=timezone.now(),
        code="9100",
        description="Elsewhere",
    )

    with pytest.raises(LineRefused, match="no gl account 9100"):
        edit_proposal_line(case=case, user=accountant, line_index=0, changes={"gl_account": "9100"})


def test_an_approved_case_is_not_changed(case, accountant, approver):
    case = approve_case(case, user=approver)

    with pytest.raises(ActionRefused, match="send it back for review"):
        edit_proposal_line(case=case, user=accountant, line_index=0, changes={"gl_account": "4200"})

    assert first_line(case)["gl_account"]["value"] == "7000"


def test_a_line_the_entry_does_not_have_is_refused(case, accountant):
    with pytest.raises(ActionRefused, match="no such line"):
        edit_proposal_line(case=case, user=accountant, line_index=9, changes={"gl_account": "4200"})


def test_the_same_code_again_changes_nothing(case, accountant):
    edit_proposal_line(case=case, user=accountant, line_index=0, changes={"gl_account": "7000"})

    assert not first_line(case)["corrected"]
    assert not edits(case).exists()


# --- the pages ---------------------------------------------------------------------------------
def test_a_plain_form_saves_the_line_and_returns_to_the_case(client, case, accountant):
    client.force_login(accountant)

    response = client.post(line_url(case), {"gl_account": "4200", "vat_code": "1"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("cases:case", args=[case.administration.code, case.pk]))
    assert first_line(case)["gl_account"]["value"] == "4200"


def test_htmx_gets_the_section_back_with_the_refusal_beside_the_line(client, case, accountant):
    client.force_login(accountant)

    response = client.post(line_url(case), {"gl_account": "9999"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert 'value="9999"' in response.text
    assert "Exact has no gl account 9999" in response.text
    assert first_line(case)["gl_account"]["value"] == "7000"


def test_htmx_gets_the_section_back_with_the_saved_line(client, case, accountant):
    client.force_login(accountant)

    response = client.post(line_url(case), {"gl_account": "4200"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Trigger"] == "case-changed"
    assert "Line 1 saved" in response.text
    assert "corrected by accountant" in response.text


def test_a_viewer_gets_403_and_changes_nothing(client, case, viewer):
    client.force_login(viewer)

    assert client.post(line_url(case), {"gl_account": "4200"}).status_code == 403
    assert first_line(case)["gl_account"]["value"] == "7000"


def test_an_outsider_gets_404(client, case, outsider):
    client.force_login(outsider)

    assert client.post(line_url(case), {"gl_account": "4200"}).status_code == 404
    assert client.get(picker_url(case.administration, "gl_account"), {"q": "42"}).status_code == 404


def test_the_pickers_find_codes_by_code_and_by_description(client, synced, viewer):
    client.force_login(viewer)

    by_code = client.get(picker_url(synced, "gl_account"), {"q": "42"}).text
    by_description = client.get(picker_url(synced, "gl_account"), {"q": "kantoor"}).text
    cost_centers = client.get(picker_url(synced, "cost_center"), {"cost_center": "inkoop"}).text

    assert by_code.startswith('<option value="4200">4200 Kantoorbenodigdheden</option>')
    assert by_description == '<option value="4200">4200 Kantoorbenodigdheden</option>'
    assert cost_centers == '<option value="300">300 Inkoop</option>'


def test_the_pickers_offer_at_most_20_usable_codes_of_the_administration(
    client, synced, viewer, other_administration
):
    GLAccount.objects.filter(administration=synced, code="4200").update(is_blocked=True)
    GLAccount.objects.create(
        administration=other_administration,
        exact_id=uuid.uuid4(),
        seen_at=timezone.now(),
        code="4201",
        description="Elsewhere",
    )
    client.force_login(viewer)

    text = client.get(picker_url(synced, "gl_account"), {"q": "4"}).text

    assert text.count("<option") == 20
    assert 'value="4200"' not in text and 'value="4201"' not in text
    assert client.get(picker_url(synced, "journal"), {"q": "6"}).status_code == 404


def test_the_case_page_costs_the_same_queries_with_corrected_lines(
    client, synced, accountant, django_assert_num_queries
):
    client.force_login(accountant)
    plain = read(synced, invoice_for(synced, 13, "INV-8002"))
    corrected = read(synced, invoice_for(synced, FULLY_RECEIVED, "INV-8003"))
    for index in range(len(corrected.proposal.entry["lines"])):
        edit_proposal_line(
            case=corrected, user=accountant, line_index=index, changes={"gl_account": "4200"}
        )

    def page(case):
        url = reverse("cases:case", args=[case.administration.code, case.pk])
        response = client.get(url)
        assert response.status_code == 200
        return response

    page(plain)
    with CaptureQueriesContext(connection) as captured:
        page(plain)
    with django_assert_num_queries(len(captured)):
        text = page(corrected).text
    assert 'list="picker-gl_account"' in text
    assert "corrected by accountant" in text


# --- learning ----------------------------------------------------------------------------------
def test_a_correction_approved_on_one_case_is_proposed_on_the_suppliers_next(
    synced, accountant, approver
):
    invoice = invoice_for(synced, FULLY_RECEIVED, "INV-9001")
    first = read(synced, invoice)
    assert first_line(first)["gl_account"]["value"] == "7000"
    edit_proposal_line(case=first, user=accountant, line_index=0, changes={"gl_account": "4200"})
    approve_case(first, user=approver)

    # The supplier's next invoice: a like description, no item code, no order named.
    lines = tuple(
        dataclasses.replace(line, item_code="", description=f"{line.description} (nabestelling)")
        for line in invoice.lines
    )
    second = read(
        synced,
        dataclasses.replace(invoice, number="INV-9002", lines=lines, order_reference=""),
    )

    proposed = first_line(second)["gl_account"]
    assert proposed["value"] == "4200"
    assert proposed["source"] == "history"
    assert render(proposed["reason"]).startswith("corrected by people for this supplier (1x)")
    assert first_line(second)["corrected"] is False


def test_a_correction_on_a_case_that_was_not_approved_teaches_nothing(synced, accountant):
    invoice = invoice_for(synced, FULLY_RECEIVED, "INV-9101")
    first = read(synced, invoice)
    edit_proposal_line(case=first, user=accountant, line_index=0, changes={"gl_account": "4200"})

    second = read(synced, dataclasses.replace(invoice, number="INV-9102", order_reference=""))

    assert first_line(second)["gl_account"]["value"] == "7000"


def test_a_line_correction_survives_a_later_edit_of_the_header(case, accountant):
    from cases.editing import edit_case_fields

    edit_proposal_line(case=case, user=accountant, line_index=0, changes={"gl_account": "4200"})
    case.refresh_from_db()

    edit_case_fields(case=case, user=accountant, changes={"payment_reference": "RF-NEW-1"})

    line = first_line(case)
    assert line["gl_account"]["value"] == "4200"
    assert line["corrected"] is True
    assert planned(case)["lines"][0]["gl_account"] == str(gl(case.administration, "4200").exact_id)
