"""The shared rate budget: a burst is spread over minutes instead of running into 429s."""

from __future__ import annotations

from collections import Counter

import pytest
import responses

from exactbridge.online import ratelimit
from exactbridge.online.client import ExactOnlineClient
from exactbridge.online.errors import ExactRateLimited
from exactbridge.online.models import RateBudget
from tests.online.conftest import API, START, exact_error, make_connection


class FixedWindowExact:
    """Exact's counting (reference §3): 60 calls per clock minute, 5,000 per UTC day, reset
    headers in epoch ms, a 429 with only the tripped header set; refused calls are not counted."""

    def __init__(self, clock, *, minutely: int = 60, daily: int = 5000) -> None:
        self.clock = clock
        self.minutely = minutely
        self.daily = daily
        self.per_minute: Counter[int] = Counter()
        self.per_day: Counter[int] = Counter()
        self.statuses: Counter[int] = Counter()

    def __call__(self, request):
        now = self.clock.now()
        minute, day = int(now // 60), int(now // 86400)
        minute_reset, day_reset = str((minute + 1) * 60_000), str((day + 1) * 86_400_000)
        if self.per_day[day] >= self.daily:
            self.statuses[429] += 1
            headers = {"X-RateLimit-Limit": str(self.daily), "X-RateLimit-Remaining": "0"}
            return 429, {**headers, "X-RateLimit-Reset": day_reset}, _error()
        if self.per_minute[minute] >= self.minutely:
            self.statuses[429] += 1
            headers = {
                "X-RateLimit-Minutely-Limit": str(self.minutely),
                "X-RateLimit-Minutely-Remaining": "0",
                "X-RateLimit-Minutely-Reset": minute_reset,
            }
            return 429, headers, _error()
        self.per_minute[minute] += 1
        self.per_day[day] += 1
        self.statuses[200] += 1
        headers = {
            "X-RateLimit-Limit": str(self.daily),
            "X-RateLimit-Remaining": str(self.daily - self.per_day[day]),
            "X-RateLimit-Reset": day_reset,
            "X-RateLimit-Minutely-Limit": str(self.minutely),
            "X-RateLimit-Minutely-Remaining": str(self.minutely - self.per_minute[minute]),
            "X-RateLimit-Minutely-Reset": minute_reset,
        }
        return 200, headers, '{"d": {"results": []}}'


def _error() -> str:
    import json

    return json.dumps(exact_error("API rate limit exceeded."))


@pytest.fixture
def exact():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def test_a_burst_of_500_calls_gets_no_429_and_uses_the_minutely_budget(exact, connection, clock):
    clock.current = START + 17  # start mid-minute, as a real burst would
    server = FixedWindowExact(clock)
    exact.add_callback(responses.GET, f"{API}/crm/Accounts", callback=server)
    # Token refreshes come due during the nine minutes the burst takes.
    exact.post(
        "https://start.exactonline.nl/api/oauth2/token",
        json={
            "access_token": "a",
            "token_type": "bearer",
            "expires_in": "600",
            "refresh_token": "r",
        },
    )
    client = ExactOnlineClient(connection, clock=clock)

    for _ in range(500):
        list(client.get_collection("crm/Accounts", select=["ID"]))

    assert server.statuses == Counter({200: 500})
    full_minutes = sorted(server.per_minute.items())[1:-1]  # the first and last are partial
    assert full_minutes, "the burst should span several minutes"
    used = [count / 60 for _, count in full_minutes]
    print(f"calls per full minute: {[count for _, count in full_minutes]}")
    assert min(used) >= 0.9


def test_workers_share_one_budget(exact, administration, clock):
    """Two clients (as two workers would have) together never exceed the minute."""
    server = FixedWindowExact(clock, minutely=10)
    exact.add_callback(responses.GET, f"{API}/crm/Accounts", callback=server)
    connection = make_connection(administration, clock)
    first = ExactOnlineClient(connection, clock=clock)
    second = ExactOnlineClient(connection.__class__.objects.get(pk=connection.pk), clock=clock)

    for _ in range(15):
        list(first.get_collection("crm/Accounts", select=["ID"]))
        list(second.get_collection("crm/Accounts", select=["ID"]))

    assert server.statuses == Counter({200: 30})
    assert max(server.per_minute.values()) == 10


def test_a_spent_day_is_raised_with_the_time_it_resets(administration, clock):
    RateBudget.objects.create(
        administration=administration,
        daily_remaining=0,
        daily_reset_ms=int((START + 7200) * 1000),
        minutely_reset_ms=int((START + 60) * 1000),
    )

    with pytest.raises(ExactRateLimited) as caught:
        ratelimit.reserve(administration_id=administration.pk, clock=clock)

    assert caught.value.daily is True
    assert caught.value.retry_at == START + 7200


def test_lower_remaining_wins_within_a_window_and_a_newer_window_replaces_it(administration):
    reset = int((START + 60) * 1000)
    RateBudget.objects.create(
        administration=administration, minutely_remaining=40, minutely_reset_ms=reset
    )

    def report(remaining: int, reset_ms: int) -> int:
        ratelimit.record(
            administration_id=administration.pk,
            reported=ratelimit.Reported(
                minutely_limit=60, minutely_remaining=remaining, minutely_reset_ms=reset_ms
            ),
        )
        return RateBudget.objects.get(pk=administration.pk).minutely_remaining

    assert report(45, reset) == 40  # calls reserved elsewhere are still in flight
    assert report(30, reset) == 30  # Exact counted more than we did
    assert report(50, reset - 60_000) == 30  # a late answer from the previous minute
    assert report(58, reset + 60_000) == 58  # Exact's new minute
