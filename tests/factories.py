"""Small builders for test data; each returns a saved object and takes only what tests vary."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model

from exactbridge.administrations.models import Administration, Membership
from exactbridge.administrations.services import create_administration, grant_membership

PASSWORD = "correct horse battery staple"


def make_user(username: str, *, email: str | None = None, **extra):
    user_model = get_user_model()
    return user_model.objects.create_user(
        username=username, email=email or f"{username}@example.test", password=PASSWORD, **extra
    )


def make_administration(*, code: str, name: str | None = None, **extra) -> Administration:
    return create_administration(code=code, name=name or code.title(), **extra)


def make_member(
    administration: Administration,
    role: str,
    *,
    username: str | None = None,
    approval_limit: Decimal | None = None,
    **user_extra,
):
    user = make_user(username or role, **user_extra)
    grant_membership(
        administration=administration,
        user=user,
        role=Membership.Role(role),
        approval_limit=approval_limit,
    )
    return user
