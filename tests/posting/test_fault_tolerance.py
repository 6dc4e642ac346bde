"""200 postings while Exact times out after committing, answers 5xx, and workers die between
Exact's answer and our bookkeeping: every case is posted, and Exact holds exactly 200 entries."""

from __future__ import annotations

import itertools
import time

import pytest

from cases.models import Case
from exactbridge.online import http
from exactbridge.posting import states
from exactbridge.posting.services import post_case
from tests.online.simulator import control
from tests.posting.conftest import purchase_action, ready_to_post

CASES = 200
STEPS = {
    "Documents": "documents/Documents",
    "Attachments": "documents/DocumentAttachments",
    "Entry": "purchaseentry/PurchaseEntries",
}
# Timeouts after commit and 5xx at each of the three calls, and a worker killed after the entry.
FAULTS = [(kind, step) for kind in ("timeout", "5xx") for step in STEPS] + [("killed", "Entry")]


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: no ``except Exception`` in the worker gets to run."""


@pytest.fixture
def fast_faults(sim, settings):
    settings.EXACT_ONLINE_TIMEOUT = 0.5
    # A dead worker's lease ends at once, as if the task timeout had passed.
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": 0}
    control(sim, "config", {"minutely_limit": 100_000, "daily_limit": 100_000})
    control(sim, "faults", {"hang_seconds": 1})


def test_200_postings_with_20_percent_faults_make_exactly_200_entries(
    sim, fast_faults, connected, demo, approver, pdf, monkeypatch
):
    started = time.monotonic()
    cases = [
        ready_to_post(
            connected.administration,
            approver,
            data=pdf + f"\n% {n}\n".encode(),  # distinct bytes: not a duplicate
            filename=f"invoice-{n}.pdf",
            action=purchase_action(demo, f"F-{n:04d}", amount=f"{100 + n}.00"),
        )
        for n in range(CASES)
    ]
    print(f"{CASES} cases ready to post in {time.monotonic() - started:.1f} s")
    # Every fifth case meets one fault, the kinds in turn.
    faults = itertools.cycle(FAULTS)
    planned = {case.pk: next(faults) for case in cases[::5]}
    expected = {
        kind: sum(f[0] == kind for f in planned.values()) for kind in ("timeout", "5xx", "killed")
    }
    current: dict = {}

    real_send = http.send

    def send_with_faults(**kwargs):
        fault = planned.get(current["case"])
        if fault and kwargs["method"] == "POST" and STEPS[fault[1]] in kwargs["url"]:
            if fault[0] == "timeout":
                control(sim, "faults", {"timeout_after_commit": 1})
            elif fault[0] == "5xx":
                control(sim, "faults", {"fail_next": 1})
            planned.pop(current["case"])
            current["fired"] = fault
        return real_send(**kwargs)

    real_confirm = states.confirm

    def confirm_unless_killed(posting, **kwargs):
        if current.pop("fired", ("",))[0] == "killed":
            raise WorkerKilled  # Exact made the entry; the worker dies before saving it
        return real_confirm(posting, **kwargs)

    monkeypatch.setattr(http, "send", send_with_faults)
    monkeypatch.setattr(states, "confirm", confirm_unless_killed)
    started = time.monotonic()
    outcomes: dict[str, int] = {}
    for _ in range(5):
        waiting = Case.objects.exclude(status=Case.Status.POSTED).values_list("pk", flat=True)
        for case_id in waiting:
            current.clear()
            current["case"] = case_id
            try:
                outcome = post_case(case_id=case_id)
            except WorkerKilled:
                outcome = "killed"
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    seconds = time.monotonic() - started

    print(f"{CASES} postings in {seconds:.1f} s; outcomes: {outcomes}")
    assert not planned  # every planned fault happened
    assert outcomes["unknown"] == expected["timeout"] + expected["5xx"]
    assert outcomes["killed"] == expected["killed"]
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == {Case.Status.POSTED}
    posted = control(sim, "posted")["posted"]
    made = [row for row in posted if row["entity"] == "PurchaseEntries" and row["status"] == 201]
    references = {row["request"]["ExternalLinkReference"] for row in made}
    assert len(made) == len(references) == CASES
    for entity in ("Documents", "DocumentAttachments"):
        assert sum(row["entity"] == entity and row["status"] == 201 for row in posted) == CASES
    entry_ids = set(Case.objects.values_list("exact_entry_id", flat=True))
    assert entry_ids == {row["key"] for row in made}
