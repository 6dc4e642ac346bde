"""The life cycle of a case: which status may follow which, and one function per transition.

Each function locks the case row, checks that the move is allowed from the status the case is
in *now*, writes the new status and the audit event in one transaction, and returns the fresh
case. A task that runs twice finds the case already moved and gets ``TransitionNotAllowed``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.approval_rules import approval_amount, approval_refusal, approvals_required
from cases.models import Approval, Case, Note
from cases.selectors import case_editor_ids, standing_approver_ids
from exactbridge.administrations.access import membership_for
from exactbridge.audit.chain import to_json_value
from exactbridge.audit.services import record_event
from exactbridge.helpers.messages import Message, as_message

S = Case.Status
# A reason is a Message (translated for each reader) or a text that is shown as it is: what a
# person typed, what Exact said.
Reason = Message | str

ALLOWED_TRANSITIONS: Mapping[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.READING, S.DUPLICATE, S.UNREADABLE}),
    # REJECTED from READING: a batch split into its invoices (``mark_split``) is done with.
    S.READING: frozenset(
        {S.NEEDS_REVIEW, S.READY_FOR_APPROVAL, S.DUPLICATE, S.UNREADABLE, S.REJECTED}
    ),
    S.NEEDS_REVIEW: frozenset({S.READING, S.READY_FOR_APPROVAL, S.DUPLICATE, S.REJECTED}),
    # Nothing reaches posting without its final approval: approving leads to READY_TO_POST.
    S.READY_FOR_APPROVAL: frozenset(
        {S.NEEDS_REVIEW, S.APPROVED, S.READY_TO_POST, S.DUPLICATE, S.REJECTED}
    ),
    S.APPROVED: frozenset({S.NEEDS_REVIEW, S.READY_TO_POST, S.REJECTED}),
    S.READY_TO_POST: frozenset({S.POSTING, S.NEEDS_REVIEW}),
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


class ActionRefused(Exception):
    """The action is not allowed for this person or with this input; ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def start_reading(case: Case, *, actor=None) -> Case:
    return _move(case, to=S.READING, action="reading_started", actor=actor)


def finish_reading(
    case: Case, *, needs_review: bool, reason: Reason = "", fields: dict[str, Any], actor=None
) -> Case:
    """Store what was read and put the case in the queue it belongs to."""
    to = S.NEEDS_REVIEW if needs_review else S.READY_FOR_APPROVAL
    return _move(case, to=to, action="read", actor=actor, reason=reason, fields=fields)


def mark_unreadable(
    case: Case, *, reason: Reason, fields: dict[str, Any] | None = None, actor=None
) -> Case:
    return _move(
        case, to=S.UNREADABLE, action="unreadable", actor=actor, reason=reason, fields=fields
    )


def mark_duplicate(
    case: Case, *, of: Case, reason: Reason, fields: dict[str, Any] | None = None, actor=None
) -> Case:
    return _move(
        case,
        to=S.DUPLICATE,
        action="duplicate",
        actor=actor,
        reason=reason,
        fields={**(fields or {}), "duplicate_of_id": of.pk},
    )


def mark_split(case: Case, *, reason: Reason, actor=None) -> Case:
    """A batch of invoices was split into one case per invoice: the batch itself is never
    approved or posted (its invoices are), so it leaves the work queues for "Rejected";
    ``reason`` names the invoices' cases."""
    return _move(case, to=S.REJECTED, action="split", actor=actor, reason=reason)


def mark_resplit(
    case: Case, *, reason: Reason, user, request=None, extra: dict[str, Any] | None = None
) -> Case:
    """A person corrected the split of a batch: its reason names the invoices it holds now."""
    return _change_reason(
        case,
        status=S.REJECTED,
        reason=reason,
        action="resplit",
        actor=user,
        request=request,
        extra=extra,
        even_if_unchanged=True,  # the split itself changed; the event records it
    )


def mark_reviewed(case: Case, *, user, request=None) -> Case:
    """A person has looked the case over: it goes to the approvers."""
    return _move(case, to=S.READY_FOR_APPROVAL, action="reviewed", actor=user, request=request)


