"""The log of calls to Exact and the connection in the Django admin: read-only, for the
administrations' administrators and superusers, never showing a secret."""

from __future__ import annotations

import pytest
from django.urls import reverse

from exactbridge.online.models import ExactApiCall
from tests import factories
from tests.online.conftest import make_connection

CALLS = reverse("admin:online_exactapicall_changelist")


@pytest.fixture
def calls(administration, other_administration):
    ExactApiCall.objects.create(
        administration=administration, method="GET", path="/api/v1/1/crm/Ours", duration_ms=5
    )
    ExactApiCall.objects.create(
        administration=other_administration,
        method="GET",
        path="/api/v1/2/crm/Theirs",
        duration_ms=5,
    )


@pytest.fixture
def staff_admin(administration):
    return factories.make_member(administration, "admin", username="itadmin", is_staff=True)


def test_an_administrator_sees_the_calls_of_their_administration_only(client, staff_admin, calls):
    client.force_login(staff_admin)

    content = client.get(CALLS).content.decode()

    assert "crm/Ours" in content
    assert "crm/Theirs" not in content


def test_a_controller_who_is_not_administrator_does_not_see_the_calls(client, controller, calls):
    client.force_login(controller)

    assert client.get(CALLS).status_code == 403


def test_a_superuser_sees_all_calls(client, calls):
    client.force_login(factories.make_user("root", is_staff=True, is_superuser=True))

    content = client.get(CALLS).content.decode()

    assert "crm/Ours" in content and "crm/Theirs" in content


def test_calls_cannot_be_changed_or_deleted(client, staff_admin, calls):
    client.force_login(staff_admin)
    call = ExactApiCall.objects.get(path__contains="Ours")

    client.post(reverse("admin:online_exactapicall_change", args=[call.pk]), {"status": 200})
    client.post(reverse("admin:online_exactapicall_delete", args=[call.pk]), {"post": "yes"})

    assert ExactApiCall.objects.get(pk=call.pk).status is None


def test_the_connection_page_shows_no_secret(client, staff_admin, administration):
    from exactbridge.online.clock import SYSTEM_CLOCK

    connection = make_connection(administration, SYSTEM_CLOCK)
    client.force_login(staff_admin)

    response = client.get(
        reverse("admin:online_exactonlineconnection_change", args=[connection.pk])
    )

    assert response.status_code == 200
    content = response.content.decode()
    for secret in ("app-secret", "refresh-1", "access-1"):
        assert secret not in content
