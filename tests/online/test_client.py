"""The REST client against a mocked Exact (``responses``): paging, quoting, errors, retries."""

from __future__ import annotations

import json

import pytest
import responses

from exactbridge.online import odata
from exactbridge.online.client import ExactOnlineClient
from exactbridge.online.errors import (
    ExactNotFound,
    ExactPermanentError,
    ExactRateLimited,
    ExactTransientError,
    ExactUnauthorized,
    ExactValidationError,
)
from exactbridge.online.models import ExactApiCall, ExactOnlineConnection
from tests.online.conftest import API, BASE, START, TOKEN_URL, exact_error, rate_headers

ACCOUNT = "71b961de-b9f3-49fe-883d-0f46c7e0e89b"


@pytest.fixture
def exact():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def client(connection, clock):
    return ExactOnlineClient(connection, clock=clock)


def token_answer(n: int) -> dict:
    return {
        "access_token": f"AAEAA-access-{n}",
        "token_type": "bearer",
        "expires_in": "600",
        "refresh_token": f"Gcp7!refresh-{n}",
    }


def test_collections_are_read_page_after_page_through_next(exact, client):
    first = f"{API}/crm/Accounts"
    second = f"{API}/crm/Accounts?$select=ID,Name&$skiptoken=guid'{ACCOUNT}'"
    exact.get(
        first,
        json={"d": {"results": [{"ID": "a"}, {"ID": "b"}], "__next": second}},
        match=[responses.matchers.query_param_matcher({"$select": "ID,Name"})],
    )
    exact.get(
        f"{API}/crm/Accounts",
        json={"d": {"results": [{"ID": "c"}]}},
        match=[
            responses.matchers.query_param_matcher(
                {"$select": "ID,Name", "$skiptoken": f"guid'{ACCOUNT}'"}
            )
        ],
    )

    rows = list(client.get_collection("crm/Accounts", select=["ID", "Name"]))

    assert [row["ID"] for row in rows] == ["a", "b", "c"]
    assert len(exact.calls) == 2


def test_filters_reach_exact_quoted(exact, client):
    exact.get(f"{API}/crm/Accounts", json={"d": {"results": []}})

    list(client.get_collection("crm/Accounts", select=["ID"], filter=odata.eq("Name", "O'Brien")))

    url = exact.calls[0].request.url
    assert "$filter=Name%20eq%20'O''Brien'" in url
    assert exact.calls[0].request.headers["Accept"] == "application/json"


def test_a_next_link_to_another_host_is_not_followed(exact, client):
    exact.get(
        f"{API}/crm/Accounts",
        json={"d": {"results": [{"ID": "a"}], "__next": "https://evil.example/steal"}},
    )

    with pytest.raises(ExactPermanentError, match="another host"):
        list(client.get_collection("crm/Accounts", select=["ID"]))


def test_top_stops_reading_after_that_many_rows(exact, client):
    exact.get(
        f"{API}/crm/Accounts",
        json={"d": {"results": [{"ID": "a"}], "__next": f"{API}/crm/Accounts?$skiptoken=1"}},
    )

    assert len(list(client.get_collection("crm/Accounts", select=["ID"], top=1))) == 1
    assert len(exact.calls) == 1


def test_get_one_uses_the_guid_key_url(exact, client):
    exact.get(f"{API}/crm/Accounts(guid'{ACCOUNT}')", json={"d": {"ID": ACCOUNT, "Name": "X"}})

    assert client.get_one("crm/Accounts", ACCOUNT)["Name"] == "X"


def test_create_posts_json_and_returns_the_new_entity(exact, client):
    exact.post(f"{API}/crm/Accounts", status=201, json={"d": {"ID": ACCOUNT, "Name": "New"}})

    created = client.create("crm/Accounts", {"Name": "New"})

    assert created["ID"] == ACCOUNT
    request = exact.calls[0].request
    assert json.loads(request.body) == {"Name": "New"}
    assert request.headers["Prefer"] == "return=representation"


