"""OData v2 the way Exact Online speaks it (reference §2.3, §2.5, §2.6), with no HTTP in it.

Literals in ``$filter`` and in key segments are always built here, never by string formatting
at the call site: strings are quoted with ``'`` doubled, GUIDs become ``guid'…'``, datetimes
``datetime'…'`` in Exact's local time. Field names are checked so a value can never turn into
syntax.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

# Exact serves and expects "local Exact time" (CET/CEST) without a zone (reference §2.5, V).
EXACT_TIME_ZONE = ZoneInfo("Europe/Amsterdam")
ACCOUNT_CODE_WIDTH = 18  # crm/Accounts.Code is right-aligned in 18 characters (reference §2.5, V)

_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z_][A-Za-z0-9_]*)*$")
_OPERATORS = {"eq", "ne", "gt", "ge", "lt", "le"}
_DATE = re.compile(r"^/Date\((-?\d+)(?:([+-])(\d{4}))?\)/$")
_EPOCH = datetime(1970, 1, 1)  # naive: Exact's epoch ms are local time read as UTC


class Guid(str):
    """A value to be written as ``guid'…'`` (a plain ``str`` would be quoted as text)."""


def field(name: str) -> str:
    if not _FIELD.match(name):
        raise ValueError(f"Not an OData property name: {name!r}")
    return name


def literal(value: Any) -> str:
    """The OData v2 literal for ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, uuid.UUID | Guid):
        return guid(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime | date):
        return f"datetime'{to_exact_iso(value)}'"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"No OData literal for {type(value).__name__}")


def guid(value: str | uuid.UUID) -> str:
    """``guid'…'`` for a GUID; anything that is not one raises ValueError."""
    return f"guid'{uuid.UUID(str(value).strip('{}'))}'"


def compare(name: str, operator: str, value: Any) -> str:
    """One comparison, e.g. ``compare("Code", "eq", "25")`` → ``Code eq '25'``."""
    if operator not in _OPERATORS:
        raise ValueError(f"Unknown OData operator: {operator!r}")
    return f"{field(name)} {operator} {literal(value)}"


def eq(name: str, value: Any) -> str:
    return compare(name, "eq", value)


def all_of(*conditions: str) -> str:
    return " and ".join(_group(c) for c in conditions if c)


def any_of(*conditions: str) -> str:
    return " or ".join(_group(c) for c in conditions if c)


def _group(condition: str) -> str:
    return f"({condition})" if (" and " in condition or " or " in condition) else condition


def account_code(code: str | int) -> str:
    """An account code as crm/Accounts stores it: right-aligned in 18 characters."""
    return str(code).strip().rjust(ACCOUNT_CODE_WIDTH)


def key_segment(key: Any) -> str:
    """``(guid'…')`` for GUID keys, ``(123)`` for numeric ones (reference §2.1, V)."""
    if isinstance(key, int) and not isinstance(key, bool):
        return f"({key})"
    return f"({guid(key)})"


def query(
    *,
    select: Iterable[str] | None = None,
    filter: str | None = None,
    top: int | None = None,
    orderby: str | None = None,
    expand: Iterable[str] | None = None,
    extra: Mapping[str, str] | None = None,
) -> str:
    """The query string (without ``?``): spaces as ``%20``, quotes and ``$`` left readable."""
    params: list[tuple[str, str]] = []
    if select:
        params.append(("$select", ",".join(field(name) for name in select)))
    if filter:
        params.append(("$filter", filter))
    if top is not None:
        params.append(("$top", str(int(top))))
    if orderby:
        params.append(("$orderby", orderby))
    if expand:
        params.append(("$expand", ",".join(field(name) for name in expand)))
    params.extend((extra or {}).items())
    return urlencode(params, quote_via=quote, safe="$',()/:")


# --- Values ------------------------------------------------------------------------------------
def parse_date(value: str | None) -> datetime | None:
    """``/Date(ms)/`` → naive datetime in Exact local time (the ms are local time read as UTC)."""
    if value is None:
        return None
    match = _DATE.match(value)
    if not match:
        raise ValueError(f"Not an OData date: {value!r}")
    moment = _EPOCH + timedelta(milliseconds=int(match[1]))
    if match[2]:
        # An explicit offset (``/Date(ms+0100)/``): ms are UTC, shift to the stated local time.
        minutes = int(match[3][:2]) * 60 + int(match[3][2:])
        moment += timedelta(minutes=minutes if match[2] == "+" else -minutes)
    return moment


def format_date(value: datetime | date) -> str:
    """A datetime (aware: converted to Exact local time) or date as ``/Date(ms)/``."""
    local = _exact_local(value)
    return f"/Date({(local - _EPOCH) // timedelta(milliseconds=1)})/"


def to_exact_iso(value: datetime | date) -> str:
    """ISO-8601 without zone in Exact local time, as request bodies and filters want it."""
    return _exact_local(value).isoformat(timespec="seconds")


def _exact_local(value: datetime | date) -> datetime:
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        return value.astimezone(EXACT_TIME_ZONE).replace(tzinfo=None)
    return value


def utc_from_epoch_ms(value: int) -> datetime:
    """Rate-limit resets are real UTC epoch milliseconds (reference §3, V)."""
    return datetime.fromtimestamp(value / 1000, UTC)


# --- Response bodies ---------------------------------------------------------------------------
def rows_and_next(payload: Any) -> tuple[list[dict], str | None]:
    """The rows of a verbose-JSON answer and its ``__next`` link, whatever shape ``d`` has."""
    data = payload.get("d") if isinstance(payload, dict) else None
    if isinstance(data, list):
        return data, None
    if isinstance(data, dict):
        if "results" in data and isinstance(data["results"], list):
            return data["results"], data.get("__next")
        return [data], None
    raise ValueError("The answer has no 'd' element.")


def entity(payload: Any) -> dict:
    """The single entity of ``{"d": {...}}`` (or the first row of a one-element collection)."""
    rows, _ = rows_and_next(payload)
    if not rows:
        raise ValueError("The answer holds no entity.")
    return rows[0]
