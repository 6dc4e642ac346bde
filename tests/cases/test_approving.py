"""Approving follows the membership's role and limit, four eyes above the threshold, never the
editor alone and never the coworker; every refusal says why."""

from decimal import Decimal

import pytest
from django.utils import translation

from cases.models import Approval, Case
from cases.transitions import (
    ActionRefused,
    approve_case,
    reject_case,
    send_back_for_review,
)
from exactbridge.audit.models import AuditEvent
from exactbridge.audit.verify import verify_chain
from tests import factories
from tests.cases.conftest import make_case, mark_edited


def test_one_approval_within_the_limit_makes_the_case_ready_to_post(ready_case, accountant):
    case = approve_case(ready_case, user=accountant)

    assert case.status == Case.Status.READY_TO_POST
    assert list(Approval.objects.filter(case=case).values_list("user", flat=True)) == [
        accountant.pk
    ]
    event = AuditEvent.objects.filter(action="case.approved").get()
    assert event.actor == accountant
    assert event.before["status"] == "ready_for_approval"
    assert event.after["status"] == "ready_to_post"
    assert (event.after["approvals"], event.after["required"]) == (1, 1)
    assert verify_chain(event.chain).ok


def test_above_the_threshold_the_first_approval_waits_for_a_second(
    four_eyes, big_case, approver, second_approver
):
    case = approve_case(big_case, user=approver)
    assert case.status == Case.Status.APPROVED

    case = approve_case(case, user=second_approver)
    assert case.status == Case.Status.READY_TO_POST


def test_the_same_person_cannot_approve_twice(four_eyes, big_case, approver):
    case = approve_case(big_case, user=approver)

    with pytest.raises(ActionRefused, match="someone else"):
        approve_case(case, user=approver)

    case.refresh_from_db()
    assert case.status == Case.Status.APPROVED
    assert case.approvals.count() == 1


def test_an_amount_above_the_approval_limit_is_refused_with_both_amounts(
    administration, accountant
):
    case = make_case(administration, total="7500.00")

    with translation.override("en"), pytest.raises(ActionRefused) as refused:
        approve_case(case, user=accountant)

    assert "7,500.00" in refused.value.reason
    assert "5,000.00" in refused.value.reason
    case.refresh_from_db()
    assert case.status == Case.Status.READY_FOR_APPROVAL
    assert not AuditEvent.objects.filter(action="case.approved").exists()


def test_a_credit_note_is_held_to_the_limit_by_its_size(administration, accountant):
    case = make_case(administration, total="-7500.00")

    with pytest.raises(ActionRefused, match="approval limit"):
        approve_case(case, user=accountant)


def test_a_member_without_an_approval_limit_cannot_approve(administration, ready_case):
    no_limit = factories.make_member(administration, "accountant", username="nolimit")

    with pytest.raises(ActionRefused, match="no approval limit"):
        approve_case(ready_case, user=no_limit)


def test_a_viewer_cannot_approve_even_with_a_limit(administration, ready_case):
    viewer = factories.make_member(
        administration, "viewer", username="looker", approval_limit=Decimal("1000000")
    )

    with pytest.raises(ActionRefused, match="does not allow approving"):
        approve_case(ready_case, user=viewer)


def test_an_outsider_cannot_approve(ready_case, outsider):
    with pytest.raises(ActionRefused, match="does not allow approving"):
        approve_case(ready_case, user=outsider)


def test_the_coworker_never_approves(ready_case, coworker):
    with pytest.raises(ActionRefused, match="never approves"):
        approve_case(ready_case, user=coworker)


def test_whoever_edited_the_case_cannot_be_its_only_approver(ready_case, accountant):
    mark_edited(ready_case, accountant)

    with pytest.raises(ActionRefused, match="someone else must approve"):
        approve_case(ready_case, user=accountant)


def test_someone_who_did_not_edit_may_approve_an_edited_case(ready_case, accountant, approver):
    mark_edited(ready_case, accountant)

    assert approve_case(ready_case, user=approver).status == Case.Status.READY_TO_POST


def test_an_editor_may_be_one_of_two_approvers(four_eyes, big_case, approver, second_approver):
    mark_edited(big_case, approver)

    case = approve_case(big_case, user=approver)
    case = approve_case(case, user=second_approver)

    assert case.status == Case.Status.READY_TO_POST


def test_two_editors_cannot_be_the_two_approvers(four_eyes, big_case, approver, second_approver):
    mark_edited(big_case, approver)
    mark_edited(big_case, second_approver)
    case = approve_case(big_case, user=approver)

    with pytest.raises(ActionRefused, match="Everyone approving"):
        approve_case(case, user=second_approver)


def test_a_case_in_review_cannot_be_approved(administration, accountant):
    case = make_case(administration, review=True)

    with pytest.raises(ActionRefused, match="only cases ready for approval"):
        approve_case(case, user=accountant)


def test_a_case_without_a_total_cannot_be_approved(administration, accountant):
    case = make_case(administration, total=None)

    with pytest.raises(ActionRefused, match="no total amount"):
        approve_case(case, user=accountant)


def test_sending_back_withdraws_the_approvals_given(four_eyes, big_case, approver, second_approver):
    case = approve_case(big_case, user=approver)

    case = send_back_for_review(case, user=second_approver, reason="Wrong cost center")

    assert case.status == Case.Status.NEEDS_REVIEW
    assert case.status_reason == "Wrong cost center"
    assert not case.approvals.filter(withdrawn_at=None).exists()
    assert case.approvals.count() == 1  # kept, withdrawn


def test_rejecting_needs_a_reason_and_keeps_it(ready_case, accountant):
    with pytest.raises(ActionRefused, match="reason"):
        reject_case(ready_case, user=accountant, reason="  ")

    case = reject_case(ready_case, user=accountant, reason="Not our invoice")

    assert case.status == Case.Status.REJECTED
    assert case.status_reason == "Not our invoice"
    assert AuditEvent.objects.filter(action="case.rejected", actor=accountant).exists()
