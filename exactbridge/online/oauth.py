"""OAuth 2.0 with Exact Online (reference §1): the authorization URL, the code exchange, and the
refresh that many workers may want at the same moment.

The refresh rule (reference §1.4 and pitfall 1, V): two refreshes with the same refresh token can
both succeed, and then one chain dies for good ("Old refresh token used"). So a worker that finds
the access token due locks the connection row, re-reads it — another worker may have refreshed
while it waited — and only then calls the token endpoint, saving the rotated refresh token in the
same transaction, before anyone uses the new access token. On SQLite the IMMEDIATE transaction
gives the same serialization. The row is locked while the token call runs; that is the point.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

import requests
from django.db import transaction

from exactbridge.online import connections, http
from exactbridge.online.clock import Clock
from exactbridge.online.errors import (
    ExactError,
    ExactPermanentError,
    ExactTransientError,
    ExactUnauthorized,
    ExactValidationError,
    ReconnectNeeded,
)
from exactbridge.online.models import ExactOnlineConnection
from exactbridge.online.oauth_tokens import TokenAnswerInvalid, Tokens, parse_tokens

AUTHORIZE_PATH = "/api/oauth2/auth"
TOKEN_PATH = "/api/oauth2/token"  # noqa: S105 - a URL path, not a secret
# Refresh in the last 30 s of the 600 s lifetime: never before 570 s, which Exact refuses
# (reference §1.4, V).
REFRESH_AHEAD_SECONDS = 30


def new_state() -> str:
    return secrets.token_urlsafe(32)


def authorize_url(*, base_url: str, client_id: str, redirect_uri: str, state: str) -> str:
    """Where to send the browser (reference §1.2, V)."""
    query = urlencode(
        {
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "state": state,
        }
    )
    return f"{base_url.rstrip('/')}{AUTHORIZE_PATH}?{query}"


def exchange_code(
    *,
    session: requests.Session,
    administration_id: int,
    base_url: str,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    code: str,
    clock: Clock,
) -> Tokens:
    """Trade a (single-use, 3-minute) authorization code for tokens."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "client_id": client_id,
        "client_secret": client_secret,
    }
    try:
        response = http.send(
            session=session,
            administration_id=administration_id,
            method="POST",
            url=f"{base_url.rstrip('/')}{TOKEN_PATH}",
            data=form,
            now=clock.now(),
        )
        return parse_tokens(response.json())
    except (ValueError, TokenAnswerInvalid) as exc:
        raise ExactPermanentError(f"Exact's token answer is unusable: {exc}") from exc
    except (ExactValidationError, ExactUnauthorized) as exc:
        raise ExactPermanentError(
            f"Exact refused the authorization ({exc.message}). Codes are valid for 3 minutes "
            "and once only: start the connection again.",
            status=exc.status,
        ) from exc


def access_token(
    *, connection: ExactOnlineConnection, session: requests.Session, clock: Clock
) -> str:
    """A live access token, refreshed first only when it is due."""
    if connection.needs_reconnect:
        raise ReconnectNeeded(connection.status_reason or "Reconnect to Exact Online.")
    if _is_fresh(connection, clock):
        return connection.access_token
    return _refresh(connection=connection, rejected=None, session=session, clock=clock)


def refresh_after_rejection(
    *, connection: ExactOnlineConnection, rejected: str, session: requests.Session, clock: Clock
) -> str:
    """Exact refused ``rejected`` (401): refresh, unless another worker already did."""
    return _refresh(connection=connection, rejected=rejected, session=session, clock=clock)


def _is_fresh(connection: ExactOnlineConnection, clock: Clock) -> bool:
    expires = connection.access_token_expires_at
    return bool(
        connection.access_token
        and expires is not None
        and clock.now() < expires.timestamp() - REFRESH_AHEAD_SECONDS
    )


def _refresh(
    *,
    connection: ExactOnlineConnection,
    rejected: str | None,
    session: requests.Session,
    clock: Clock,
) -> str:
    # The outcome is decided inside the transaction and raised after it has committed, so the
    # saved tokens, a reconnect_needed status and the call's log row are never rolled back.
    outcome: str | ExactError
    with transaction.atomic():
        locked = ExactOnlineConnection.objects.select_for_update().get(pk=connection.pk)
        if locked.needs_reconnect:
            outcome = ReconnectNeeded(locked.status_reason or "Reconnect to Exact Online.")
        elif _is_fresh(locked, clock) and locked.access_token != rejected:
            outcome = locked.access_token  # another worker refreshed while we waited
        else:
            outcome = _call_refresh(locked, session, clock)
    _copy_tokens(locked, connection)
    if isinstance(outcome, ExactError):
        raise outcome
    return outcome


def _call_refresh(
    connection: ExactOnlineConnection, session: requests.Session, clock: Clock
) -> str | ExactError:
    form = {
        "grant_type": "refresh_token",
        "refresh_token": connection.refresh_token,
        "client_id": connection.client_id,
        "client_secret": connection.client_secret,
    }
    try:
        response = http.send(
            session=session,
            administration_id=connection.administration_id,
            method="POST",
            url=f"{connection.base_url}{TOKEN_PATH}",
            data=form,
            now=clock.now(),
        )
        tokens = parse_tokens(response.json())
    except (ValueError, TokenAnswerInvalid) as exc:
        return ExactTransientError(f"Exact's token answer is unusable: {exc}")
    except ExactError as exc:
        return _refresh_refused(connection, exc, clock)
    connections.store_tokens(connection=connection, tokens=tokens, clock=clock)
    return tokens.access_token


def _refresh_refused(
    connection: ExactOnlineConnection, exc: ExactError, clock: Clock
) -> ExactError:
    # A refused answer can still carry a new pair, which must be kept (reference §1.4, S).
    try:
        connections.store_tokens(
            connection=connection, tokens=parse_tokens(exc.payload), clock=clock
        )
    except TokenAnswerInvalid:
        pass
    else:
        return ExactTransientError(exc.message, status=exc.status)
    if exc.status == 401 and "not expired" in exc.message.lower():
        # Too early (before 570 s): the token we hold is still good to Exact (reference §1.5, S).
        return ExactTransientError(f"Exact refused an early token refresh: {exc.message}")
    if exc.status in {400, 401}:
        # "Old refresh token used.", invalid_grant (unused for 30 days), invalid_client
        # (reference §1.5): only a new authorization helps.
        reason = f"Exact Online refused the refresh token: {exc.message}"
        connections.mark_reconnect_needed(connection=connection, reason=reason)
        return ReconnectNeeded(reason, status=exc.status)
    return exc


def _copy_tokens(source: ExactOnlineConnection, target: ExactOnlineConnection) -> None:
    for name in (
        "access_token",
        "refresh_token",
        "access_token_expires_at",
        "status",
        "status_reason",
    ):
        setattr(target, name, getattr(source, name))
