"""The log of Exact API calls keeps its retention: older calls are deleted in batches, by a
daily job and by ``manage.py prune_api_log``; newer ones stay."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exactbridge.online.models import ExactApiCall
from exactbridge.online.retention import prune_api_calls
from exactbridge.online.tasks import prune_api_log
from exactbridge.schedules import JOBS

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def logged(administration, *, days_ago: float, now: dt.datetime = NOW) -> ExactApiCall:
    call = ExactApiCall.objects.create(
        administration=administration,
        method="GET",
        path=f"/api/v1/1/crm/Accounts?age={days_ago}",
        status=200,
        duration_ms=12,
    )
    # created_at is set on insert; the age is given afterwards.
    ExactApiCall.objects.filter(pk=call.pk).update(created_at=now - dt.timedelta(days=days_ago))
    return call


def ages() -> list[float]:
    return sorted(
        float(path.split("age=")[1]) for path in ExactApiCall.objects.values_list("path", flat=True)
    )


def test_calls_older_than_the_retention_go_and_newer_ones_stay(
    administration, other_administration
):
    for days_ago in (0, 30, 89.9, 90.1, 200):
        logged(administration, days_ago=days_ago)
    logged(other_administration, days_ago=365)

    removed = prune_api_calls(older_than_days=90, now=NOW)

    assert removed == 3
    assert ages() == [0, 30, 89.9]


def test_the_retention_comes_from_the_setting(administration, settings):
    settings.EXACT_API_LOG_RETENTION_DAYS = 10
    logged(administration, days_ago=9)
    logged(administration, days_ago=11)

    assert prune_api_calls(now=NOW) == 1
    assert ages() == [9]


def test_a_large_backlog_is_deleted_a_batch_per_statement(administration):
    for days_ago in range(100, 107):
        logged(administration, days_ago=days_ago)
    logged(administration, days_ago=1)

    with CaptureQueriesContext(connection) as queries:
        removed = prune_api_calls(older_than_days=90, now=NOW, batch_size=3)

    deletes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("DELETE")]
    assert removed == 7
    assert len(deletes) == 3  # 3 + 3 + 1
    assert ages() == [1]


def test_nothing_to_prune_removes_nothing(administration):
    logged(administration, days_ago=1)

    assert prune_api_calls(older_than_days=90, now=NOW) == 0
    assert ages() == [1]


def test_a_retention_below_one_day_is_refused(administration):
    logged(administration, days_ago=0.5)

    with pytest.raises(ValueError):
        prune_api_calls(older_than_days=0, now=NOW)
    assert ages() == [0.5]


def test_the_command_prints_how_many_it_removed(administration, settings, capsys):
    settings.EXACT_API_LOG_RETENTION_DAYS = 90
    now = timezone.now()
    for days_ago in (1, 100, 120):
        logged(administration, days_ago=days_ago, now=now)

    call_command("prune_api_log")

    assert "Removed 2 Exact API calls older than 90 days." in capsys.readouterr().out
    assert ages() == [1]


def test_the_command_takes_another_retention_with_days(administration, capsys):
    now = timezone.now()
    for days_ago in (1, 5, 100):
        logged(administration, days_ago=days_ago, now=now)

    call_command("prune_api_log", "--days", "3")

    assert "Removed 2 Exact API calls older than 3 days." in capsys.readouterr().out
    assert ages() == [1]


def test_the_command_refuses_zero_days(administration):
    logged(administration, days_ago=1, now=timezone.now())

    with pytest.raises(CommandError, match="--days"):
        call_command("prune_api_log", "--days", "0")
    assert ages() == [1]


def test_pruning_runs_daily_as_a_scheduled_job(administration, settings):
    settings.EXACT_API_LOG_RETENTION_DAYS = 90
    [job] = [job for job in JOBS if job.func == "exactbridge.online.tasks.prune_api_log"]
    logged(administration, days_ago=91, now=timezone.now())
    logged(administration, days_ago=2, now=timezone.now())

    assert job.minutes == 24 * 60
    assert prune_api_log() == 1
    assert ages() == [2]
