"""Approvals given at the same moment are counted once each: the case row lock serialises them."""

from __future__ import annotations

import threading

import pytest
from django.db import connection as db_connection
from django.db import connections as db_connections

from cases.models import Case
from cases.transitions import ActionRefused, approve_case
from tests.cases.conftest import make_case

WORKERS = 6

pytestmark = pytest.mark.skipif(
    db_connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has no row locks and its in-memory test database cannot "
    "be shared by threads with their own connections",
)


def _race(case: Case, users: list) -> list[object]:
    barrier = threading.Barrier(len(users))
    results: list[object] = []

    def worker(user) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(approve_case(Case.objects.get(pk=case.pk), user=user).status)
        except ActionRefused as refused:
            results.append(refused)
        finally:
            db_connections.close_all()

    threads = [threading.Thread(target=worker, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@pytest.mark.postgres
def test_one_person_clicking_approve_many_times_approves_once(
    transactional_db, administration, accountant
):
    case = make_case(administration)

    results = _race(case, [accountant] * WORKERS)

    assert results.count(Case.Status.READY_TO_POST) == 1
    assert case.approvals.count() == 1


@pytest.mark.postgres
def test_two_approvers_at_once_make_the_case_ready_to_post(
    transactional_db, four_eyes, big_case, approver, second_approver
):
    results = _race(big_case, [approver, second_approver])

    assert sorted(results) == [Case.Status.APPROVED, Case.Status.READY_TO_POST]
    big_case.refresh_from_db()
    assert big_case.status == Case.Status.READY_TO_POST
