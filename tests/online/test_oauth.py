"""Tokens: the authorization URL, refresh only when due, rotation saved, dead tokens."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
import responses

from exactbridge.audit.models import AuditEvent
from exactbridge.online import oauth
from exactbridge.online.client import ExactOnlineClient
from exactbridge.online.clock import as_datetime
from exactbridge.online.errors import ExactTransientError, ReconnectNeeded
from exactbridge.online.models import ExactOnlineConnection
from tests.online.conftest import API, TOKEN_URL, exact_error


@pytest.fixture
def exact():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def expired(connection, clock):
    connection.access_token_expires_at = as_datetime(clock.now()) - timedelta(seconds=1)
    connection.save()
    return connection


def accounts(exact):
    exact.get(f"{API}/crm/Accounts", json={"d": {"results": [{"ID": "a"}]}})


def read(connection, clock):
    return list(ExactOnlineClient(connection, clock=clock).get_collection("crm/Accounts"))


def test_the_authorize_url_asks_for_a_code_with_state():
    url = oauth.authorize_url(
        base_url="https://start.exactonline.be/",
        client_id="abc",
        redirect_uri="https://bridge.example/online/oauth/callback/",
        state="s-1",
    )
    parts = urlparse(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "start.exactonline.be",
        "/api/oauth2/auth",
    )
    assert parse_qs(parts.query) == {
        "client_id": ["abc"],
        "redirect_uri": ["https://bridge.example/online/oauth/callback/"],
        "response_type": ["code"],
        "state": ["s-1"],
    }


def test_a_fresh_access_token_is_used_without_refreshing(exact, connection, clock):
    accounts(exact)

    read(connection, clock)

    assert [c.request.url for c in exact.calls if "oauth2" in c.request.url] == []


def test_a_token_in_its_last_30_seconds_is_refreshed_first(exact, connection, clock):
    clock.current += 575
    accounts(exact)
    exact.post(
        TOKEN_URL,
        json={
            "access_token": "new",
            "token_type": "Bearer",
            "expires_in": "600",
            "refresh_token": "r2",
        },
    )

    read(connection, clock)

    token_call = exact.calls[0].request
    assert token_call.url == TOKEN_URL
    assert "grant_type=refresh_token" in token_call.body
    assert "refresh_token=Gcp7%21refresh-1" in token_call.body
    assert exact.calls[1].request.headers["Authorization"] == "Bearer new"


def test_the_rotated_refresh_token_is_saved_before_the_new_access_token_is_used(
    exact, expired, clock
):
    saved_before_use = []

    def api(request):
        stored = ExactOnlineConnection.objects.get(pk=expired.pk)
        saved_before_use.append((stored.refresh_token, stored.access_token))
        return 200, {}, '{"d": {"results": []}}'

    exact.add_callback(responses.GET, f"{API}/crm/Accounts", callback=api)
    exact.post(
        TOKEN_URL,
        json={
            "access_token": "new",
            "token_type": "bearer",
            "expires_in": "600",
            "refresh_token": "r2",
        },
    )

    read(expired, clock)

    assert saved_before_use == [("r2", "new")]
    stored = ExactOnlineConnection.objects.get(pk=expired.pk)
    assert stored.access_token_expires_at == as_datetime(clock.now() + 600)


def test_tokens_are_stored_encrypted(connection):
    from django.db import connection as db

    with db.cursor() as cursor:
        cursor.execute(
            "SELECT refresh_token, access_token, client_secret FROM online_exactonlineconnection"
        )
        raw = cursor.fetchone()
    assert "refresh-1" not in raw[0]
    assert "access-1" not in raw[1]
    assert "app-secret" not in raw[2]


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (401, {"error": "unauthorized_client", "error_description": "Old refresh token used."}),
        (400, {"error": "invalid_grant"}),
    ],
)
def test_a_dead_refresh_token_marks_the_connection_and_raises_reconnect_needed(
    exact, expired, clock, status, body
):
    exact.post(TOKEN_URL, status=status, json=body)
    accounts(exact)

    with pytest.raises(ReconnectNeeded):
        read(expired, clock)

    stored = ExactOnlineConnection.objects.get(pk=expired.pk)
    assert stored.status == ExactOnlineConnection.Status.RECONNECT_NEEDED
    assert body["error"] in stored.status_reason
    event = AuditEvent.objects.get(action="exact_online.reconnect_needed")
    assert event.administration_id == expired.administration_id
    assert not [c for c in exact.calls if c.request.method == "GET"]


def test_once_reconnect_is_needed_nothing_is_sent_to_exact(exact, expired, clock):
    exact.post(TOKEN_URL, status=400, json={"error": "invalid_grant"})
    with pytest.raises(ReconnectNeeded):
        read(expired, clock)

    with pytest.raises(ReconnectNeeded):
        read(ExactOnlineConnection.objects.get(pk=expired.pk), clock)

    assert len(exact.calls) == 1


def test_an_early_refresh_refusal_does_not_kill_the_connection(exact, expired, clock):
    exact.post(
        TOKEN_URL,
        status=401,
        json={"error": "invalid_request", "error_description": "Access token not expired"},
    )

    with pytest.raises(ExactTransientError):
        read(expired, clock)

    assert ExactOnlineConnection.objects.get(pk=expired.pk).status == "connected"


def test_a_server_error_at_the_token_endpoint_keeps_the_old_tokens(exact, expired, clock):
    exact.post(TOKEN_URL, status=503, body="unavailable")

    with pytest.raises(ExactTransientError):
        read(expired, clock)

    stored = ExactOnlineConnection.objects.get(pk=expired.pk)
    assert (stored.status, stored.refresh_token) == ("connected", "Gcp7!refresh-1")


def test_after_a_401_another_workers_fresh_token_is_used_without_refreshing(
    exact, connection, clock
):
    # Another worker refreshed while this one's call was refused with the old token.
    other = ExactOnlineConnection.objects.get(pk=connection.pk)
    other.access_token = "AAEAA-from-other-worker"
    other.save()
    exact.get(f"{API}/crm/Accounts", status=401, json=exact_error("Unauthorized"))
    accounts(exact)

    read(connection, clock)

    assert not [c for c in exact.calls if c.request.url == TOKEN_URL]
    assert exact.calls[1].request.headers["Authorization"] == "Bearer AAEAA-from-other-worker"
