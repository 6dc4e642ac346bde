"""Creating administrations and granting rights; each change leaves an audit event."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from exactbridge.accounts.services import create_user
from exactbridge.administrations.models import Administration, Membership
from exactbridge.audit.services import record_event, snapshot


def get_coworker():
    """The AI coworker's own user: everything ExactBridge does by itself is attributed to it.

    It has no usable password (it never signs in) and no memberships of its own making: those
    are granted explicitly, per administration, like anyone else's.
    """
    user_model = get_user_model()
    coworker = user_model.objects.filter(username=settings.COWORKER_USERNAME).first()
    if coworker is None:
        coworker = create_user(
            username=settings.COWORKER_USERNAME,
            email="",
            is_coworker=True,
            first_name="ExactBridge",
            last_name="coworker",
        )
    return coworker


MATCHING_SETTINGS = (
    "price_tolerance_percent",
    "price_tolerance_amount",
    "quantity_tolerance_percent",
    "total_tolerance_percent",
    "total_tolerance_amount",
    "receipts_required",
)


def create_administration(
    *,
    code: str,
    name: str,
    kind: str = Administration.Kind.ONLINE,
    division: int | None = None,
    currency: str = "EUR",
    four_eyes_threshold: Decimal | None = None,
    actor=None,
    **matching: Decimal | bool,
) -> Administration:
    """``matching`` takes the matching tolerances and ``receipts_required`` (the model's
    defaults where left out)."""
    unknown = set(matching) - set(MATCHING_SETTINGS)
    if unknown:
        raise TypeError(f"Not an administration setting: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        administration = Administration.objects.create(
            code=code,
            name=name,
            kind=kind,
            division=division,
            currency=currency,
            four_eyes_threshold=four_eyes_threshold,
            **matching,
        )
        record_event(
            action="administration.created",
            actor=actor,
            administration=administration,
            target=administration,
            after=snapshot(administration),
        )
    return administration


def grant_membership(
    *,
    administration: Administration,
    user,
    role: str,
    approval_limit: Decimal | None = None,
    actor=None,
) -> Membership:
    """Give ``user`` a role in ``administration``, or change the one they have."""
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .filter(administration=administration, user=user)
            .first()
        )
        before = snapshot(membership) if membership else None
        if membership is None:
            membership = Membership.objects.create(
                administration=administration,
                user=user,
                role=role,
                approval_limit=approval_limit,
            )
            action = "membership.granted"
        elif membership.role == role and membership.approval_limit == approval_limit:
            return membership
        else:
            membership.role = role
            membership.approval_limit = approval_limit
            membership.save(update_fields=["role", "approval_limit"])
            action = "membership.changed"
        record_event(
            action=action,
            actor=actor,
            administration=administration,
            target=membership,
            before=before,
            after=snapshot(membership),
        )
    return membership


def revoke_membership(*, membership: Membership, actor=None) -> None:
    with transaction.atomic():
        record_event(
            action="membership.revoked",
            actor=actor,
            administration=membership.administration,
            target=membership,
            before=snapshot(membership),
        )
        membership.delete()
