"""Edm value conversions: request bodies in, verbose-JSON values out (reference §2.5, V).

Stored values are plain JSON: GUIDs lower-case, DateTimes as naive ISO strings in Exact local
time. On the way out a DateTime becomes ``/Date(ms)/`` with ``ms`` = the naive local time read as
UTC, which is how Exact encodes it.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from datetime import UTC, datetime

GUID = re.compile(r"^\{?[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\}?$")
DATE_MS = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")


class BodyError(ValueError):
    """A request body value does not fit its Edm type (rendered as 400)."""


def parse_datetime(text: str) -> datetime:
    """ISO-8601 or ``/Date(ms)/`` → naive datetime (local Exact time)."""
    m = DATE_MS.match(text)
    if m:
        return datetime.fromtimestamp(int(m.group(1)) / 1000, UTC).replace(tzinfo=None)
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value.replace(tzinfo=None)


def date_ms(iso: str) -> str:
    moment = parse_datetime(iso).replace(tzinfo=UTC)
    return f"/Date({round(moment.timestamp() * 1000)})/"


def new_guid() -> str:
    return str(uuid.uuid4())


def pad_account_code(code: str) -> str:
    """Accounts.Code is 18 characters, right-aligned with leading spaces (reference §2.5, V)."""
    return str(code).strip().rjust(18)


def pad(value: str, width: int) -> str:
    """Left-aligned fixed-width CHAR fields such as VAT codes ``"2  "`` (reference §2.5, V)."""
    return str(value).strip().ljust(width)


def coerce(kind: str, name: str, value: object) -> object:
    """A body value → its stored form; raises BodyError for values Exact could not bind."""
    if value is None:
        return None
    try:
        if kind == "guid":
            if not isinstance(value, str) or not GUID.match(value):
                raise BodyError(f"'{value}' is not a valid Guid")
            return value.strip("{}").lower()
        if kind == "dt":
            return parse_datetime(str(value)).isoformat(timespec="milliseconds")
        if kind == "float":
            # Exact accepts decimal strings such as "50.80" for Double (reference §2.5, S).
            return float(value)  # type: ignore[arg-type]
        if kind in {"int", "long", "byte"}:
            if isinstance(value, bool):
                raise BodyError("boolean for a number")
            return int(value)  # type: ignore[call-overload]
        if kind == "bool":
            if not isinstance(value, bool):
                raise BodyError("not a boolean")
            return value
        if kind == "bin":
            base64.b64decode(str(value), validate=True)
            return str(value)
        return str(value)
    except (ValueError, TypeError, binascii.Error) as exc:
        target = {"bin": "Byte[]", "guid": "Guid", "dt": "DateTime"}.get(kind, kind)
        raise BodyError(
            "Error processing request stream. An error occurred while converting the value from "
            f"request payload for property '{name}' to type '{target}'."
        ) from exc


def render(kind: str, value: object) -> object:
    if value is None:
        return None
    if kind == "dt":
        return date_ms(str(value))
    return value
