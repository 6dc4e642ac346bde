"""How long the log of Exact API calls is kept.

``ExactApiCall`` rows are diagnostics for administrators (the connection page and the admin
show them); nothing else reads them: posting finds its own entries again through the
``Posting`` row and the reference written into Exact, the rate budget lives in ``RateBudget``,
and the audit trail is its own chain. So rows past the retention can simply go.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from exactbridge.online.models import ExactApiCall

BATCH_SIZE = 1_000


def prune_api_calls(
    *,
    older_than_days: int | None = None,
    now: dt.datetime | None = None,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Delete the calls logged more than ``older_than_days`` days before ``now`` (default:
    ``EXACT_API_LOG_RETENTION_DAYS`` before the current time), oldest first; returns how many.

    Deletes ``batch_size`` rows per statement, each committed on its own (autocommit), so a
    large backlog never holds a long lock on the table that every call to Exact writes to.
    """
    days = settings.EXACT_API_LOG_RETENTION_DAYS if older_than_days is None else older_than_days
    if days < 1:
        raise ValueError("Calls are kept at least one day.")
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    expired = ExactApiCall.objects.filter(created_at__lt=cutoff).order_by("created_at", "id")
    removed = 0
    while batch := list(expired.values_list("id", flat=True)[:batch_size]):
        deleted, _ = ExactApiCall.objects.filter(id__in=batch).delete()
        removed += deleted
    return removed
