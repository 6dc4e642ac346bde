"""Opening cases and recording what was checked; status changes live in ``transitions``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Case, Check
from cases.tasks import enqueue_posting
from cases.transitions import ActionRefused, TransitionNotAllowed, approve_case, retry_posting
from exactbridge.audit.services import record_event
from exactbridge.helpers.messages import Message, as_message


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check, before it is stored on a case. ``message`` is translated
    when it is read (a plain str is shown as it is)."""

    code: str
    severity: str
    message: Message | str
    details: dict[str, Any] | None = None

    def as_row(self, case: Case) -> Check:
        text, params = as_message(self.message).to_columns()
        return Check(
            case=case,
            code=self.code,
            severity=self.severity,
            message=text,
            params=params,
            details=self.details,
        )


def open_case(*, administration, document=None, actor=None, request=None) -> Case:
    with transaction.atomic():
        case = Case.objects.create(administration=administration, document=document)
        record_event(
            action="case.received",
            actor=actor,
            administration=administration,
            target=case,
            after={"document_id": document.pk if document else None, "status": case.status},
            request=request,
        )
    return case


def record_checks(*, case: Case, results: Iterable[CheckResult]) -> list[Check]:
    """Replace the case's checks with this run's results (checks re-run on every change)."""
    with transaction.atomic():
        case.checks.all().delete()
        return Check.objects.bulk_create(result.as_row(case) for result in results)


def record_case_viewed(*, case: Case, user, request=None) -> None:
    """Opening a case is an audit event too: who looked at which document, when."""
    record_event(
        action="case.viewed",
        actor=user,
        administration=case.administration_id,
        target=case,
        request=request,
    )


@dataclass(frozen=True)
class BulkOutcome:
    case: Case
    refusal: str | None  # None: approved


def approve_clean_cases(*, user, cases: Iterable[Case], request=None) -> list[BulkOutcome]:
    """Approve each case that passed every check, one by one under the usual rules.

    ``cases`` carry ``has_problems`` (see ``cases.selectors.case_list``). A case with a warning
    or an error is left for a person to open; every refusal comes back with its reason.
    """
    outcomes = []
    for case in cases:
        if case.has_problems:
            outcomes.append(
                BulkOutcome(case, _("It has warnings or errors; open it to approve it."))
            )
            continue
        try:
            approve_case(case, user=user, request=request)
        except ActionRefused as refused:
            outcomes.append(BulkOutcome(case, refused.reason))
        except TransitionNotAllowed as refused:
            outcomes.append(BulkOutcome(case, str(refused)))
        else:
            outcomes.append(BulkOutcome(case, None))
    return outcomes


def retry_case_posting(*, case: Case, user, request=None) -> Case:
    """Send a case whose posting failed to Exact again: POSTING_FAILED becomes POSTING (with
    its audit event) and the posting task is queued once that has committed. Raises
    ``TransitionNotAllowed`` from any other status."""
    with transaction.atomic():
        retried = retry_posting(case, user=user, request=request)
        enqueue_posting(retried.pk)
    return retried
