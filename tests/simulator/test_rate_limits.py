"""Rate-limit headers and real 429s (reference §3)."""

from datetime import UTC, datetime

from tests.simulator.conftest import control

MINUTE_START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC).timestamp()
QUERY = {"$select": "ID", "$filter": "Code eq '4000'"}


def test_division_calls_carry_daily_and_minutely_headers_in_ms(api):
    control(api.sim, "clock", {"at": MINUTE_START + 5, "frozen": True})
    response = api.get("financial/GLAccounts", **QUERY)
    h = response.headers
    assert h["X-RateLimit-Limit"] == "5000" and h["X-RateLimit-Remaining"] == "4999"
    assert h["X-RateLimit-Minutely-Limit"] == "60" and h["X-RateLimit-Minutely-Remaining"] == "59"
    assert int(h["X-RateLimit-Minutely-Reset"]) == (MINUTE_START + 60) * 1000
    assert int(h["X-RateLimit-Reset"]) == datetime(2026, 3, 3, tzinfo=UTC).timestamp() * 1000


def test_a_burst_past_the_minutely_limit_gets_429_until_the_next_minute(api):
    control(api.sim, "clock", {"at": MINUTE_START, "frozen": True})
    statuses = [api.get("financial/GLAccounts", **QUERY).status_code for _ in range(60)]
    assert set(statuses) == {200}

    refused = api.get("financial/GLAccounts", **QUERY)

    assert refused.status_code == 429
    assert refused.json()["error"]["message"]["value"] == "API rate limit exceeded."
    assert refused.json()["error"]["code"] == ""
    assert refused.headers["X-RateLimit-Minutely-Remaining"] == "0"
    assert int(refused.headers["X-RateLimit-Minutely-Reset"]) == (MINUTE_START + 60) * 1000
    assert "X-RateLimit-Remaining" not in refused.headers  # only the tripped set
    control(api.sim, "clock", {"advance": 60})
    assert api.get("financial/GLAccounts", **QUERY).status_code == 200


def test_daily_limit_trips_with_only_the_daily_headers(api):
    control(api.sim, "config", {"daily_limit": 3})
    for _ in range(3):
        assert api.get("financial/GLAccounts", **QUERY).status_code == 200
    refused = api.get("financial/GLAccounts", **QUERY)
    assert refused.status_code == 429
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert "X-RateLimit-Minutely-Remaining" not in refused.headers
