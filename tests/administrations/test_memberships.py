"""Rights change only through the services, and every change is in the audit log."""

from decimal import Decimal

from exactbridge.administrations.models import Membership
from exactbridge.administrations.services import (
    get_coworker,
    grant_membership,
    revoke_membership,
)
from exactbridge.audit.models import AuditEvent


def test_granting_and_changing_a_role_are_audited(administration, viewer, approver):
    grant_membership(
        administration=administration,
        user=viewer,
        role=Membership.Role.ACCOUNTANT,
        approval_limit=Decimal("2500"),
        actor=approver,
    )

    event = AuditEvent.objects.filter(action="membership.changed").get()
    assert event.actor == approver
    assert event.before["role"] == "viewer"
    assert event.after["role"] == "accountant"
    assert event.after["approval_limit"] == "2500.00" or event.after["approval_limit"] == "2500"


def test_granting_the_same_role_twice_changes_nothing(administration, viewer):
    before = AuditEvent.objects.count()
    grant_membership(administration=administration, user=viewer, role="viewer")
    assert AuditEvent.objects.count() == before


def test_revoking_is_audited_and_removes_access(administration, viewer):
    membership = Membership.objects.get(user=viewer)
    revoke_membership(membership=membership)

    assert not Membership.objects.filter(user=viewer).exists()
    assert AuditEvent.objects.filter(action="membership.revoked").exists()


def test_approval_rights_follow_role_and_limit(administration, accountant, viewer):
    accountant_membership = Membership.objects.get(user=accountant)
    viewer_membership = Membership.objects.get(user=viewer)

    assert accountant_membership.may_approve(Decimal("5000"))
    assert not accountant_membership.may_approve(Decimal("5000.01"))
    assert not viewer_membership.may_approve(Decimal("1"))


def test_two_approvers_needed_only_above_the_threshold(administration):
    administration.four_eyes_threshold = Decimal("10000")
    assert not administration.needs_two_approvers(Decimal("10000"))
    assert administration.needs_two_approvers(Decimal("10000.01"))


def test_coworker_is_one_user_that_cannot_sign_in(db):
    coworker = get_coworker()
    assert coworker == get_coworker()
    assert coworker.is_coworker
    assert not coworker.has_usable_password()
