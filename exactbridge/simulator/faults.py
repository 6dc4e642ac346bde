"""Fault switches, set through ``POST /_simulator/faults`` (see :mod:`exactbridge.simulator.app`).

- ``latency_ms``: every Exact-shaped request waits this long first.
- ``error_rate`` (0..1) and ``error_status`` (default 503): random server errors, from a seeded
  random generator so a run repeats.
- ``fail_next``: the next N Exact-shaped requests answer ``error_status`` without doing anything.
- ``timeout_after_commit``: the next N writes (POST/PUT/DELETE) are committed, then the answer is
  held back for ``hang_seconds`` (default 30) — the client times out although the entry exists
  (reference §2.4 and pitfall 17: POST is not idempotent).
"""

from __future__ import annotations

import random
import threading

FIELDS = {
    "latency_ms": int,
    "error_rate": float,
    "error_status": int,
    "fail_next": int,
    "timeout_after_commit": int,
    "hang_seconds": float,
}


class Faults:
    def __init__(self, seed: str = "demo") -> None:
        self._lock = threading.Lock()
        self._random = random.Random(f"faults:{seed}")  # noqa: S311 - simulation, not security
        self.stopping = threading.Event()
        self.latency_ms = 0
        self.error_rate = 0.0
        self.error_status = 503
        self.fail_next = 0
        self.timeout_after_commit = 0
        self.hang_seconds = 30.0

    def update(self, changes: dict) -> dict:
        """Apply known switches; unknown names raise KeyError, bad values ValueError."""
        with self._lock:
            for name, value in changes.items():
                if name not in FIELDS:
                    raise KeyError(name)
                setattr(self, name, FIELDS[name](value))
            if not 500 <= self.error_status <= 599:
                raise ValueError("error_status must be a 5xx code")
        return self.state()

    def state(self) -> dict:
        return {name: getattr(self, name) for name in FIELDS}

    def before_request(self) -> int | None:
        """Sleep the latency; the 5xx status to answer with, or None to go on."""
        if self.latency_ms:
            self.stopping.wait(self.latency_ms / 1000)
        with self._lock:
            if self.fail_next > 0:
                self.fail_next -= 1
                return self.error_status
            if self.error_rate and self._random.random() < self.error_rate:
                return self.error_status
        return None

    def take_timeout(self) -> bool:
        with self._lock:
            if self.timeout_after_commit > 0:
                self.timeout_after_commit -= 1
                return True
        return False

    def hang(self) -> None:
        """Hold the answer back; returns early when the server stops."""
        self.stopping.wait(self.hang_seconds)
