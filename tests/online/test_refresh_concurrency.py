"""Many workers, one refresh: the row lock makes eight workers with an expired token share a
single call to the token endpoint, and the refresh-token chain survives (reference §1.4)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import requests
from django.db import connection as db_connection
from django.db import connections as db_connections

from exactbridge.online.client import ExactOnlineClient
from exactbridge.online.clock import SystemClock, as_datetime
from exactbridge.online.models import ExactApiCall, ExactOnlineConnection
from tests import factories
from tests.online.simulator import control, refresh_token_by_hand

WORKERS = 8

pytestmark = pytest.mark.skipif(
    db_connection.vendor != "postgresql",
    reason=(
        "needs PostgreSQL: SQLite has no row locks (select_for_update is a no-op there and the "
        "IMMEDIATE transaction serializes writers instead), and its in-memory test database "
        "cannot be shared by worker threads with their own connections"
    ),
)


@pytest.mark.postgres
@pytest.mark.parametrize("how", ["expired in our records", "refused by Exact (401)"])
def test_eight_workers_with_an_expired_token_make_exactly_one_refresh(
    transactional_db, sim, sim_config, how
):
    administration = factories.make_administration(code="busy", name="Busy B.V.")
    refresh_token = refresh_token_by_hand(sim, sim_config)
    control(sim, "clock", {"advance": 571})
    stored = ExactOnlineConnection.objects.create(
        administration=administration,
        base_url=sim.base_url,
        client_id=sim_config["client_id"],
        client_secret=sim_config["client_secret"],
        refresh_token=refresh_token,
        access_token="AAEAA-long-gone",
        # "expired": our record says so; "401": our record says it is fine, Exact disagrees.
        access_token_expires_at=as_datetime(SystemClock().now())
        + timedelta(seconds=-1 if how.startswith("expired") else 600),
        division=sim_config["divisions"][0],
    )
    control(sim, "faults", {"latency_ms": 50})  # a slow token endpoint widens any race
    barrier = threading.Barrier(WORKERS)
    results: list[object] = []

    def worker() -> None:
        try:
            connection = ExactOnlineConnection.objects.get(pk=stored.pk)
            client = ExactOnlineClient(connection, clock=SystemClock())
            barrier.wait(timeout=10)
            rows = list(client.get_collection("system/Divisions", select=["Code"]))
            results.append(rows[0]["Code"])
        except Exception as exc:  # reported by the assertion below
            results.append(exc)
        finally:
            db_connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert results == [sim_config["divisions"][0]] * WORKERS
    assert ExactApiCall.objects.filter(path="/api/oauth2/token").count() == 1
    # The chain is intact: the saved refresh token is the live one, so the next refresh works.
    latest = ExactOnlineConnection.objects.get(pk=stored.pk)
    control(sim, "clock", {"advance": 571})
    answer = requests.post(
        f"{sim.base_url}/api/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": latest.refresh_token,
            "client_id": sim_config["client_id"],
            "client_secret": sim_config["client_secret"],
        },
        timeout=5,
    )
    assert answer.status_code == 200, answer.text
