"""Fault switches: 5xx, latency, a timeout after commit, expired tokens."""

import time

import pytest
import requests

from tests.simulator.conftest import control, get_tokens, token_call
from tests.simulator.test_posting import purchase_entry_body

QUERY = {"$select": "ID", "$filter": "Code eq '4000'"}


def test_fail_next_answers_5xx_with_exact_error_json_then_recovers(api):
    control(api.sim, "faults", {"fail_next": 2, "error_status": 500})
    first, second = (api.get("financial/GLAccounts", **QUERY) for _ in range(2))
    third = api.get("financial/GLAccounts", **QUERY)
    assert (first.status_code, second.status_code, third.status_code) == (500, 500, 200)
    assert first.json()["error"]["message"]["value"]


def test_latency_delays_answers(api):
    control(api.sim, "faults", {"latency_ms": 300})
    started = time.monotonic()
    assert api.get("financial/GLAccounts", **QUERY).status_code == 200
    assert time.monotonic() - started >= 0.3


def test_timeout_after_commit_leaves_the_entry_although_the_client_got_no_answer(api):
    control(api.sim, "faults", {"timeout_after_commit": 1, "hang_seconds": 3})
    with pytest.raises(requests.exceptions.ReadTimeout):
        api.post("purchaseentry/PurchaseEntries", purchase_entry_body(api, "INV-T1"), timeout=0.5)

    found = api.rows(
        "purchaseentry/PurchaseEntries", **{"$filter": "YourRef eq 'INV-T1'", "$select": "EntryID"}
    )
    assert len(found) == 1
    posted = control(api.sim, "posted?entity=PurchaseEntries")["posted"]
    assert posted[0]["key"] == found[0]["EntryID"]
    assert "held back" in posted[0]["note"]


def test_expire_tokens_gives_401_and_an_immediate_refresh_works(sim, cfg, api):
    tokens = get_tokens(sim, cfg)
    control(sim, "faults", {"expire_tokens": True})
    assert api.get("financial/GLAccounts", **QUERY).status_code == 401
    refreshed = token_call(
        sim, cfg, grant_type="refresh_token", refresh_token=tokens["refresh_token"]
    )
    assert refreshed.status_code == 200, refreshed.text
    api.token = refreshed.json()["access_token"]
    assert api.get("financial/GLAccounts", **QUERY).status_code == 200


def test_unknown_fault_switch_is_refused(sim):
    response = requests.post(f"{sim.base_url}/_simulator/faults", json={"nope": 1}, timeout=5)
    assert response.status_code == 400
