"""Users reach only the administrations their memberships grant: 404 outside, 403 read-only."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from exactbridge.administrations.access import (
    administrations_for_user,
    get_administration_for_user,
    get_for_user,
    scope_for_user,
)
from exactbridge.administrations.models import Administration, Membership
from exactbridge.audit.models import AuditEvent
from exactbridge.audit.services import record_event


def test_member_sees_only_their_administrations(administration, other_administration, accountant):
    assert list(administrations_for_user(accountant)) == [administration]


def test_outsider_gets_404_for_another_administrations_object(administration, outsider):
    event = record_event(action="case.viewed", administration=administration)

    with pytest.raises(Http404):
        get_for_user(AuditEvent.objects.all(), outsider, pk=event.pk)
    with pytest.raises(Http404):
        get_administration_for_user(outsider, administration.code)


def test_outsider_does_not_see_another_administrations_rows_in_lists(administration, outsider):
    record_event(action="case.viewed", administration=administration)

    visible = scope_for_user(AuditEvent.objects.all(), outsider)

    assert not visible.filter(administration=administration).exists()


def test_read_only_member_gets_403_when_asking_to_write(administration, viewer):
    assert get_administration_for_user(viewer, administration.code) == administration
    with pytest.raises(PermissionDenied):
        get_administration_for_user(viewer, administration.code, write=True)


def test_accountant_may_write(administration, accountant):
    assert get_administration_for_user(accountant, administration.code, write=True)


def test_lookup_through_a_relation_path(administration, accountant, outsider):
    membership = Membership.objects.get(user=accountant)

    assert get_for_user(Membership.objects.all(), accountant, pk=membership.pk) == membership
    with pytest.raises(Http404):
        get_for_user(Membership.objects.all(), outsider, pk=membership.pk)


def test_anonymous_and_inactive_users_see_nothing(administration, accountant):
    from django.contrib.auth.models import AnonymousUser

    assert not administrations_for_user(AnonymousUser()).exists()
    accountant.is_active = False
    accountant.save()
    assert not administrations_for_user(accountant).exists()


def test_superuser_without_membership_sees_no_administration(administration, django_user_model):
    """Rights come from memberships only; being IT's superuser grants no work access."""
    root = django_user_model.objects.create_superuser("root", "root@example.test", "x" * 16)
    assert not administrations_for_user(root).exists()


def test_garbage_id_is_a_404_not_a_crash(accountant):
    with pytest.raises(Http404):
        get_for_user(Administration.objects.all(), accountant, via="", pk="not-a-number")


def test_home_lists_only_own_administrations(
    client, administration, other_administration, accountant
):
    client.force_login(accountant)

    page = client.get("/").content.decode()

    assert "Acme B.V." in page
    assert "Globex N.V." not in page