def approve_case(case: Case, *, user, request=None) -> Case:
    """Record ``user``'s approval; the last approval needed moves the case on to posting.

    Refused with ``ActionRefused`` (its reason from ``approval_refusal``) when the rules say no.
    """
    with transaction.atomic():
        locked = _lock(case)
        refusal = approval_refusal(
            locked,
            user,
            membership_for(user, locked.administration_id),
            standing_approver_ids(locked),
            case_editor_ids(locked),
        )
        if refusal is not None:
            raise ActionRefused(refusal)
        approval = Approval.objects.create(case=locked, user=user, amount=approval_amount(locked))
        given = len(standing_approver_ids(locked))
        required = approvals_required(locked)
        to = S.READY_TO_POST if given >= required else S.APPROVED
        extra = {"approval_id": approval.pk, "approvals": given, "required": required}
        approved = _apply(
            locked, to=to, action="approved", actor=user, request=request, extra=extra
        )
        if to == S.READY_TO_POST:
            _after_final_approval(approved)
        return approved


def _after_final_approval(case: Case) -> None:
    from cases.tasks import enqueue_learning, enqueue_posting

    # What people corrected on a page-read invoice teaches the reader this supplier's layout.
    enqueue_learning(case.pk)
    if _has_posting_plan(case):
        enqueue_posting(case.pk)


def _has_posting_plan(case: Case) -> bool:
    """Posting starts by itself only when a proposal says what to post; without one the case
    waits in READY_TO_POST (the proposal is built by matching, a later step)."""
    from exactbridge.posting.models import Posting

    return Posting.objects.filter(case=case).exists()


def start_posting(case: Case, *, actor=None) -> Case:
    """The posting task takes up an approved case."""
    return _move(case, to=S.POSTING, action="posting_started", actor=actor)


def retry_posting(case: Case, *, user, request=None) -> Case:
    """A person has dealt with the reason posting failed and sends the case to Exact again."""
    with transaction.atomic():
        locked = _lock(case)
        if locked.status != S.POSTING_FAILED:
            raise TransitionNotAllowed(locked, S.POSTING)
        return _apply(locked, to=S.POSTING, action="posting_retried", actor=user, request=request)


def mark_posting_waiting(case: Case, *, reason: Reason) -> Case:
    """Posting cannot go on for now (Exact unreachable, connection to renew, daily budget
    spent); the case stays in posting with the reason, and is picked up again later."""
    return _change_reason(case, status=S.POSTING, reason=reason, action="posting_waiting")


def mark_posted(case: Case, *, entry_id: str, entry_number: str) -> Case:
    """Exact made the entry: its id and number are kept on the case."""
    return _move(
        case,
        to=S.POSTED,
        action="posted",
        fields={
            "exact_entry_id": entry_id,
            "exact_entry_number": entry_number,
            "posted_at": timezone.now(),
        },
    )


def mark_posting_failed(case: Case, *, reason: Reason) -> Case:
    """Exact refused the entry (``reason`` is its message); a person fixes it and retries."""
    return _move(case, to=S.POSTING_FAILED, action="posting_failed", reason=reason)


def reject_case(case: Case, *, user, reason: Reason, request=None) -> Case:
    reason = _required_reason(reason)
    return _move(case, to=S.REJECTED, action="rejected", actor=user, reason=reason, request=request)


def send_back_for_review(case: Case, *, user, reason: Reason, request=None) -> Case:
    """Back to the review queue; approvals given so far no longer count."""
    reason = _required_reason(reason)
    with transaction.atomic():
        locked = _lock(case)
        moved = _apply(
            locked,
            to=S.NEEDS_REVIEW,
            action="sent_back",
            actor=user,
            reason=reason,
            request=request,
        )
        locked.approvals.filter(withdrawn_at=None).update(withdrawn_at=timezone.now())
    return moved


