"""The periodic jobs are installed from one table, idempotently, by a command run on deploy."""

import pytest
from django.core.management import call_command
from django_q.models import Schedule

from exactbridge.schedules import JOBS

pytestmark = pytest.mark.django_db


def test_install_schedules_installs_every_job_once_however_often_it_runs():
    call_command("install_schedules")
    call_command("install_schedules")

    assert Schedule.objects.count() == len(JOBS)
    for job in JOBS:
        schedule = Schedule.objects.get(name=job.name)
        assert schedule.func == job.func
        assert schedule.schedule_type == Schedule.MINUTES
        assert schedule.minutes == job.minutes


def test_the_mailboxes_and_folders_are_polled_every_minute():
    assert {(job.func, job.minutes) for job in JOBS} >= {
        ("intake.channels.tasks.poll_mailboxes", 1),
        ("intake.channels.tasks.poll_watched_folders", 1),
    }


def test_a_changed_job_is_put_back_as_the_table_says():
    call_command("install_schedules")
    Schedule.objects.filter(name=JOBS[0].name).update(minutes=60, func="somewhere.else")

    call_command("install_schedules")

    schedule = Schedule.objects.get(name=JOBS[0].name)
    assert (schedule.func, schedule.minutes) == (JOBS[0].func, JOBS[0].minutes)


def test_every_job_names_a_task_that_exists():
    from django.utils.module_loading import import_string

    for job in JOBS:
        assert callable(import_string(job.func))
