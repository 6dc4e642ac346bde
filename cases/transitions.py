"""The life cycle of a case: which status may follow which, and one function per transition.

Each function locks the case row, checks that the move is allowed from the status the case is
in *now*, writes the new status and the audit event in one transaction, and returns the fresh
case. A task that runs twice finds the case already moved and gets ``TransitionNotAllowed``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Case
from exactbridge.audit.chain import to_json_value
from exactbridge.audit.services import record_event

S = Case.Status

ALLOWED_TRANSITIONS: Mapping[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.READING, S.DUPLICATE, S.UNREADABLE}),
    S.READING: frozenset({S.NEEDS_REVIEW, S.READY_FOR_APPROVAL, S.DUPLICATE, S.UNREADABLE}),
    S.NEEDS_REVIEW: frozenset({S.READING, S.READY_FOR_APPROVAL, S.DUPLICATE, S.REJECTED}),
    S.READY_FOR_APPROVAL: frozenset(
        {S.NEEDS_REVIEW, S.APPROVED, S.POSTING, S.DUPLICATE, S.REJECTED}
    ),
    S.APPROVED: frozenset({S.NEEDS_REVIEW, S.POSTING, S.REJECTED}),
    S.POSTING: frozenset({S.POSTED, S.POSTING_FAILED}),
    S.POSTING_FAILED: frozenset({S.POSTING, S.NEEDS_REVIEW}),
    S.DUPLICATE: frozenset({S.NEEDS_REVIEW}),
    S.UNREADABLE: frozenset({S.READING, S.NEEDS_REVIEW}),
    S.REJECTED: frozenset(),
    S.POSTED: frozenset(),
}


class TransitionNotAllowed(Exception):
    def __init__(self, case: Case, to: str):
        self.case = case
        self.to = to
        super().__init__(
            _("Case #%(id)s is %(status)s; it cannot become %(to)s.")
            % {"id": case.pk, "status": case.get_status_display(), "to": S(to).label}
        )


def start_reading(case: Case, *, actor=None) -> Case:
    return _move(case, to=S.READING, action="reading_started", actor=actor)


def finish_reading(
    case: Case, *, needs_review: bool, reason: str = "", fields: dict[str, Any], actor=None
) -> Case:
    """Store what was read and put the case in the queue it belongs to."""
    to = S.NEEDS_REVIEW if needs_review else S.READY_FOR_APPROVAL
    return _move(case, to=to, action="read", actor=actor, reason=reason, fields=fields)


def mark_unreadable(
    case: Case, *, reason: str, fields: dict[str, Any] | None = None, actor=None
) -> Case:
    return _move(
        case, to=S.UNREADABLE, action="unreadable", actor=actor, reason=reason, fields=fields
    )


def mark_duplicate(
    case: Case, *, of: Case, reason: str, fields: dict[str, Any] | None = None, actor=None
) -> Case:
    return _move(
        case,
        to=S.DUPLICATE,
        action="duplicate",
        actor=actor,
        reason=reason,
        fields={**(fields or {}), "duplicate_of_id": of.pk},
    )


def _move(
    case: Case,
    *,
    to: str,
    action: str,
    actor=None,
    reason: str = "",
    fields: dict[str, Any] | None = None,
    request=None,
) -> Case:
    fields = fields or {}
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if to not in ALLOWED_TRANSITIONS[locked.status]:
            raise TransitionNotAllowed(locked, to)
        changed = ["status", "status_reason", *fields]
        before = {name: getattr(locked, name) for name in changed}
        locked.status = to
        locked.status_reason = reason
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*changed, "updated_at"])
        record_event(
            action=f"case.{action}",
            actor=actor,
            administration=locked.administration_id,
            target=locked,
            before=to_json_value(before),
            after=to_json_value({name: getattr(locked, name) for name in changed}),
            request=request,
        )
    return locked