def test_update_and_delete_accept_204(exact, client):
    exact.put(f"{API}/crm/Accounts(guid'{ACCOUNT}')", status=204)
    exact.delete(f"{API}/crm/Accounts(guid'{ACCOUNT}')", status=204)

    client.update("crm/Accounts", ACCOUNT, {"Name": "Renamed"})
    client.delete("crm/Accounts", ACCOUNT)

    assert [call.request.method for call in exact.calls] == ["PUT", "DELETE"]


@pytest.mark.parametrize(
    ("status", "message", "error_type"),
    [
        (400, "Error processing request stream.", ExactValidationError),
        (500, "Mandatory: Relationship\r\nInvalid reference: Cost unit", ExactValidationError),
        (500, "Ongeldig: Grootboekrekeningtype", ExactValidationError),
        (404, "Not found", ExactNotFound),
        (403, "Forbidden - Application Scope Violated. Cannot read", ExactPermanentError),
    ],
)
def test_error_json_becomes_a_typed_error_with_exacts_message(
    exact, client, status, message, error_type
):
    exact.post(f"{API}/crm/Accounts", status=status, json=exact_error(message))

    with pytest.raises(error_type) as caught:
        client.create("crm/Accounts", {"Name": "X"})

    assert caught.value.message == message
    assert caught.value.status == status
    assert ExactApiCall.objects.get().error == message


def test_a_403_reason_header_is_part_of_the_message(exact, client):
    exact.get(
        f"{API}/crm/Accounts",
        status=403,
        json=exact_error("Forbidden"),
        headers={"Reason": "NoDivisionAccess"},
    )

    with pytest.raises(ExactPermanentError, match="NoDivisionAccess"):
        list(client.get_collection("crm/Accounts", select=["ID"]))


def test_a_500_without_a_business_message_is_transient_and_get_is_retried(exact, client, clock):
    exact.get(f"{API}/crm/Accounts", status=500, body="<html>Server Error</html>")
    exact.get(f"{API}/crm/Accounts", status=503, json=exact_error("Service unavailable"))
    exact.get(f"{API}/crm/Accounts", json={"d": {"results": [{"ID": "a"}]}})

    rows = list(client.get_collection("crm/Accounts", select=["ID"]))

    assert rows == [{"ID": "a"}]
    assert len(exact.calls) == 3
    assert len(clock.sleeps) == 2  # backed off before each retry


def test_a_get_that_keeps_failing_gives_up_after_three_attempts(exact, client):
    exact.get(f"{API}/crm/Accounts", status=502, body="Bad gateway")

    with pytest.raises(ExactTransientError):
        list(client.get_collection("crm/Accounts", select=["ID"]))

    assert len(exact.calls) == 3


def test_a_post_is_not_retried_after_a_server_error(exact, client):
    exact.post(f"{API}/purchaseentry/PurchaseEntries", status=503, body="unavailable")

    with pytest.raises(ExactTransientError) as caught:
        client.create("purchaseentry/PurchaseEntries", {"Journal": "60"})

    assert caught.value.maybe_applied is True
    assert len(exact.calls) == 1


def test_a_401_refreshes_once_and_repeats_the_call_with_the_new_token(exact, client, connection):
    exact.get(f"{API}/crm/Accounts", status=401, json=exact_error("Unauthorized"))
    exact.get(f"{API}/crm/Accounts", json={"d": {"results": [{"ID": "a"}]}})
    exact.post(TOKEN_URL, json=token_answer(2))

    assert list(client.get_collection("crm/Accounts", select=["ID"])) == [{"ID": "a"}]

    api_calls = [c for c in exact.calls if c.request.method == "GET"]
    assert api_calls[0].request.headers["Authorization"] == "Bearer AAEAA-access-1"
    assert api_calls[1].request.headers["Authorization"] == "Bearer AAEAA-access-2"
    stored = ExactOnlineConnection.objects.get(pk=connection.pk)
    assert stored.refresh_token == "Gcp7!refresh-2"


