"""The simulator's own state: one stdlib sqlite3 file (or ``:memory:``), apart from the product's
database. One connection guarded by a re-entrant lock, so concurrent request threads serialize;
``atomic()`` groups several writes into one transaction (an entry and its lines commit together).

Rows are JSON documents keyed by (division, entity, key) with a per-division ``Timestamp``
(rowversion) bumped on every write, which is what the Sync API pages over.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS rows (
    division INTEGER, entity TEXT, key TEXT, ts INTEGER, data TEXT,
    PRIMARY KEY (division, entity, key));
CREATE INDEX IF NOT EXISTS rows_ts ON rows (division, entity, ts);
CREATE TABLE IF NOT EXISTS deleted (
    division INTEGER, ts INTEGER, data TEXT, PRIMARY KEY (division, ts));
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER);
CREATE TABLE IF NOT EXISTS kv (ns TEXT, key TEXT, data TEXT, PRIMARY KEY (ns, key));
CREATE TABLE IF NOT EXISTS posted (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT, division INTEGER, method TEXT, path TEXT,
    entity TEXT, key TEXT, status INTEGER, request TEXT, response TEXT, note TEXT);
"""


class Store:
    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._depth = 0
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.executescript(SCHEMA)

    def clone(self) -> Store:
        """An in-memory copy (tests seed once and copy per test)."""
        copy = Store(":memory:")
        with self._lock:
            self._db.backup(copy._db)
        return copy

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def atomic(self) -> Iterator[Store]:
        """Hold the lock and one transaction; nested calls join the outer one."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                if outer:
                    self._db.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self._db.execute("COMMIT")

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # --- entity rows -------------------------------------------------------------------------
    def next_value(self, name: str, start: int = 1) -> int:
        with self.atomic():
            row = self._query("SELECT value FROM counters WHERE name = ?", (name,))
            value = row[0][0] + 1 if row else start
            self._db.execute(
                "INSERT INTO counters (name, value) VALUES (?, ?) "
                "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                (name, value),
            )
            return value

    def get(self, division: int, entity: str, key: str) -> dict | None:
        rows = self._query(
            "SELECT data, ts FROM rows WHERE division = ? AND entity = ? AND key = ?",
            (division, entity, str(key)),
        )
        return _load(rows[0]) if rows else None

    def all(self, division: int, entity: str) -> list[dict]:
        """Every row of one entity in key order (the order Exact pages in)."""
        rows = self._query(
            "SELECT data, ts FROM rows WHERE division = ? AND entity = ? ORDER BY key",
            (division, entity),
        )
        return [_load(r) for r in rows]

    def put(self, division: int, entity: str, key: str, data: dict) -> dict:
        """Insert or replace; stamps a new Timestamp."""
        with self.atomic():
            ts = self.next_value(f"ts:{division}", start=1000)
            body = {k: v for k, v in data.items() if k != "Timestamp"}
            self._db.execute(
                "INSERT OR REPLACE INTO rows (division, entity, key, ts, data) VALUES (?,?,?,?,?)",
                (division, entity, str(key), ts, json.dumps(body)),
            )
            return {**body, "Timestamp": ts}

    def delete(self, division: int, entity: str, key: str, record: dict | None) -> None:
        """Remove a row; ``record`` (sync/Deleted fields) is logged when the type is tracked."""
        with self.atomic():
            self._db.execute(
                "DELETE FROM rows WHERE division = ? AND entity = ? AND key = ?",
                (division, entity, str(key)),
            )
            if record is not None:
                ts = self.next_value(f"ts:{division}", start=1000)
                self._db.execute(
                    "INSERT INTO deleted (division, ts, data) VALUES (?, ?, ?)",
                    (division, ts, json.dumps({**record, "Timestamp": ts})),
                )

    def deleted(self, division: int) -> list[dict]:
        rows = self._query("SELECT data FROM deleted WHERE division = ? ORDER BY ts", (division,))
        return [json.loads(r[0]) for r in rows]

    def count(self, division: int, entity: str) -> int:
        return self._query(
            "SELECT COUNT(*) FROM rows WHERE division = ? AND entity = ?", (division, entity)
        )[0][0]

    # --- key/value state (tokens, codes, config, deliveries) ---------------------------------
    def kv_get(self, ns: str, key: str) -> dict | None:
        rows = self._query("SELECT data FROM kv WHERE ns = ? AND key = ?", (ns, key))
        return json.loads(rows[0][0]) if rows else None

    def kv_put(self, ns: str, key: str, data: dict) -> None:
        with self.atomic():
            self._db.execute(
                "INSERT OR REPLACE INTO kv (ns, key, data) VALUES (?, ?, ?)",
                (ns, key, json.dumps(data)),
            )

    def kv_all(self, ns: str) -> dict[str, dict]:
        rows = self._query("SELECT key, data FROM kv WHERE ns = ? ORDER BY rowid", (ns,))
        return {k: json.loads(d) for k, d in rows}

    # --- what was posted ----------------------------------------------------------------------
    def log_write(self, **entry) -> None:
        with self.atomic():
            self._db.execute(
                "INSERT INTO posted (at, division, method, path, entity, key, status, request, "
                "response, note) VALUES (:at, :division, :method, :path, :entity, :key, :status, "
                ":request, :response, :note)",
                {"note": None, **entry, "request": json.dumps(entry["request"])},
            )

    def posted(self, entity: str | None = None) -> list[dict]:
        sql = (
            "SELECT seq, at, division, method, path, entity, key, status, note, request, response "
        )
        sql += (
            "FROM posted" + (" WHERE lower(entity) = lower(?)" if entity else "") + " ORDER BY seq"
        )
        rows = self._query(sql, (entity,) if entity else ())
        names = ("seq", "at", "division", "method", "path", "entity", "key", "status", "note")
        result = []
        for r in rows:
            item = dict(zip(names, r[:9], strict=True))
            item["request"] = json.loads(r[9])
            item["response"] = json.loads(r[10]) if r[10] else None
            result.append(item)
        return result


def _load(row: tuple) -> dict:
    data = json.loads(row[0])
    data["Timestamp"] = row[1]
    return data
