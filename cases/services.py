"""Opening cases and recording what was checked; status changes live in ``transitions``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from cases.models import Case, Check
from exactbridge.audit.services import record_event


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check, before it is stored on a case."""

    code: str
    severity: str
    message: str
    details: dict[str, Any] | None = None


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
        return Check.objects.bulk_create(
            Check(
                case=case,
                code=result.code,
                severity=result.severity,
                message=str(result.message),
                details=result.details,
            )
            for result in results
        )
