"""Writing the mirror: idempotent upserts, tombstones, and each entity's sync cursor.

The mirror knows nothing of Exact's HTTP API; ``exactbridge.online.sync`` reads Exact and hands
rows here already mapped to model fields. Every function can run twice with the same input
without changing the outcome, so a sync that crashed half-way is simply run again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from exactbridge.masterdata.models import SyncState

CHUNK = 500


@dataclass
class Counts:
    fetched: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def add(self, other: Counts) -> Counts:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def upsert_rows(
    *,
    model: type[models.Model],
    administration_id: int,
    rows: Sequence[Mapping[str, Any]],
    seen_at: datetime,
    key: str = "exact_id",
    scope: Mapping[str, Any] | None = None,
) -> Counts:
    """Create or update ``rows`` (model field values, each with ``key``) of one administration.

    A row older than the copy held (a lower ``exact_timestamp``, e.g. a late page of a sync
    that overlapped a newer one, or a copy of a row deleted meanwhile) is not written. Unchanged
    rows are only marked as seen. A tombstoned row that Exact serves again is revived.
    The caller holds the transaction.
    """
    scope = dict(scope or {})
    counts = Counts(fetched=len(rows))
    incoming = {row[key]: dict(row) for row in rows}
    if not incoming:
        return counts
    names = sorted({name for row in incoming.values() for name in row} - {key})
    base = model.objects.filter(administration_id=administration_id, **scope)
    existing: dict[Any, dict] = {}
    for chunk in _chunks(list(incoming)):
        for old in base.filter(**{f"{key}__in": chunk}).values(key, "deleted_at", *names):
            existing[old[key]] = old
    write, touch = [], []
    for value, row in incoming.items():
        old = existing.get(value)
        if old is None:
            counts.created += 1
            write.append(row)
        elif _is_stale(row, old) or _is_same(row, old, names):
            counts.unchanged += 1
            touch.append(value)
        else:
            counts.updated += 1
            write.append(row)
    if write:
        model.objects.bulk_create(
            [
                model(administration_id=administration_id, **scope, **row, seen_at=seen_at)
                for row in write
            ],
            update_conflicts=True,
            unique_fields=["administration", *scope, key],
            update_fields=[*names, "seen_at", "deleted_at"],
            batch_size=CHUNK,
        )
    for chunk in _chunks(touch):
        base.filter(**{f"{key}__in": chunk}).update(seen_at=seen_at)
    return counts


def _is_same(row: Mapping[str, Any], old: Mapping[str, Any], names: list[str]) -> bool:
    return old["deleted_at"] is None and all(old[n] == row.get(n) for n in names)


def _is_stale(row: Mapping[str, Any], old: Mapping[str, Any]) -> bool:
    new_ts, old_ts = row.get("exact_timestamp"), old.get("exact_timestamp")
    return new_ts is not None and old_ts is not None and new_ts < old_ts


def mark_deleted(
    *,
    model: type[models.Model],
    administration_id: int,
    exact_id: Any,
    timestamp: int | None,
    at: datetime,
) -> int:
    """Tombstone one row Exact deleted (``sync/Deleted``); 1 if a live row was marked.

    The row keeps the deletion's Timestamp so no older copy can overwrite the tombstone.
    """
    rows = model.objects.filter(administration_id=administration_id, exact_id=exact_id)
    if timestamp is not None:
        rows = rows.filter(Q(exact_timestamp__isnull=True) | Q(exact_timestamp__lt=timestamp))
    live = rows.filter(deleted_at__isnull=True).update(deleted_at=at, exact_timestamp=timestamp)
    if timestamp is not None:
        rows.update(exact_timestamp=timestamp)  # an earlier tombstone: keep the latest version
    return live


def mark_unseen_deleted(
    *,
    model: type[models.Model],
    administration_id: int,
    seen_before: datetime,
    at: datetime,
    scope: Mapping[str, Any] | None = None,
) -> int:
    """Tombstone the live rows not read since ``seen_before`` (a complete read has ended)."""
    return (
        model.objects.filter(
            administration_id=administration_id, deleted_at__isnull=True, **dict(scope or {})
        )
        .filter(seen_at__lt=seen_before)
        .update(deleted_at=at)
    )


def local_ids(
    *, model: type[models.Model], administration_id: int, exact_ids: Iterable[Any]
) -> dict[Any, int]:
    """{exact_id: pk} for the rows of ``exact_ids`` (to point lines at their header)."""
    found: dict[Any, int] = {}
    rows = model.objects.filter(administration_id=administration_id)
    for chunk in _chunks(list(exact_ids)):
        found.update(rows.filter(exact_id__in=chunk).values_list("exact_id", "pk"))
    return found


# --- the cursor of each entity -----------------------------------------------------------------
def sync_state(*, administration_id: int, entity: str) -> SyncState:
    state, _ = SyncState.objects.get_or_create(administration_id=administration_id, entity=entity)
    return state


def advance_cursor(
    *, state: SyncState, timestamp: int | None = None, modified: datetime | None = None
) -> None:
    """Move the cursor forward, never back (a full resync re-reads from 1 without undoing an
    incremental run that went further meanwhile). Call inside the page's transaction."""
    rows = SyncState.objects.filter(pk=state.pk)
    if timestamp is not None:
        rows.filter(last_timestamp__lt=timestamp).update(last_timestamp=timestamp)
        state.last_timestamp = max(state.last_timestamp, timestamp)
    if modified is not None:
        rows.filter(Q(last_modified__isnull=True) | Q(last_modified__lt=modified)).update(
            last_modified=modified
        )
        state.last_modified = max(filter(None, [state.last_modified, modified]))


def record_success(*, state: SyncState, counts: Counts, full: bool, started: datetime) -> None:
    now = timezone.now()
    changes = {
        "last_run_at": started,
        "last_success_at": now,
        "last_error": "",
        "last_error_at": None,
        "last_summary": counts.as_dict(),
    }
    if full:
        changes["last_full_sync_at"] = now
    with transaction.atomic():
        SyncState.objects.filter(pk=state.pk).update(**changes)
    for name, value in changes.items():
        setattr(state, name, value)


def record_error(*, state: SyncState, message: str, started: datetime) -> None:
    SyncState.objects.filter(pk=state.pk).update(
        last_run_at=started, last_error=message[:2000], last_error_at=timezone.now()
    )
    state.last_error = message[:2000]


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
