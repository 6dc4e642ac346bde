"""Exact's rate limits shared by every worker of an administration (reference §3, V).

Exact counts 60 calls per clock minute and 5,000 per day per app and division, and reports what
is left in ``X-RateLimit-*`` headers (resets in epoch milliseconds). A 429 happens as soon as the
count is spent, whichever process made the calls; so the budget lives in one database row per
administration (``RateBudget``):

- ``reserve`` takes one call from the budget under a row lock before each counted call. When the
  minute is spent it waits for the reset instead of running into a 429; when the day is spent it
  raises ``ExactRateLimited`` (waiting hours is the scheduler's business, not a worker's).
- ``record`` folds each answer's headers back in. Within one window it keeps the lower of our
  count and Exact's, since calls reserved by other workers may still be in flight.

Why a row and not the cache: the default cache is Django's database cache, whose ``incr`` is a
read-then-write without a lock, so two workers could both take the last call of a minute. A
locked row is atomic on PostgreSQL (``SELECT … FOR UPDATE``) and on SQLite (the IMMEDIATE
transactions of settings.py serialize writers), with or without Redis.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction

from exactbridge.online.clock import Clock
from exactbridge.online.errors import ExactRateLimited
from exactbridge.online.models import RateBudget

MINUTE_MS = 60_000
DAY_MS = 86_400_000
# Exact's minute reset is only minute-precise and clocks differ a little: wake up a bit late.
WAKE_MARGIN = 0.25


@dataclass(frozen=True)
class Reported:
    """The ``X-RateLimit-*`` values of one answer; either set may be missing (reference §3)."""

    minutely_limit: int | None = None
    minutely_remaining: int | None = None
    minutely_reset_ms: int | None = None
    daily_limit: int | None = None
    daily_remaining: int | None = None
    daily_reset_ms: int | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> Reported:
        def number(name: str) -> int | None:
            value = headers.get(name)
            try:
                return int(value) if value is not None else None
            except ValueError:
                return None

        return cls(
            minutely_limit=number("X-RateLimit-Minutely-Limit"),
            minutely_remaining=number("X-RateLimit-Minutely-Remaining"),
            minutely_reset_ms=number("X-RateLimit-Minutely-Reset"),
            daily_limit=number("X-RateLimit-Limit"),
            daily_remaining=number("X-RateLimit-Remaining"),
            daily_reset_ms=number("X-RateLimit-Reset"),
        )

    @property
    def has_minutely(self) -> bool:
        return self.minutely_remaining is not None and self.minutely_reset_ms is not None

    @property
    def has_daily(self) -> bool:
        return self.daily_remaining is not None and self.daily_reset_ms is not None


def reserve(*, administration_id: int, clock: Clock) -> None:
    """Take one call from the shared budget; waits while the minute is spent."""
    while True:
        wait = _take_one(administration_id, clock.now())
        if wait <= 0:
            return
        clock.sleep(wait)


def _take_one(administration_id: int, now: float) -> float:
    """0 when a call was taken, otherwise the seconds to wait before asking again."""
    now_ms = int(now * 1000)
    with transaction.atomic():
        budget = _locked(administration_id)
        _roll_windows(budget, now_ms)
        if budget.daily_remaining <= 0:
            raise ExactRateLimited(
                "The daily Exact Online API budget is spent.",
                retry_at=budget.daily_reset_ms / 1000,
                daily=True,
            )
        if budget.minutely_remaining <= 0:
            return max(budget.minutely_reset_ms - now_ms, 0) / 1000 + WAKE_MARGIN
        budget.minutely_remaining -= 1
        budget.daily_remaining -= 1
        budget.save()
    return 0


def record(*, administration_id: int, reported: Reported, rate_limited: bool = False) -> None:
    """Fold an answer's headers into the shared budget. A 429's values are taken as they are."""
    if not (reported.has_minutely or reported.has_daily):
        return
    with transaction.atomic():
        budget = _locked(administration_id)
        if reported.has_minutely:
            budget.minutely_limit = reported.minutely_limit or budget.minutely_limit
            budget.minutely_remaining, budget.minutely_reset_ms = _merge(
                (budget.minutely_remaining, budget.minutely_reset_ms),
                (reported.minutely_remaining, reported.minutely_reset_ms),
                force=rate_limited,
            )
        if reported.has_daily:
            budget.daily_limit = reported.daily_limit or budget.daily_limit
            budget.daily_remaining, budget.daily_reset_ms = _merge(
                (budget.daily_remaining, budget.daily_reset_ms),
                (reported.daily_remaining, reported.daily_reset_ms),
                force=rate_limited,
            )
        budget.save()


def _merge(ours: tuple[int, int], theirs: tuple, *, force: bool) -> tuple[int, int]:
    remaining, reset = ours
    reported_remaining, reported_reset = theirs
    if force or reported_reset > reset:
        return reported_remaining, reported_reset  # Exact's newer window (or a 429) wins
    if reported_reset == reset:
        return min(remaining, reported_remaining), reset
    return remaining, reset  # an answer from a window that is already over


def _locked(administration_id: int) -> RateBudget:
    RateBudget.objects.get_or_create(administration_id=administration_id)
    return RateBudget.objects.select_for_update().get(administration_id=administration_id)


def _roll_windows(budget: RateBudget, now_ms: int) -> None:
    """Start a new window when ours is over; Exact's windows are whole minutes and UTC days."""
    if budget.minutely_reset_ms <= now_ms:
        budget.minutely_reset_ms = _next_boundary(budget.minutely_reset_ms, now_ms, MINUTE_MS)
        budget.minutely_remaining = budget.minutely_limit
    if budget.daily_reset_ms <= now_ms:
        budget.daily_reset_ms = _next_boundary(budget.daily_reset_ms, now_ms, DAY_MS)
        budget.daily_remaining = budget.daily_limit


def _next_boundary(previous_reset: int, now_ms: int, period: int) -> int:
    if previous_reset <= 0:
        return (now_ms // period + 1) * period
    periods = (now_ms - previous_reset) // period + 1
    return previous_reset + periods * period
