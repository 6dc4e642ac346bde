"""Background tasks of intake. Their dotted paths are public names: keep them stable."""

from django_q.tasks import async_task


def read_case(case_id: int) -> None:
    """Read the case's document: classify, extract, check. Safe to run twice."""
    from intake.pipeline import read_case_document

    read_case_document(case_id=case_id)


def enqueue_reading(case_id: int) -> None:
    async_task("intake.tasks.read_case", case_id, group="intake", task_name=f"read-case-{case_id}")
