"""The one way to reach an administration's data: scoped to the caller's memberships.

Every queryset a view, command or admin page shows to a person goes through ``scope_for_user``,
and every object lookup through ``get_for_user``. Reaching past them is a bug: a user without a
membership must not learn that an object exists (404), and a read-only member must not change it
(403).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from exactbridge.administrations.models import Administration, Membership

WRITE_ROLES = frozenset({Membership.Role.ACCOUNTANT, Membership.Role.ADMIN})
AUDIT_ROLES = frozenset({Membership.Role.CONTROLLER, Membership.Role.ADMIN})


def _memberships(user, roles: Iterable[str] | None = None) -> QuerySet[Membership]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Membership.objects.none()
    memberships = Membership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return memberships


def administrations_for_user(
    user, *, roles: Iterable[str] | None = None
) -> QuerySet[Administration]:
    """The administrations the user is a member of (optionally: with one of these roles)."""
    ids = _memberships(user, roles).values("administration_id")
    return Administration.objects.filter(id__in=ids)


def scope_for_user(
    queryset: QuerySet, user, *, via: str = "administration", roles: Iterable[str] | None = None
) -> QuerySet:
    """Narrow ``queryset`` to rows whose administration (reached through ``via``) is the user's.

    ``via`` is the lookup path from the queryset's model to its Administration; pass ``""`` when
    the queryset is of administrations themselves.
    """
    ids = _memberships(user, roles).values("administration_id")
    lookup = f"{via}__in" if via else "id__in"
    return queryset.filter(**{lookup: ids})


def membership_for(user, administration: Administration | int) -> Membership | None:
    administration_id = getattr(administration, "pk", administration)
    return _memberships(user).filter(administration_id=administration_id).first()


def get_for_user(
    queryset: QuerySet, user, *, write: bool = False, via: str = "administration", **lookup
) -> Model:
    """Fetch one object the user may see; with ``write``, one the user may also change.

    Outsiders get 404 (the object's existence is not revealed); members whose role is read-only
    get 403 on ``write``.
    """
    scoped = scope_for_user(queryset, user, via=via)
    try:
        obj = scoped.get(**lookup)
    except (scoped.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write:
        administration_id = _administration_id_of(obj, via)
        membership = membership_for(user, administration_id)
        if membership is None or not membership.can_write:
            raise PermissionDenied("Your role in this administration is read-only.")
    return obj


def get_administration_for_user(user, code: str, *, write: bool = False) -> Administration:
    return get_for_user(Administration.objects.all(), user, write=write, via="", code=code)


def _administration_id_of(obj: Model, via: str) -> int:
    if not via:
        return obj.pk
    target = obj
    parts = via.split("__")
    for part in parts[:-1]:
        target = getattr(target, part)
    return getattr(target, f"{parts[-1]}_id")
