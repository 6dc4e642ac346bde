"""Background entry points of the mirror (django-q2). Thin: ids in, one call to the sync.

Their dotted paths are public names (schedules and queued tasks refer to them). Every one may
run twice: the sync is idempotent and failures end up in ``SyncState``, not as exceptions.
"""

from __future__ import annotations

from exactbridge.administrations.models import Administration
from exactbridge.online.models import ExactOnlineConnection


def sync_administration(administration_id: int, full: bool = False) -> None:
    from exactbridge.online import sync

    administration = Administration.objects.filter(pk=administration_id).first()
    if administration is not None:
        sync.sync_administration(administration=administration, full=full)


def sync_all_administrations(full: bool = False) -> None:
    """The scheduled run: every administration connected to Exact Online."""
    from exactbridge.online import sync

    connected = ExactOnlineConnection.objects.filter(
        status=ExactOnlineConnection.Status.CONNECTED, division__isnull=False
    ).select_related("administration")
    for connection in connected:
        sync.sync_administration(administration=connection.administration, full=full)


def sync_entities(administration_id: int, entities: list[str]) -> None:
    """A targeted incremental sync, e.g. after a webhook notification."""
    from exactbridge.online import sync

    connection = ExactOnlineConnection.objects.filter(administration_id=administration_id).first()
    if connection is None or connection.division is None:
        return
    for entity in entities:
        if entity in sync.ENTITIES:
            result = sync.sync_entity(connection=connection, entity=entity)
            if result.stop:
                return


def sync_all_administrations_full() -> None:
    sync_all_administrations(full=True)
