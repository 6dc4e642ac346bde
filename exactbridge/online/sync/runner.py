"""Running a sync: reading pages from Exact and saving them with their cursor."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from exactbridge.administrations.models import Administration
from exactbridge.masterdata import mirror
from exactbridge.online import odata
from exactbridge.online.client import ExactOnlineClient
from exactbridge.online.errors import ExactError, ExactRateLimited, ReconnectNeeded
from exactbridge.online.models import ExactOnlineConnection
from exactbridge.online.sync.entities import (
    BY_DELETED_TYPE,
    ENTITIES,
    EntitySync,
    Lines,
    map_line,
    map_row,
)
from exactbridge.online.sync.values import DELETED, PAGE, guid, moment

logger = logging.getLogger(__name__)


# --- running -----------------------------------------------------------------------------------
@dataclass
class EntityResult:
    entity: str
    counts: mirror.Counts = field(default_factory=mirror.Counts)
    seconds: float = 0.0
    error: str = ""
    stop: bool = False  # nothing more can be read now (reconnect needed, daily limit spent)


def sync_administration(
    *, administration: Administration, full: bool = False
) -> list[EntityResult]:
    """Every entity, then the deletions Exact logged. Expected failures (reconnect needed, a
    spent daily limit, Exact refusing one endpoint) become the entity's SyncState error; nothing
    is raised, so a scheduled task ends cleanly."""
    connection = ExactOnlineConnection.objects.filter(administration=administration).first()
    if connection is None or connection.division is None:
        return [EntityResult("connection", error="Exact Online is not connected.", stop=True)]
    client = ExactOnlineClient(connection)
    results = []
    for name in ENTITIES:
        result = sync_entity(
            connection=connection, entity=name, full=full, client=client, deletions=False
        )
        results.append(result)
        if result.stop:
            return results
    try:
        deleted = sync_deleted(connection=connection, client=client)
    except ExactError as exc:
        state = mirror.sync_state(administration_id=administration.pk, entity=DELETED)
        mirror.record_error(state=state, message=str(exc), started=timezone.now())
        results.append(EntityResult(DELETED, error=str(exc)))
        return results
    for result in results:
        result.counts.deleted += deleted.pop(result.entity, 0)
    return results


def sync_entity(
    *,
    connection: ExactOnlineConnection,
    entity: str,
    full: bool = False,
    client: ExactOnlineClient | None = None,
    deletions: bool = True,
) -> EntityResult:
    """Bring one entity up to date (``full``: from the start, tombstoning what Exact no longer
    has). With ``deletions``, ``sync/Deleted`` is read afterwards too (all types are applied)."""
    spec = ENTITIES[entity]
    client = client or ExactOnlineClient(connection)
    administration_id = connection.administration_id
    state = mirror.sync_state(administration_id=administration_id, entity=entity)
    started, clock = timezone.now(), time.monotonic()
    result = EntityResult(entity)
    try:
        READERS[spec.mode](client, spec, state, full, started, result.counts)
        if full or spec.mode == "snapshot":
            result.counts.deleted += mirror.mark_unseen_deleted(
                model=spec.model,
                administration_id=administration_id,
                seen_before=started,
                at=timezone.now(),
                scope=spec.scope,
            )
        if deletions and spec.deleted_type is not None:
            result.counts.deleted += sync_deleted(connection=connection, client=client).get(
                entity, 0
            )
    except ExactError as exc:
        result.error = str(exc)
        result.stop = isinstance(exc, ReconnectNeeded) or (
            isinstance(exc, ExactRateLimited) and exc.daily
        )
        mirror.record_error(state=state, message=result.error, started=started)
        logger.warning(
            "exact sync %s of administration %s failed: %s", entity, administration_id, exc
        )
    else:
        mirror.record_success(state=state, counts=result.counts, full=full, started=started)
    result.seconds = time.monotonic() - clock
    return result


def sync_deleted(
    *, connection: ExactOnlineConnection, client: ExactOnlineClient | None = None
) -> dict[str, int]:
    """Apply ``sync/Deleted`` since its own cursor; {entity: rows tombstoned}."""
    client = client or ExactOnlineClient(connection)
    administration_id = connection.administration_id
    state = mirror.sync_state(administration_id=administration_id, entity=DELETED)
    started = timezone.now()
    counts: dict[str, int] = {}

    def save(rows: list[dict]) -> None:
        with transaction.atomic():
            for row in rows:
                spec = BY_DELETED_TYPE.get(row.get("EntityType"))
                if spec is None:
                    continue
                counts[spec.name] = counts.get(spec.name, 0) + mirror.mark_deleted(
                    model=spec.model,
                    administration_id=administration_id,
                    exact_id=guid(row["EntityKey"]),
                    timestamp=int(row["Timestamp"]),
                    at=timezone.now(),
                )
            mirror.advance_cursor(state=state, timestamp=max(int(r["Timestamp"]) for r in rows))

    rows = client.get_collection(
        "sync/Deleted",
        select=["Timestamp", "EntityKey", "EntityType"],
        filter=odata.compare("Timestamp", "gt", state.last_timestamp),
    )
    for page in _pages(rows):
        save(page)
    mirror.record_success(
        state=state, counts=mirror.Counts(deleted=sum(counts.values())), full=False, started=started
    )
    return counts


def _read_sync(client, spec: EntitySync, state, full: bool, started, counts) -> None:
    cursor = 1 if full else state.last_timestamp
    rows = client.get_collection(
        spec.path,
        select=spec.select(),
        filter=odata.compare("Timestamp", "gt", cursor),
        expand=[spec.lines.prop] if spec.lines else None,
    )
    for page in _pages(rows):
        with transaction.atomic():
            counts.add(_save(spec, state.administration_id, page))
            mirror.advance_cursor(state=state, timestamp=max(int(r["Timestamp"]) for r in page))


def _read_modified(client, spec: EntitySync, state, full: bool, started, counts) -> None:
    since = None if full else state.last_modified
    rows = client.get_collection(
        spec.path,
        select=spec.select(),
        # ``ge``: rows changed in the same second as the last one seen are read again (harmless).
        filter=odata.compare("Modified", "ge", since) if since else None,
        expand=[spec.lines.prop] if spec.lines else None,
    )
    latest = None
    for page in _pages(rows):
        with transaction.atomic():
            counts.add(_save(spec, state.administration_id, page))
        latest = max(
            filter(None, [latest, *(moment(r.get("Modified")) for r in page)]), default=None
        )
    if latest is not None:
        mirror.advance_cursor(state=state, modified=latest)


def _read_snapshot(client, spec: EntitySync, state, full: bool, started, counts) -> None:
    for page in _pages(client.get_collection(spec.path, select=spec.select())):
        with transaction.atomic():
            counts.add(_save(spec, state.administration_id, page))


READERS = {"sync": _read_sync, "modified": _read_modified, "snapshot": _read_snapshot}


def _save(spec: EntitySync, administration_id: int, page: list[dict]) -> mirror.Counts:
    seen_at = timezone.now()
    counts = mirror.upsert_rows(
        model=spec.model,
        administration_id=administration_id,
        rows=[map_row(spec, row) for row in page],
        seen_at=seen_at,
        key=spec.model_key,
        scope=spec.scope,
    )
    if spec.lines:
        _save_lines(spec.lines, spec.model, administration_id, page, spec.key, seen_at)
    return counts


def _save_lines(
    lines: Lines, header_model, administration_id: int, page, key: str, seen_at
) -> None:
    """The expanded lines are the header's complete set: lines no longer in it are tombstoned."""
    headers = mirror.local_ids(
        model=header_model,
        administration_id=administration_id,
        exact_ids=[guid(r[key]) for r in page],
    )
    rows, parents = [], []
    for row in page:
        expanded = row.get(lines.prop)
        results = expanded.get("results") if isinstance(expanded, dict) else expanded
        if not isinstance(results, list):
            continue  # not expanded: leave the lines as they are
        parent = headers[guid(row[key])]
        parents.append(parent)
        rows += [{**map_line(lines, line), f"{lines.parent}_id": parent} for line in results]
    mirror.upsert_rows(
        model=lines.model, administration_id=administration_id, rows=rows, seen_at=seen_at
    )
    mirror.mark_unseen_deleted(
        model=lines.model,
        administration_id=administration_id,
        seen_before=seen_at,
        at=seen_at,
        scope={f"{lines.parent}_id__in": parents},
    )


def _pages(rows: Iterable[dict], size: int = PAGE) -> Iterable[list[dict]]:
    """Groups of ``size`` rows: with Exact's page size, each group is one page of the answer, and
    the next page is only asked for once the group has been saved."""
    page: list[dict] = []
    for row in rows:
        page.append(row)
        if len(page) >= size:
            yield page
            page = []
    if page:
        yield page
