"""Keeping the master-data mirror current from Exact Online (reference §5, §6).

Each mirrored entity is one ``EntitySync``: the endpoint, the fields asked for (``$select``), how
a row becomes model fields, and how it is read:

- ``sync``: the Sync API, ``Timestamp gt <cursor>`` in Timestamp order, 1000 a page. Each page
  is saved in one transaction together with the new cursor, so a crash re-reads at most one page
  (and saving is idempotent). Deletions come from ``sync/Deleted`` by ``EntityType``.
- ``modified``: a classic endpoint without a Sync API, read with ``Modified ge <latest seen>``.
  Pages come in key order, not time order, so the cursor moves only after the whole read.
  Exact logs no deletions for these; a full resync finds them.
- ``snapshot``: small code tables without a Sync API, and the open-item lists (which hold open
  items only): read whole on every run; whatever was not read is tombstoned.

A full resync reads every entity from the start and tombstones the rows it did not see: that is
how deletions older than the two months ``sync/Deleted`` keeps, or on endpoints without it, end.
Rows are tombstoned rather than removed (``masterdata.models.base``).
"""

from exactbridge.online.sync.entities import (  # noqa: F401
    BY_DELETED_TYPE,
    ENTITIES,
    SUBSCRIBED_TOPICS,
    TOPIC_ENTITIES,
    EntitySync,
    Lines,
    map_line,
    map_row,
)
from exactbridge.online.sync.runner import (  # noqa: F401
    EntityResult,
    sync_administration,
    sync_deleted,
    sync_entity,
)
from exactbridge.online.sync.values import DELETED, PAGE  # noqa: F401
