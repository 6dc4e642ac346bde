"""The simulator's clock: wall time plus an offset, or frozen, so tests can jump past token expiry
and rate-limit windows without sleeping."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

# Exact serves "local Exact time" (CET/CEST) encoded as epoch ms (reference §2.5, V). The simulator
# uses a fixed UTC+1 offset rather than a DST table: a design choice, since only the encoding rule
# (naive local time read as UTC) matters to a client.
LOCAL_OFFSET = timedelta(hours=1)


class Clock:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset = 0.0
        self._frozen: float | None = None

    def now(self) -> float:
        """Epoch seconds (UTC)."""
        with self._lock:
            if self._frozen is not None:
                return self._frozen
            return time.time() + self._offset

    def set(self, *, at: float | None = None, frozen: bool | None = None) -> None:
        with self._lock:
            current = self._frozen if self._frozen is not None else time.time() + self._offset
            target = current if at is None else at
            keep_frozen = (self._frozen is not None) if frozen is None else frozen
            self._offset = target - time.time()
            self._frozen = target if keep_frozen else None

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += seconds
            if self._frozen is not None:
                self._frozen += seconds

    def local_iso(self) -> str:
        """Current Exact local time, naive ISO with milliseconds."""
        moment = datetime.fromtimestamp(self.now(), UTC) + LOCAL_OFFSET
        return moment.replace(tzinfo=None).isoformat(timespec="milliseconds")

    def state(self) -> dict:
        now = self.now()
        return {
            "now": datetime.fromtimestamp(now, UTC).isoformat(),
            "epoch": now,
            "frozen": self._frozen is not None,
        }
