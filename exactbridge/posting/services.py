"""Posting a case into Exact, at most once (DESIGN.md, "The life of a purchase invoice", step 7).

``plan_posting`` records what will be posted for a case (the action and the request as it will
be sent) under a reference derived from the case. ``post_case`` is the task body; it may run
any number of times, in any number of workers, and the case still gets one entry:

1. a case that is posted is done; one ready to post moves to "posting";
2. ``states.claim`` marks the posting sent (with a lease) and commits, before any call;
3. when an earlier call may have reached Exact, the entry is looked for by its reference first;
4. otherwise it is posted, with the source document attached;
5. the outcome is kept: confirmed (entry id and number on the posting and the case, in one
   transaction), failed (Exact's message on the case, for a person), unknown (looked for on the
   next attempt), or waiting (nothing reached Exact: the case stays in posting with the reason).

Attempts that must wait get ``next_attempt_at``; ``resume_due_postings`` (run every minute)
sends them to the queue again. A worker that dies after Exact answered but before the outcome
was saved leaves the posting "sent": once its lease ends, the next attempt finds the entry.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from cases import transitions
from cases.models import Case
from exactbridge.helpers.messages import MessageError, message
from exactbridge.online.errors import (
    ExactError,
    ExactPermanentError,
    ExactRateLimited,
    ExactTransientError,
    ReconnectNeeded,
)
from exactbridge.posting import states
from exactbridge.posting.actions import Action, AttachedDocument, from_json, to_json
from exactbridge.posting.backends import PostingUnavailable, backend_for
from exactbridge.posting.models import Posting
from intake.storage import read_original

logger = logging.getLogger(__name__)

State = Posting.State
# Waits after an unknown outcome or an unreachable Exact: 1, 2, 4, … minutes, at most an hour.
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
RECONNECT_WAIT = timedelta(minutes=15)


class PostingNotChangeable(MessageError):
    """What is posted can no longer change: it is in Exact, or may be; ``message`` says so."""


def reference_for(case: Case) -> str:
    """The posting's unique reference, written into the entry in Exact."""
    return f"EB-{case.administration.code}-{case.pk}"


def plan_posting(*, case: Case, action: Action) -> Posting:
    """Record (or replace) what will be posted for ``case``; raises ``PostingUnavailable`` for
    an administration that cannot be posted to and ``PostingNotChangeable`` once it may be in
    Exact."""
    backend = backend_for(case.administration)
    reference = reference_for(case)
    values = {
        "administration_id": case.administration_id,
        "kind": action.kind,
        "reference": reference,
        "action": to_json(action),
        "payload": backend.preview(action, reference=reference),
    }
    with transaction.atomic():
        posting = Posting.objects.select_for_update().filter(case=case).first()
        if posting is None:
            return Posting.objects.create(case=case, **values)
        if posting.state not in (State.INTENDED, State.FAILED):
            raise PostingNotChangeable(
                message(
                    gettext_noop(
                        "Posting %(reference)s is %(state)s; what it posts cannot change now."
                    ),
                    reference=posting.reference,
                    state=State(posting.state).label,  # lazy: translated when shown
                )
            )
        for name, value in values.items():
            setattr(posting, name, value)
        posting.save()
    return posting


def post_case(*, case_id: int) -> str:
    """Bring the case into Exact once. Returns what happened, in a word, for the task log."""
    case = Case.objects.select_related("administration", "document").get(pk=case_id)
    if case.status == Case.Status.READY_TO_POST:
        try:
            case = transitions.start_posting(case)
        except transitions.TransitionNotAllowed:
            case.refresh_from_db()  # another worker started it a moment ago
    if case.status == Case.Status.POSTED:
        return "posted"
    if case.status != Case.Status.POSTING:
        return "not waiting to be posted"
    try:
        backend = backend_for(case.administration)
    except PostingUnavailable as exc:
        transitions.mark_posting_failed(case, reason=exc.message)
        return "failed"
    posting = Posting.objects.filter(case=case).first()
    if posting is None:
        transitions.mark_posting_failed(
            case,
            reason=message(gettext_noop("There is nothing to post: the case has no proposal.")),
        )
        return "failed"
    if posting.state == State.CONFIRMED:
        transitions.mark_posted(case, entry_id=posting.entry_id, entry_number=posting.entry_number)
        return "posted"
    document = _source_document(case)
    claimed = states.claim(posting, lease_seconds=settings.Q_CLUSTER["timeout"])
    if claimed is None:
        return "in progress elsewhere"
    posting = claimed.posting
    action = from_json(posting.action)
    try:
        entry = backend.find(action, reference=posting.reference) if claimed.look_first else None
        if entry is None:
            entry = backend.post(
                action,
                reference=posting.reference,
                document=document,
                resume=posting.attempts > 1,
            )
    except ReconnectNeeded as exc:
        return _wait(case, posting, claimed, exc, timezone.now() + RECONNECT_WAIT)
    except ExactRateLimited as exc:
        retry_at = datetime.fromtimestamp(exc.retry_at, tz=UTC)
        return _wait(case, posting, claimed, exc, max(retry_at, timezone.now()))
    except ExactTransientError as exc:
        retry_at = timezone.now() + _backoff(posting.attempts)
        if not exc.maybe_applied:
            return _wait(case, posting, claimed, exc, retry_at)
        states.mark_unknown(posting, error=str(exc), retry_at=retry_at)
        _note_waiting(case, exc)
        return "unknown"
    except ExactPermanentError as exc:
        with transaction.atomic():
            states.mark_failed(posting, error=str(exc))
            transitions.mark_posting_failed(case, reason=exc.message)
        return "failed"
    except Exception as exc:
        # A fault of ours after the call may have been made: treat it as an unknown outcome.
        states.mark_unknown(
            posting, error=repr(exc), retry_at=timezone.now() + _backoff(posting.attempts)
        )
        raise
    with transaction.atomic():
        states.confirm(posting, entry=entry)
        transitions.mark_posted(case, entry_id=entry.entry_id, entry_number=entry.entry_number)
    return "posted"


def due_postings(*, now: datetime | None = None) -> list[int]:
    """Ids of cases whose posting waits for another attempt that is due now."""
    now = now or timezone.now()
    waiting = Q(state__in=(State.INTENDED, State.UNKNOWN), next_attempt_at__lte=now)
    abandoned = Q(state=State.SENT, lease_until__lte=now)  # its worker died
    return list(
        Posting.objects.filter(waiting | abandoned, case__status=Case.Status.POSTING)
        .order_by("next_attempt_at", "id")
        .values_list("case_id", flat=True)
    )


def _wait(case: Case, posting: Posting, claimed, exc: ExactError, retry_at: datetime) -> str:
    states.release(posting, claimed=claimed, error=str(exc), retry_at=retry_at)
    _note_waiting(case, exc)
    return "waiting"


def _note_waiting(case: Case, exc: ExactError) -> None:
    transitions.mark_posting_waiting(
        case, reason=message(gettext_noop("Waiting for Exact: %(message)s"), message=exc.message)
    )


def _backoff(attempts: int) -> timedelta:
    return min(FIRST_WAIT * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def _source_document(case: Case) -> AttachedDocument | None:
    document = case.document
    if document is None:
        return None
    return AttachedDocument(
        filename=document.filename or f"{document.sha256[:16]}.pdf",
        data=read_original(document.sha256),
    )
