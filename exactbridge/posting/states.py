"""Every change of a ``Posting``'s state (see the model's docstring for their meaning).

``claim`` is the only way into ``sent``: under a row lock it checks that no live worker holds
the posting, counts the attempt and commits before the caller talks to Exact — the intent is
on disk before the call. A worker that dies while holding it leaves ``sent``; once its lease is
over the next claim treats that like ``unknown`` and the entry is looked for first. The other
functions leave ``sent`` with an "update … where state = 'sent'" and check the row count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from exactbridge.posting.actions import PostedEntry
from exactbridge.posting.models import Posting

State = Posting.State
ERROR_LENGTH = 2000


class PostingMoved(Exception):
    """The posting was not in the state this worker expected: another worker took it over."""


@dataclass(frozen=True)
class Claim:
    posting: Posting
    look_first: bool  # an earlier call may have made the entry: find it before posting


def claim(posting: Posting, *, lease_seconds: float) -> Claim | None:
    """Take the posting for one attempt; None while another worker holds it or when it is done."""
    now = timezone.now()
    with transaction.atomic():
        locked = Posting.objects.select_for_update().get(pk=posting.pk)
        if locked.state == State.CONFIRMED:
            return None
        if locked.state == State.SENT and locked.lease_until and locked.lease_until > now:
            return None
        look_first = locked.state in (State.SENT, State.UNKNOWN)
        locked.state = State.SENT
        locked.attempts += 1
        locked.lease_until = now + timedelta(seconds=lease_seconds)
        locked.next_attempt_at = None
        locked.save(
            update_fields=["state", "attempts", "lease_until", "next_attempt_at", "updated_at"]
        )
    return Claim(locked, look_first)


def confirm(posting: Posting, *, entry: PostedEntry) -> Posting:
    """Exact made (or already had) the entry."""
    return _leave_sent(
        posting,
        state=State.CONFIRMED,
        entry_id=entry.entry_id,
        entry_number=entry.entry_number,
        document_url=entry.document_url,
        confirmed_at=timezone.now(),
        last_error="",
    )


def mark_unknown(posting: Posting, *, error: str, retry_at: datetime) -> Posting:
    """The call may have reached Exact: look before the next attempt."""
    return _leave_sent(posting, state=State.UNKNOWN, last_error=error, next_attempt_at=retry_at)


def release(posting: Posting, *, claimed: Claim, error: str, retry_at: datetime) -> Posting:
    """The call certainly did not reach Exact (refused before it was sent, or a 429). Whatever an
    earlier attempt left unverified stays unverified."""
    state = State.UNKNOWN if claimed.look_first else State.INTENDED
    return _leave_sent(posting, state=state, last_error=error, next_attempt_at=retry_at)


def mark_failed(posting: Posting, *, error: str) -> Posting:
    """Exact refused the content; a person corrects the case and retries."""
    return _leave_sent(posting, state=State.FAILED, last_error=error)


def _leave_sent(posting: Posting, **changes) -> Posting:
    if "last_error" in changes:
        changes["last_error"] = changes["last_error"][:ERROR_LENGTH]
    changes.setdefault("next_attempt_at", None)
    # The attempt number tells this worker's claim from a later one made after its lease ended.
    mine = Posting.objects.filter(pk=posting.pk, state=State.SENT, attempts=posting.attempts)
    updated = mine.update(lease_until=None, updated_at=timezone.now(), **changes)
    if updated != 1:
        raise PostingMoved(f"Posting {posting.reference} is no longer being sent by this worker.")
    posting.refresh_from_db()
    return posting
