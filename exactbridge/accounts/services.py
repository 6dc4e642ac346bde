"""Creating users: an admin creates or invites every account (there is no open sign-up)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from exactbridge.audit.services import record_event, snapshot


def create_user(*, username: str, email: str, password: str | None = None, actor=None, **extra):
    """Create a user (with an unusable password when none is given, e.g. for SSO-only users)."""
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.create_user(
            username=username, email=email, password=password, **extra
        )
        if password is None:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if email:
            # The admin vouches for the address. Recorded as verified, single sign-on can find
            # this user by it without allauth wiping the password as a takeover guard.
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        record_event(action="user.created", actor=actor, target=user, after=snapshot(user))
    return user


def set_language_preference(*, user, language: str) -> bool:
    """Keep ``language`` as the user's interface language; an unknown code changes nothing."""
    if language not in {code for code, _name in settings.LANGUAGES} or user.language == language:
        return False
    user.language = language
    user.save(update_fields=["language"])
    return True