def assign_case(case: Case, *, user, assignee, request=None) -> Case:
    """Give the case to ``assignee`` (a member who may work on it), or to nobody with None."""
    with transaction.atomic():
        locked = _lock(case)
        if assignee is not None:
            membership = membership_for(assignee, locked.administration_id)
            if membership is None or not membership.can_write or assignee.is_coworker:
                raise ActionRefused(
                    _("%(name)s cannot work on cases in this administration.")
                    % {"name": assignee.display_name}
                )
        before = {"assignee_id": locked.assignee_id}
        locked.assignee = assignee
        locked.save(update_fields=["assignee", "updated_at"])
        _record(
            locked,
            action="assigned",
            actor=user,
            request=request,
            before=before,
            after={"assignee_id": locked.assignee_id},
        )
    return locked


def add_note(case: Case, *, user, text: str, request=None) -> Note:
    text = text.strip()
    if not text:
        raise ActionRefused(_("A note needs some text."))
    with transaction.atomic():
        locked = _lock(case)
        note = Note.objects.create(case=locked, author=user, text=text)
        _record(
            locked,
            action="note_added",
            actor=user,
            request=request,
            after={"note_id": note.pk, "text": text},
        )
    return note


def _required_reason(reason: Reason) -> Reason:
    if isinstance(reason, str):
        reason = reason.strip()
    if not reason:
        raise ActionRefused(_("Please give a reason."))
    return reason


REASON_FIELDS = ("status_reason", "status_reason_params")


def _set_reason(case: Case, reason: Reason) -> None:
    case.status_reason, case.status_reason_params = as_message(reason).to_columns()


def _reason_columns(case: Case) -> dict[str, Any]:
    return {name: getattr(case, name) for name in REASON_FIELDS}


def _change_reason(
    case: Case,
    *,
    status: str,
    reason: Reason,
    action: str,
    actor=None,
    request=None,
    extra: dict[str, Any] | None = None,
    even_if_unchanged: bool = False,
) -> Case:
    """A new reason for a case that stays in ``status``; recorded only when it changed, unless
    ``even_if_unchanged``."""
    with transaction.atomic():
        locked = _lock(case)
        if locked.status != status:
            raise TransitionNotAllowed(locked, status)
        before = _reason_columns(locked)
        _set_reason(locked, reason)
        if _reason_columns(locked) == before and not even_if_unchanged:
            return locked
        locked.save(update_fields=[*REASON_FIELDS, "updated_at"])
        _record(
            locked,
            action=action,
            actor=actor,
            request=request,
            before=before,
            after={**_reason_columns(locked), **(extra or {})},
        )
    return locked


def _lock(case: Case) -> Case:
    # Lock the case row only; the administration is read along, not locked.
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("administration")
        .get(pk=case.pk)
    )


def _move(
    case: Case,
    *,
    to: str,
    action: str,
    actor=None,
    reason: Reason = "",
    fields: dict[str, Any] | None = None,
    request=None,
) -> Case:
    with transaction.atomic():
        return _apply(
            _lock(case),
            to=to,
            action=action,
            actor=actor,
            reason=reason,
            fields=fields,
            request=request,
        )


def _apply(
    locked: Case,
    *,
    to: str,
    action: str,
    actor=None,
    reason: Reason = "",
    fields: dict[str, Any] | None = None,
    request=None,
    extra: dict[str, Any] | None = None,
) -> Case:
    """Move a case locked by the caller's transaction; ``extra`` goes into the event only."""
    fields = fields or {}
    if to not in ALLOWED_TRANSITIONS[locked.status]:
        raise TransitionNotAllowed(locked, to)
    changed = ["status", *REASON_FIELDS, *fields]
    before = {name: getattr(locked, name) for name in changed}
    locked.status = to
    _set_reason(locked, reason)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*changed, "updated_at"])
    after = {name: getattr(locked, name) for name in changed}
    _record(
        locked,
        action=action,
        actor=actor,
        request=request,
        before=before,
        after={**after, **(extra or {})},
    )
    return locked


def _record(locked: Case, *, action: str, actor, request, before=None, after=None) -> None:
    record_event(
        action=f"case.{action}",
        actor=actor,
        administration=locked.administration_id,
        target=locked,
        before=to_json_value(before),
        after=to_json_value(after),
        request=request,
    )
