"""Every change of an ``ExactOnlineConnection``, one function per change, each with its audit
event in the same transaction (token refreshes excepted: they are logged as API calls).

Status transitions: connected → reconnect_needed (``mark_reconnect_needed``, when Exact refuses
the refresh token) and back to connected (``save_connection``, after a new authorization).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from exactbridge.administrations.models import Administration
from exactbridge.audit.services import record_event, snapshot
from exactbridge.online.clock import Clock, as_datetime
from exactbridge.online.models import ExactOnlineConnection
from exactbridge.online.oauth_tokens import Tokens

Status = ExactOnlineConnection.Status


def save_connection(
    *,
    administration: Administration,
    base_url: str,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    refresh_token: str,
    clock: Clock,
    tokens: Tokens | None = None,
    division: int | None = None,
    actor=None,
    request=None,
) -> ExactOnlineConnection:
    """Connect (or reconnect) the administration with fresh credentials; status: connected.

    ``tokens`` are those of a code exchange just made; without them the first call refreshes.
    A reconnect keeps the division chosen before unless ``division`` is given.
    """
    with transaction.atomic():
        connection = (
            ExactOnlineConnection.objects.select_for_update()
            .filter(administration=administration)
            .first()
        )
        before = snapshot(connection) if connection else None
        if connection is None:
            connection = ExactOnlineConnection(administration=administration)
        connection.base_url = base_url.rstrip("/")
        connection.client_id = client_id
        connection.client_secret = client_secret
        connection.redirect_uri = redirect_uri
        connection.refresh_token = tokens.refresh_token if tokens else refresh_token
        connection.access_token = tokens.access_token if tokens else ""
        connection.access_token_expires_at = (
            as_datetime(clock.now()) + timedelta(seconds=tokens.expires_in) if tokens else None
        )
        if division is not None:
            connection.division = division
        connection.status = Status.CONNECTED
        connection.status_reason = ""
        connection.connected_by = actor
        connection.save()
        record_event(
            action="exact_online.connected",
            actor=actor,
            administration=administration,
            target=connection,
            before=before,
            after=snapshot(connection),
            request=request,
        )
    return connection


def store_tokens(*, connection: ExactOnlineConnection, tokens: Tokens, clock: Clock) -> None:
    """Save a refreshed pair; the caller holds the row lock. The rotated refresh token is saved
    before the new access token is ever used (reference §1.4, V)."""
    connection.access_token = tokens.access_token
    connection.refresh_token = tokens.refresh_token
    connection.access_token_expires_at = as_datetime(clock.now()) + timedelta(
        seconds=tokens.expires_in
    )
    connection.save(
        update_fields=["access_token", "refresh_token", "access_token_expires_at", "updated_at"]
    )


def mark_reconnect_needed(*, connection: ExactOnlineConnection, reason: str) -> None:
    """The refresh token is dead: nothing can reach Exact until an administrator reconnects."""
    with transaction.atomic():
        if connection.status == Status.RECONNECT_NEEDED:
            return
        before = snapshot(connection)
        connection.status = Status.RECONNECT_NEEDED
        connection.status_reason = reason[:1000]
        connection.access_token = ""
        connection.access_token_expires_at = None
        connection.save(
            update_fields=[
                "status",
                "status_reason",
                "access_token",
                "access_token_expires_at",
                "updated_at",
            ]
        )
        record_event(
            action="exact_online.reconnect_needed",
            administration=connection.administration_id,
            target=connection,
            before=before,
            after=snapshot(connection),
        )


def choose_division(
    *, connection: ExactOnlineConnection, division: int, actor=None, request=None
) -> None:
    """Fix the division the connection works in; the administration shows the same number."""
    with transaction.atomic():
        before = snapshot(connection)
        connection.division = division
        connection.save(update_fields=["division", "updated_at"])
        Administration.objects.filter(pk=connection.administration_id).update(division=division)
        record_event(
            action="exact_online.division_chosen",
            actor=actor,
            administration=connection.administration_id,
            target=connection,
            before=before,
            after=snapshot(connection),
            request=request,
        )


def disconnect(*, connection: ExactOnlineConnection, actor=None, request=None) -> None:
    """Forget the connection and its secrets. The API-call log stays."""
    with transaction.atomic():
        record_event(
            action="exact_online.disconnected",
            actor=actor,
            administration=connection.administration_id,
            target=connection,
            before=snapshot(connection),
            request=request,
        )
        connection.delete()
