"""Client and simulator over real HTTP on loopback: the whole way from authorization to writes."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from exactbridge.online import odata, services
from exactbridge.online.client import ExactOnlineClient
from exactbridge.online.errors import ExactNotFound, ExactTransientError, ExactValidationError
from exactbridge.online.models import ExactApiCall, ExactOnlineConnection
from tests.online.conftest import START
from tests.online.simulator import (
    SimulatorClock,
    browser_authorizes,
    control,
    refresh_token_by_hand,
)


def connect(sim, cfg, administration, admin=None, clock=None) -> ExactOnlineConnection:
    """The browser flow: start, follow Exact's redirect back, complete."""
    kwargs = {"clock": clock} if clock else {}
    url, pending = services.start_authorization(
        administration=administration,
        base_url=sim.base_url,
        client_id=cfg["client_id"],
        client_secret=cfg["client_secret"],
        redirect_uri=cfg["redirect_uri"],
        **kwargs,
    )
    answer = browser_authorizes(url)
    checked = services.check_callback(stored=pending.as_session(), state=answer["state"], **kwargs)
    return services.complete_authorization(
        administration=administration, pending=checked, code=answer["code"], actor=admin, **kwargs
    )


@pytest.fixture
def connected(sim, sim_config, administration, admin):
    return connect(sim, sim_config, administration, admin)


def test_the_authorization_code_flow_connects_to_the_users_division(connected, sim_config):
    assert connected.division == sim_config["divisions"][0]
    assert connected.status == ExactOnlineConnection.Status.CONNECTED
    divisions = services.list_divisions(connection=connected)
    assert [row["Code"] for row in divisions] == sim_config["divisions"]


def test_collections_are_read_through_every_page(connected):
    client = ExactOnlineClient(connected)

    rows = list(
        client.get_collection(
            "financial/GLAccounts", select=["ID", "Code"], filter=odata.compare("Code", "ne", "")
        )
    )

    assert len(rows) > 120  # more than two pages of 60
    assert len({row["ID"] for row in rows}) == len(rows)
    pages = ExactApiCall.objects.filter(path__contains="GLAccounts").count()
    assert pages == -(-len(rows) // 60)


def test_a_padded_account_code_finds_the_account(connected):
    client = ExactOnlineClient(connected)

    rows = list(
        client.get_collection(
            "crm/Accounts",
            select=["ID", "Code", "Name"],
            filter=odata.eq("Code", odata.account_code(2001)),
        )
    )

    assert len(rows) == 1
    assert rows[0]["Code"].strip() == "2001"


def test_create_read_update_and_delete_an_account(connected):
    client = ExactOnlineClient(connected)

    created = client.create("crm/Accounts", {"Name": "Testbedrijf 't Hoekje", "IsSupplier": True})
    client.update("crm/Accounts", created["ID"], {"City": "Utrecht"})
    read = client.get_one("crm/Accounts", created["ID"], select=["Name", "City", "Created"])
    client.delete("crm/Accounts", created["ID"])

    assert (read["Name"], read["City"]) == ("Testbedrijf 't Hoekje", "Utrecht")
    assert odata.parse_date(read["Created"]) is not None
    with pytest.raises(ExactNotFound):
        client.get_one("crm/Accounts", created["ID"])


def test_exacts_validation_message_comes_through(connected):
    with pytest.raises(ExactValidationError) as caught:
        ExactOnlineClient(connected).create("crm/Accounts", {"City": "Utrecht"})

    assert caught.value.message == "Mandatory: Name"


def test_expired_tokens_are_refreshed_once_and_the_call_goes_through(sim, connected):
    first_refresh_token = connected.refresh_token
    control(sim, "faults", {"expire_tokens": True})

    divisions = list(
        ExactOnlineClient(connected).get_collection("system/Divisions", select=["Code"])
    )

    assert divisions
    token_calls = ExactApiCall.objects.filter(path="/api/oauth2/token")
    assert token_calls.count() == 2  # the code exchange, then one refresh
    assert ExactOnlineConnection.objects.get(pk=connected.pk).refresh_token != first_refresh_token


def test_a_server_error_on_a_read_is_retried(sim, connected):
    control(sim, "faults", {"fail_next": 1})

    assert list(ExactOnlineClient(connected).get_collection("system/Divisions", select=["Code"]))


def test_a_post_that_fails_is_not_sent_twice(sim, connected):
    control(sim, "faults", {"fail_next": 1})

    with pytest.raises(ExactTransientError):
        ExactOnlineClient(connected).create("crm/Accounts", {"Name": "Once only"})

    posts = ExactApiCall.objects.filter(method="POST", path__contains="crm/Accounts")
    assert posts.count() == 1


def test_exact_connect_reads_the_division_from_current_me(sim, sim_config, db):
    refresh_token = refresh_token_by_hand(sim, sim_config)
    control(sim, "clock", {"advance": 571})  # Exact refuses a refresh within 570 s of issue

    call_command(
        "exact_connect",
        "--administration",
        "demo",
        "--base-url",
        sim.base_url,
        "--client-id",
        sim_config["client_id"],
        "--client-secret",
        sim_config["client_secret"],
        "--refresh-token",
        refresh_token,
    )

    connection = ExactOnlineConnection.objects.get(administration__code="demo")
    assert connection.division == sim_config["divisions"][0]
    assert connection.refresh_token != refresh_token  # rotated and saved
    assert list(ExactOnlineClient(connection).get_collection("system/Divisions", select=["Code"]))


def test_a_burst_of_500_calls_gets_no_429_and_uses_the_minutely_budget(
    sim, sim_config, administration
):
    clock = SimulatorClock(sim, START + 17)
    connection = connect(sim, sim_config, administration, clock=clock)
    client = ExactOnlineClient(connection, clock=clock)

    for _ in range(500):
        client.get_one("system/Divisions", connection.division, select=["Code"])

    calls = ExactApiCall.objects.filter(path__contains="system/Divisions")
    assert calls.count() == 500
    assert not calls.filter(status=429).exists()
    per_window = Counter(calls.values_list("minutely_reset_ms", flat=True))
    full_windows = [count for _, count in sorted(per_window.items())][1:-1]
    print(f"calls per full minute (by Exact's reset header): {full_windows}")
    assert full_windows and min(full_windows) >= 0.9 * sim_config["minutely_limit"]
