"""Exact's rate limits (reference §3): per app and division, 60 calls per fixed clock minute and
5,000 per UTC day (V). Calls whose URL has a division carry six ``X-RateLimit-*`` headers with
resets in epoch **milliseconds** (V). Over a limit: 429 with only the tripped set of headers (V).

Design choices (U in the reference): a refused call does not use budget; the 429 has no
``Retry-After``; its body is Exact's error JSON with the message below.
"""

from __future__ import annotations

import threading

from .clock import Clock

TOO_MANY = "API rate limit exceeded."


class RateLimiter:
    def __init__(self, clock: Clock, *, minutely: int = 60, daily: int = 5000) -> None:
        self.clock = clock
        self.minutely = minutely
        self.daily = daily
        self._lock = threading.Lock()
        self._minute: dict[tuple[str, int], tuple[int, int]] = {}  # (app, div) → (window, used)
        self._day: dict[tuple[str, int], tuple[int, int]] = {}

    def configure(self, *, minutely: int | None = None, daily: int | None = None) -> None:
        with self._lock:
            if minutely is not None:
                self.minutely = minutely
            if daily is not None:
                self.daily = daily

    def reset(self) -> None:
        with self._lock:
            self._minute.clear()
            self._day.clear()

    def hit(self, app: str, division: int) -> tuple[bool, list[tuple[str, str]]]:
        """Count one call; (allowed, headers)."""
        now = self.clock.now()
        minute = int(now // 60) * 60
        day = int(now // 86400) * 86400
        key = (app, division)
        with self._lock:
            m_window, m_used = self._minute.get(key, (minute, 0))
            if m_window != minute:
                m_used = 0
            d_window, d_used = self._day.get(key, (day, 0))
            if d_window != day:
                d_used = 0
            daily_headers = [
                ("X-RateLimit-Limit", str(self.daily)),
                ("X-RateLimit-Reset", str((day + 86400) * 1000)),
            ]
            minutely_headers = [
                ("X-RateLimit-Minutely-Limit", str(self.minutely)),
                ("X-RateLimit-Minutely-Reset", str((minute + 60) * 1000)),
            ]
            if d_used >= self.daily:
                return False, [*daily_headers, ("X-RateLimit-Remaining", "0")]
            if m_used >= self.minutely:
                return False, [*minutely_headers, ("X-RateLimit-Minutely-Remaining", "0")]
            m_used += 1
            d_used += 1
            self._minute[key] = (minute, m_used)
            self._day[key] = (day, d_used)
            return True, [
                *daily_headers,
                ("X-RateLimit-Remaining", str(self.daily - d_used)),
                *minutely_headers,
                ("X-RateLimit-Minutely-Remaining", str(self.minutely - m_used)),
            ]
