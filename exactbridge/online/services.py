"""Connecting an administration to Exact Online: through the browser (authorization code) or
from a command with a refresh token IT already has. Views and commands call these only."""

from __future__ import annotations

import hmac
from dataclasses import asdict, dataclass

import requests
from django.db import transaction

from exactbridge.administrations.models import Administration
from exactbridge.administrations.services import create_administration
from exactbridge.encryption import decrypt, encrypt
from exactbridge.online import connections, http, oauth
from exactbridge.online.client import ExactOnlineClient
from exactbridge.online.clock import SYSTEM_CLOCK, Clock
from exactbridge.online.models import ExactOnlineConnection

PENDING_LIFETIME = 600  # seconds a started authorization may take to come back


class AuthorizationRefused(Exception):
    """The browser came back without a matching, recent authorization request."""


@dataclass(frozen=True)
class PendingAuthorization:
    """What the session keeps between the redirect to Exact and the callback."""

    state: str
    administration: str
    base_url: str
    client_id: str
    client_secret_encrypted: str
    redirect_uri: str
    started_at: float

    def as_session(self) -> dict:
        return asdict(self)


def start_authorization(
    *,
    administration: Administration,
    base_url: str,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    clock: Clock = SYSTEM_CLOCK,
) -> tuple[str, PendingAuthorization]:
    """The URL to send the browser to, and what to remember until it returns."""
    pending = PendingAuthorization(
        state=oauth.new_state(),
        administration=administration.code,
        base_url=base_url.rstrip("/"),
        client_id=client_id,
        client_secret_encrypted=encrypt(client_secret),
        redirect_uri=redirect_uri,
        started_at=clock.now(),
    )
    url = oauth.authorize_url(
        base_url=pending.base_url,
        client_id=client_id,
        redirect_uri=redirect_uri,
        state=pending.state,
    )
    return url, pending


def check_callback(
    *, stored: dict | None, state: str, clock: Clock = SYSTEM_CLOCK
) -> PendingAuthorization:
    """The pending authorization this callback answers; ``AuthorizationRefused`` otherwise."""
    if not stored or not state:
        raise AuthorizationRefused("No connection to Exact Online was started in this session.")
    try:
        pending = PendingAuthorization(**stored)
    except TypeError:
        raise AuthorizationRefused("The stored connection attempt is unreadable.") from None
    if not hmac.compare_digest(pending.state.encode(), state.encode()):
        raise AuthorizationRefused("The answer from Exact Online does not match this session.")
    if clock.now() - pending.started_at > PENDING_LIFETIME:
        raise AuthorizationRefused("The connection attempt took too long; please start again.")
    return pending


def complete_authorization(
    *,
    administration: Administration,
    pending: PendingAuthorization,
    code: str,
    actor=None,
    request=None,
    clock: Clock = SYSTEM_CLOCK,
    session: requests.Session | None = None,
) -> ExactOnlineConnection:
    """Exchange the code, store the connection, and start in the user's current division
    unless one was chosen before (the administrator confirms or changes it next)."""
    session = session or http.new_session()
    client_secret = decrypt(pending.client_secret_encrypted)
    tokens = oauth.exchange_code(
        session=session,
        administration_id=administration.pk,
        base_url=pending.base_url,
        client_id=pending.client_id,
        client_secret=client_secret,
        redirect_uri=pending.redirect_uri,
        code=code,
        clock=clock,
    )
    connection = connections.save_connection(
        administration=administration,
        base_url=pending.base_url,
        client_id=pending.client_id,
        client_secret=client_secret,
        redirect_uri=pending.redirect_uri,
        refresh_token=tokens.refresh_token,
        tokens=tokens,
        clock=clock,
        actor=actor,
        request=request,
    )
    if connection.division is None:
        me = ExactOnlineClient(connection, clock=clock, session=session).current_me()
        connections.choose_division(
            connection=connection, division=int(me["CurrentDivision"]), actor=actor, request=request
        )
    return connection


def list_divisions(*, connection: ExactOnlineConnection, clock: Clock = SYSTEM_CLOCK) -> list[dict]:
    """The divisions the Exact user may use with this app (system/Divisions, reference §5.2)."""
    client = ExactOnlineClient(connection, clock=clock)
    rows = client.get_collection(
        "system/Divisions", select=["Code", "Description", "Country", "Status"]
    )
    return sorted(rows, key=lambda row: row["Code"])


def connect_with_refresh_token(
    *,
    administration_code: str,
    name: str | None,
    base_url: str,
    client_id: str,
    client_secret: str,
    refresh_token: str,
    division: int | None = None,
    actor=None,
    clock: Clock = SYSTEM_CLOCK,
    session: requests.Session | None = None,
) -> ExactOnlineConnection:
    """The browser-less connect for IT automation (``manage.py exact_connect``).

    Creates the administration when it does not exist, stores the connection, proves the
    refresh token by using it (the rotated token is saved), and reads the division from
    ``current/Me`` when none is given.
    """
    session = session or http.new_session()
    with transaction.atomic():
        administration = Administration.objects.filter(code=administration_code).first()
        if administration is None:
            administration = create_administration(
                code=administration_code, name=name or administration_code, actor=actor
            )
    connection = connections.save_connection(
        administration=administration,
        base_url=base_url,
        client_id=client_id,
        client_secret=client_secret,
        redirect_uri="",
        refresh_token=refresh_token,
        division=division,
        clock=clock,
        actor=actor,
    )
    oauth.access_token(connection=connection, session=session, clock=clock)
    if division is None:
        me = ExactOnlineClient(connection, clock=clock, session=session).current_me()
        division = int(me["CurrentDivision"])
    if connection.division != division or administration.division != division:
        connections.choose_division(connection=connection, division=division, actor=actor)
    return connection
