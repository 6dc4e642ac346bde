"""Background tasks of intake. Their dotted paths are public names: keep them stable."""

from django_q.tasks import async_task


def read_case(case_id: int) -> None:
    """Read the case's document: classify, extract, check. Safe to run twice."""
    from intake.pipeline import read_case_document

    read_case_document(case_id=case_id)


def enqueue_reading(case_id: int) -> None:
    async_task("intake.tasks.read_case", case_id, group="intake", task_name=f"read-case-{case_id}")


def learn_from_case(case_id: int) -> int:
    """After the final approval: where people corrected fields read from a page, remember
    where the right values stand, so this supplier's next invoice in this layout reads right.
    Returns how many fields were learned. Safe to run twice (a hint's count only grows)."""
    from intake.learning_flow import learn_from_approved_case

    return learn_from_approved_case(case_id=case_id)
