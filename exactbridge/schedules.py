"""The periodic jobs: one table, installed by ``manage.py install_schedules`` on every deploy.

Each job's ``name`` is its key: changing a row here and installing again updates the job in
place; a job removed here must be deleted by hand (or by a migration).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction


@dataclass(frozen=True)
class Job:
    name: str
    func: str  # the dotted path of a task: a public name
    minutes: int


JOBS = [
    Job("intake: poll mailboxes", "intake.channels.tasks.poll_mailboxes", minutes=1),
    Job("intake: poll watched folders", "intake.channels.tasks.poll_watched_folders", minutes=1),
    Job("posting: resume waiting postings", "cases.tasks.resume_postings", minutes=1),
    # A quiet incremental run costs about 20 of Exact's 5,000 daily calls.
    Job(
        "exact: sync master data",
        "exactbridge.masterdata.tasks.sync_all_administrations",
        minutes=30,
    ),
    # Catches deletions that no deletion log reports (bank accounts, receipts), weekly.
    Job(
        "exact: full master-data resync",
        "exactbridge.masterdata.tasks.sync_all_administrations_full",
        minutes=7 * 24 * 60,
    ),
    # The API call log is diagnostics only (exactbridge/online/retention.py).
    Job("exact: prune the API call log", "exactbridge.online.tasks.prune_api_log", minutes=24 * 60),
]


def install_schedules(jobs: list[Job] = JOBS) -> list[tuple[Job, bool]]:
    """Create or update each job's schedule; returns (job, created) pairs."""
    from django_q.models import Schedule

    installed = []
    with transaction.atomic():
        for job in jobs:
            _, created = Schedule.objects.update_or_create(
                name=job.name,
                defaults={
                    "func": job.func,
                    "schedule_type": Schedule.MINUTES,
                    "minutes": job.minutes,
                    "repeats": -1,
                },
            )
            installed.append((job, created))
    return installed