def test_a_second_401_after_the_refresh_is_raised_not_looped(exact, client):
    exact.get(f"{API}/crm/Accounts", status=401, json=exact_error("Unauthorized"))
    exact.post(TOKEN_URL, json=token_answer(2))

    with pytest.raises(ExactUnauthorized):
        list(client.get_collection("crm/Accounts", select=["ID"]))

    assert sum(1 for c in exact.calls if c.request.url == TOKEN_URL) == 1


def test_a_429_waits_until_the_minute_resets_and_repeats(exact, client, clock):
    reset_ms = int((START + 42) * 1000)
    exact.get(
        f"{API}/crm/Accounts",
        status=429,
        json=exact_error("API rate limit exceeded."),
        headers={
            "X-RateLimit-Minutely-Limit": "60",
            "X-RateLimit-Minutely-Remaining": "0",
            "X-RateLimit-Minutely-Reset": str(reset_ms),
        },
    )
    exact.get(f"{API}/crm/Accounts", json={"d": {"results": [{"ID": "a"}]}})

    assert list(client.get_collection("crm/Accounts", select=["ID"])) == [{"ID": "a"}]

    assert clock.now() >= START + 42
    assert len(exact.calls) == 2


def test_a_spent_daily_budget_is_raised_without_calling_exact(exact, client, clock):
    exact.get(
        f"{API}/crm/Accounts",
        status=429,
        json=exact_error("API rate limit exceeded."),
        headers={
            "X-RateLimit-Limit": "5000",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": str(int((START + 3600) * 1000)),
        },
    )

    with pytest.raises(ExactRateLimited) as first:
        list(client.get_collection("crm/Accounts", select=["ID"]))
    with pytest.raises(ExactRateLimited) as second:
        list(client.get_collection("crm/Accounts", select=["ID"]))

    assert first.value.daily and second.value.daily
    assert second.value.retry_at == START + 3600
    assert len(exact.calls) == 1
    assert clock.sleeps == []


def test_every_call_is_logged_with_its_rate_limit_headers_and_no_secrets(exact, client):
    exact.get(
        f"{API}/crm/Accounts",
        json={"d": {"results": []}},
        headers=rate_headers(minutely_remaining=17),
    )

    list(client.get_collection("crm/Accounts", select=["ID"]))

    calls = list(ExactApiCall.objects.order_by("id"))
    assert [(c.method, c.status) for c in calls] == [("GET", 200)]
    assert calls[0].path == "/api/v1/499156/crm/Accounts?$select=ID"
    assert calls[0].minutely_remaining == 17
    assert calls[0].daily_limit == 5000
    assert calls[0].duration_ms >= 0


def test_token_calls_are_logged_without_the_tokens(exact, client, connection):
    exact.get(f"{API}/crm/Accounts", status=401, json=exact_error("Unauthorized"))
    exact.get(f"{API}/crm/Accounts", json={"d": {"results": []}})
    exact.post(TOKEN_URL, json=token_answer(2))

    list(client.get_collection("crm/Accounts", select=["ID"]))

    logged = " ".join(f"{c.path} {c.error}" for c in ExactApiCall.objects.all())
    assert "/api/oauth2/token" in logged
    for secret in ("refresh-1", "refresh-2", "access-1", "access-2", "app-secret"):
        assert secret not in logged


def test_current_me_needs_no_division_and_uses_no_budget(exact, clock, connection):
    connection.division = None
    exact.get(f"{BASE}/api/v1/current/Me", json={"d": {"results": [{"CurrentDivision": 7}]}})

    me = ExactOnlineClient(connection, clock=clock).current_me()

    assert me["CurrentDivision"] == 7
    assert "$select=CurrentDivision" in exact.calls[0].request.url
