"""The canonical serialisation and hash of an audit event; shared by writer and verifier."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


def chain_key(administration_id: int | None) -> str:
    return f"administration:{administration_id}" if administration_id else "global"


def to_json_value(value: Any) -> Any:
    """The value as it will read back from a JSON column, so that hashing it now and hashing
    the stored copy later give the same result (Decimals and dates become strings)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def canonical_bytes(fields: dict[str, Any]) -> bytes:
    return json.dumps(
        fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder
    ).encode("utf-8")


def event_hash(
    *,
    chain: str,
    sequence: int,
    created_at: datetime,
    administration_id: int | None,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str | None,
    object_id: str,
    object_repr: str,
    before: Any,
    after: Any,
    ip_address: str,
    user_agent: str,
    prev_hash: str,
) -> str:
    fields = {
        "chain": chain,
        "sequence": sequence,
        "created_at": created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "administration_id": administration_id,
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "before": before,
        "after": after,
        "ip_address": ip_address,
        "user_agent": user_agent,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical_bytes(fields)).hexdigest()
