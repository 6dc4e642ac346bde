"""``manage.py exact_simulator --list-posted`` reads the state file a run left behind."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from exactbridge.simulator.server import start_in_thread
from tests.simulator.conftest import Api, get_tokens
from tests.simulator.test_posting import purchase_entry_body


def test_list_posted_prints_what_a_run_received(tmp_path):
    state = tmp_path / "sim.sqlite3"
    running = start_in_thread(state=str(state))
    try:
        cfg = dict(running.simulator.config)
        api = Api(running, cfg["divisions"][0], get_tokens(running, cfg)["access_token"])
        entry = api.post("purchaseentry/PurchaseEntries", purchase_entry_body(api)).json()["d"]
    finally:
        running.stop()
    out = StringIO()
    call_command("exact_simulator", "--list-posted", "--state", str(state), stdout=out)
    printed = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(p["entity"], p["key"]) for p in printed] == [("PurchaseEntries", entry["EntryID"])]


def test_list_posted_without_state_file_is_an_error(tmp_path):
    with pytest.raises(CommandError):
        call_command("exact_simulator", "--list-posted", "--state", str(tmp_path / "none"))
