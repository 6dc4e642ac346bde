"""Exact's values (reference §2.5) as the mirror stores them: text, GUIDs, numbers, dates."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from exactbridge.online import odata

PAGE = 1000  # the Sync and Bulk API page size (reference §2.6)
DELETED = "deleted"


# --- values ------------------------------------------------------------------------------------
def text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def guid(value: Any) -> uuid.UUID | None:
    return uuid.UUID(str(value).strip("{}")) if value else None


def integer(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


def flag(value: Any) -> bool:
    return bool(value)  # Boolean, or Byte 0/1 (reference §2.5)


def decimal(places: int) -> Callable[[Any], Decimal | None]:
    quantum = Decimal(1).scaleb(-places)

    def convert(value: Any) -> Decimal | None:
        return None if value in (None, "") else Decimal(str(value)).quantize(quantum)

    return convert


def day(value: Any) -> date | None:
    moment = odata.parse_date(value) if value else None
    return moment.date() if moment else None


def moment(value: Any) -> datetime | None:
    """``/Date(ms)/`` is Exact local time (reference §2.5): made aware in that zone."""
    local = odata.parse_date(value) if value else None
    return local.replace(tzinfo=odata.EXACT_TIME_ZONE) if local else None


def percentage(value: Any) -> Decimal:
    """VAT percentages in percent. Exact's reference does not say whether ``Percentage`` is 21
    or 0.21 (U); a value below 1 is read as a fraction."""
    number = Decimal(str(value or 0))
    return (number * 100 if 0 < number < 1 else number).quantize(Decimal("0.0001"))


AMOUNT, PRICE, QTY = decimal(2), decimal(4), decimal(4)
