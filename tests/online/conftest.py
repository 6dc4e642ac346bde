"""The Exact Online cast: a connected administration, its administrator, a clock tests steer."""

from __future__ import annotations

from datetime import timedelta

import pytest

from exactbridge.online.clock import as_datetime
from exactbridge.online.models import ExactOnlineConnection
from tests import factories

BASE = "https://start.exactonline.nl"
DIVISION = 499156
API = f"{BASE}/api/v1/{DIVISION}"
TOKEN_URL = f"{BASE}/api/oauth2/token"
START = 1_767_225_600.0  # 2026-01-01 00:00:00 UTC, a whole minute


class FakeClock:
    """Time stands still until someone sleeps; every sleep is remembered."""

    def __init__(self, now: float = START) -> None:
        self.current = now
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.current

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.current += max(seconds, 0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def admin(administration):
    return factories.make_member(administration, "admin", username="admin")


def make_connection(administration, clock: FakeClock, **overrides) -> ExactOnlineConnection:
    values = {
        "administration": administration,
        "base_url": BASE,
        "client_id": "3c0a2f1e-0000-4000-8000-000000000001",
        "client_secret": "app-secret",
        "refresh_token": "Gcp7!refresh-1",
        "access_token": "AAEAA-access-1",
        "access_token_expires_at": as_datetime(clock.now()) + timedelta(seconds=600),
        "division": DIVISION,
        **overrides,
    }
    return ExactOnlineConnection.objects.create(**values)


@pytest.fixture
def connection(administration, clock) -> ExactOnlineConnection:
    return make_connection(administration, clock)


def exact_error(message: str) -> dict:
    return {"error": {"code": "", "message": {"lang": "", "value": message}}}


def rate_headers(*, minutely_remaining: int = 59, reset_ms: int | None = None) -> dict:
    minute_reset = reset_ms or int((START + 60) * 1000)
    return {
        "X-RateLimit-Limit": "5000",
        "X-RateLimit-Remaining": "4990",
        "X-RateLimit-Reset": str(int((START + 86400) * 1000)),
        "X-RateLimit-Minutely-Limit": "60",
        "X-RateLimit-Minutely-Remaining": str(minutely_remaining),
        "X-RateLimit-Minutely-Reset": str(minute_reset),
    }


# --- The simulator over loopback HTTP -------------------------------------------------------
@pytest.fixture(scope="session")
def simulator_store():
    from exactbridge.simulator.seed import seed
    from exactbridge.simulator.store import Store

    store = Store(":memory:")
    seed(store, "demo")
    yield store
    store.close()


@pytest.fixture
def sim(simulator_store):
    from exactbridge.simulator.app import Simulator
    from exactbridge.simulator.seed import seed
    from exactbridge.simulator.server import start_in_thread

    store = simulator_store.clone()
    running = start_in_thread(Simulator(store, seed(store, "demo")))
    yield running
    running.stop()


@pytest.fixture
def sim_config(sim) -> dict:
    from tests.online.simulator import control

    return control(sim, "config")
