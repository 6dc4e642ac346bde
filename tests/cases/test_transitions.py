"""A case moves only along the allowed transitions, each one audited with before and after."""

import pytest

from cases.models import Case
from cases.services import open_case
from cases.transitions import (
    ALLOWED_TRANSITIONS,
    TransitionNotAllowed,
    finish_reading,
    mark_duplicate,
    mark_unreadable,
    start_reading,
)
from exactbridge.audit.models import AuditEvent
from exactbridge.audit.verify import verify_chain


@pytest.fixture
def case(administration):
    return open_case(administration=administration)


def test_every_status_has_its_allowed_successors_written_down():
    assert set(ALLOWED_TRANSITIONS) == set(Case.Status.values)
    assert ALLOWED_TRANSITIONS[Case.Status.POSTED] == frozenset()


def test_reading_then_review_is_audited_with_before_and_after(case, accountant):
    start_reading(case, actor=accountant)
    case = finish_reading(
        case, needs_review=True, reason="IBAN invalid", fields={"invoice_number": "F-1"}
    )

    assert case.status == Case.Status.NEEDS_REVIEW
    assert case.status_reason == "IBAN invalid"
    event = AuditEvent.objects.filter(action="case.read").get()
    assert event.before["status"] == "reading"
    assert event.after == {
        "status": "needs_review",
        "status_reason": "IBAN invalid",
        "status_reason_params": {},
        "invoice_number": "F-1",
    }
    assert verify_chain(event.chain).ok


def test_a_move_not_in_the_table_is_refused_and_changes_nothing(case):
    start_reading(case)
    case = finish_reading(case, needs_review=False, fields={})
    events_before = AuditEvent.objects.count()

    with pytest.raises(TransitionNotAllowed, match="cannot become"):
        start_reading(case)

    case.refresh_from_db()
    assert case.status == Case.Status.READY_FOR_APPROVAL
    assert AuditEvent.objects.count() == events_before


def test_a_stale_copy_cannot_move_a_case_that_moved_on(case):
    stale = Case.objects.get(pk=case.pk)
    mark_unreadable(case, reason="empty")

    with pytest.raises(TransitionNotAllowed):
        mark_duplicate(stale, of=case, reason="same bytes")


def test_duplicate_points_at_the_first_case(administration, case):
    second = open_case(administration=administration)

    second = mark_duplicate(second, of=case, reason="same file")

    assert second.status == Case.Status.DUPLICATE
    assert second.duplicate_of == case
