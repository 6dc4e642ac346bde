"""``manage.py exact_connect``: connecting without a browser."""

from __future__ import annotations

import pytest
import responses
from django.core.management import CommandError, call_command

from exactbridge.administrations.models import Administration
from exactbridge.audit.models import AuditEvent
from exactbridge.online.models import ExactOnlineConnection

BASE = "https://start.exactonline.be"
ARGS = [
    "--base-url",
    BASE,
    "--client-id",
    "app-id",
    "--client-secret",
    "app-secret",
    "--refresh-token",
    "Gcp7!given",
]


@pytest.fixture
def exact():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.post(
            f"{BASE}/api/oauth2/token",
            json={
                "access_token": "a1",
                "token_type": "bearer",
                "expires_in": "600",
                "refresh_token": "Gcp7!rotated",
            },
        )
        yield mock


def test_it_creates_the_administration_and_reads_the_division_from_current_me(db, exact):
    exact.get(f"{BASE}/api/v1/current/Me", json={"d": {"results": [{"CurrentDivision": 441609}]}})

    call_command("exact_connect", "--administration", "brussel", "--name", "Brussel NV", *ARGS)

    administration = Administration.objects.get(code="brussel")
    connection = ExactOnlineConnection.objects.get(administration=administration)
    assert administration.name == "Brussel NV"
    assert (connection.base_url, connection.division, administration.division) == (
        BASE,
        441609,
        441609,
    )
    assert connection.refresh_token == "Gcp7!rotated"  # the given token was used and rotated
    assert AuditEvent.objects.filter(action="exact_online.connected").exists()


def test_a_given_division_needs_no_current_me(administration, exact):
    call_command("exact_connect", "--administration", "acme", *ARGS, "--division", "12345")

    connection = ExactOnlineConnection.objects.get(administration=administration)
    assert connection.division == 12345
    assert not [c for c in exact.calls if "current/Me" in c.request.url]
    assert Administration.objects.count() == 1


def test_a_dead_refresh_token_stops_the_command_with_a_clear_error(db):
    with responses.RequestsMock() as mock:
        mock.post(
            f"{BASE}/api/oauth2/token",
            status=401,
            json={"error": "unauthorized_client", "error_description": "Old refresh token used."},
        )
        with pytest.raises(CommandError, match="Old refresh token used"):
            call_command("exact_connect", "--administration", "dead", *ARGS, "--division", "1")

    connection = ExactOnlineConnection.objects.get(administration__code="dead")
    assert connection.status == ExactOnlineConnection.Status.RECONNECT_NEEDED
