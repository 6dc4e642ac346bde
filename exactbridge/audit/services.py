"""Writing audit events and checking their chains."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from exactbridge.audit.chain import chain_key, event_hash, to_json_value
from exactbridge.audit.models import AuditChainHead, AuditEvent

SYSTEM_ACTOR_LABEL = "system"
# Never written into the audit log, whatever model they appear on.
_SECRET_FIELDS = {"password", "token", "secret", "refresh_token", "access_token", "client_secret"}


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values as JSON-ready data (secrets left out)."""
    wanted = set(fields) if fields is not None else None
    values = {}
    for field in instance._meta.concrete_fields:
        if wanted is not None and field.name not in wanted:
            continue
        if any(secret in field.name for secret in _SECRET_FIELDS):
            continue
        values[field.attname] = field.value_from_object(instance)
    return to_json_value(values)


def request_origin(request) -> tuple[str, str]:
    """The client's IP address and user agent, as far as this deployment can trust them."""
    if request is None:
        return "", ""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        # The right-most entry is the one our own proxy added; the rest the client can forge.
        if forwarded:
            address = forwarded.split(",")[-1].strip()
    try:
        address = ipaddress.ip_address(address).compressed if address else ""
    except ValueError:
        address = ""
    return address, request.META.get("HTTP_USER_AGENT", "")[:300]


def record_event(
    *,
    action: str,
    actor=None,
    administration=None,
    target: models.Model | None = None,
    before: Any = None,
    after: Any = None,
    request=None,
) -> AuditEvent:
    """Append one event to the administration's chain (or the global one).

    Call it inside the transaction of the change it records, so both land or neither does.
    """
    administration_id = getattr(administration, "pk", administration)
    chain = chain_key(administration_id)
    ip_address, user_agent = request_origin(request)
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    object_type = ContentType.objects.get_for_model(target) if target is not None else None
    fields = {
        "chain": chain,
        "created_at": timezone.now(),
        "administration_id": administration_id,
        "actor_id": actor.pk if actor is not None else None,
        "actor_label": actor.get_username() if actor is not None else SYSTEM_ACTOR_LABEL,
        "action": action,
        "object_id": str(target.pk) if target is not None else "",
        "object_repr": str(target)[:200] if target is not None else "",
        "before": to_json_value(before),
        "after": to_json_value(after),
        "ip_address": ip_address,
        "user_agent": user_agent,
    }
    with transaction.atomic():
        AuditChainHead.objects.get_or_create(chain=chain)
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
        sequence = head.last_sequence + 1
        digest = event_hash(
            **fields,
            sequence=sequence,
            object_type=_type_label(object_type),
            prev_hash=head.last_hash,
        )
        event = AuditEvent.objects.create(
            **fields,
            sequence=sequence,
            object_type=object_type,
            prev_hash=head.last_hash,
            hash=digest,
        )
        head.last_sequence = sequence
        head.last_hash = digest
        head.save(update_fields=["last_sequence", "last_hash"])
    return event


def _type_label(content_type: ContentType | None) -> str | None:
    return f"{content_type.app_label}.{content_type.model}" if content_type else None
