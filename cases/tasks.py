"""Background tasks of cases. Their dotted paths are public names: keep them stable."""

from django.db import transaction
from django_q.tasks import async_task


def post_case(case_id: int) -> str:
    """Bring the case into Exact, once. Safe to run twice, or in two workers at the same time."""
    from exactbridge.posting.services import post_case as post

    return post(case_id=case_id)


def resume_postings() -> int:
    """Every minute: queue again the postings whose next attempt is due."""
    from exactbridge.posting.services import due_postings

    case_ids = due_postings()
    for case_id in case_ids:
        _queue(case_id)
    return len(case_ids)


def enqueue_posting(case_id: int) -> None:
    """Queue the posting once the caller's transaction (the approval) has committed."""
    transaction.on_commit(lambda: _queue(case_id))


def enqueue_learning(case_id: int) -> None:
    """Intake learns from the corrections on an approved case (a task of intake's, named by its
    public dotted path so cases need not import intake)."""
    transaction.on_commit(
        lambda: async_task(
            "intake.tasks.learn_from_case", case_id, group="learning", task_name=f"learn-{case_id}"
        )
    )


def _queue(case_id: int) -> None:
    async_task("cases.tasks.post_case", case_id, group="posting", task_name=f"post-case-{case_id}")
