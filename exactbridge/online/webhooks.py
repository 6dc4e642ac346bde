"""Exact Online webhooks (reference §7): subscribing, and receiving notifications.

A notification is ``{"Content":{…},"HashCode":"…"}``; ``HashCode`` is the upper-case hex
HMAC-SHA256 of the raw ``Content`` text, keyed with the app's webhook secret (§7.3). It is
checked on the raw bytes, in constant time, before anything is written. The notification names a
changed record but carries none of its data, so an accepted one only enqueues an incremental
sync of that entity (a cheap ``Timestamp gt …`` read that also picks up anything else missed).

Exact sends no delivery id: the SHA-256 of the signed ``Content`` text identifies a delivery, and
a repeat of it is answered 200 without enqueuing again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from exactbridge.audit.services import record_event
from exactbridge.masterdata.models import (
    WebhookNotification,
    WebhookRegistration,
    WebhookSubscription,
)
from exactbridge.online.client import ExactOnlineClient
from exactbridge.online.models import ExactOnlineConnection
from exactbridge.online.sync import SUBSCRIBED_TOPICS, TOPIC_ENTITIES

logger = logging.getLogger(__name__)

SYNC_TASK = "exactbridge.masterdata.tasks.sync_entities"
_SIGNED = re.compile(
    rb'^\s*\{\s*"Content"\s*:\s*(?P<content>\{.*\})\s*,\s*"HashCode"\s*:\s*"(?P<hash>[^"]*)"\s*\}\s*$',
    re.DOTALL,
)


@dataclass(frozen=True)
class Outcome:
    status: int
    message: str
    enqueued: tuple[str, ...] = ()


def hash_code(secret: str, content: bytes) -> str:
    return hmac.new(secret.encode(), content, hashlib.sha256).hexdigest().upper()


def receive_notification(*, body: bytes) -> Outcome:
    """Check and record one notification; enqueue the re-sync it calls for after commit.

    200: accepted, a repeat, or the empty POST Exact sends to validate a new subscription;
    400: not a notification; 401: unsigned; 403: signed with another secret, or for a division
    no administration here has registered webhooks for.
    """
    if not body.strip():
        return Outcome(200, "ok")
    match = _SIGNED.match(body)
    if match is None:
        return Outcome(401, "unsigned") if _looks_unsigned(body) else Outcome(400, "bad request")
    content_text, given = match["content"], match["hash"].decode("ascii", "replace").upper()
    if not given:
        return Outcome(401, "unsigned")
    try:
        content = json.loads(content_text)
    except ValueError:
        return Outcome(400, "bad request")
    if not isinstance(content, dict):
        return Outcome(400, "bad request")
    registration = _verified_registration(content, content_text, given)
    if registration is None:
        return Outcome(403, "signature refused")
    return _record(registration.administration_id, content, content_text)


def _looks_unsigned(body: bytes) -> bool:
    try:
        payload = json.loads(body)
    except ValueError:
        return False
    return isinstance(payload, dict) and "Content" in payload and not payload.get("HashCode")


def _verified_registration(
    content: dict, content_text: bytes, given: str
) -> WebhookRegistration | None:
    """The registration whose secret signed ``content_text``; looked up by the division the
    (not yet trusted) content names, and trusted only once the HMAC matches."""
    division = content.get("Division")
    if not isinstance(division, int) or isinstance(division, bool):
        return None
    candidates = WebhookRegistration.objects.filter(administration__exact_online__division=division)
    for registration in candidates:
        if hmac.compare_digest(hash_code(registration.secret, content_text), given):
            return registration
    return None


def _record(administration_id: int, content: dict, content_text: bytes) -> Outcome:
    topic = str(content.get("Topic") or "")
    entities = TOPIC_ENTITIES.get(topic, ())
    with transaction.atomic():
        _, created = WebhookNotification.objects.get_or_create(
            administration_id=administration_id,
            digest=hashlib.sha256(content_text).hexdigest(),
            defaults={
                "topic": topic[:40],
                "action": str(content.get("Action") or "")[:20],
                "key": str(content.get("Key") or "")[:64],
                "event_created_on": str(content.get("EventCreatedOn") or "")[:40],
            },
        )
        if not created:
            return Outcome(200, "already processed")
        if entities:
            transaction.on_commit(lambda: _enqueue(administration_id, entities))
    return Outcome(200, "accepted", entities)


def _enqueue(administration_id: int, entities: tuple[str, ...]) -> None:
    from django_q.tasks import async_task

    async_task(SYNC_TASK, administration_id, list(entities))


@login_not_required
@csrf_exempt
@require_POST
def exact_webhook(request: HttpRequest) -> HttpResponse:
    """Exact's callback: public (Exact cannot sign in), authenticated by the HashCode."""
    outcome = receive_notification(body=request.body)
    if outcome.status >= 400:
        logger.warning("exact webhook refused (%s): %s", outcome.status, outcome.message)
    return HttpResponse(outcome.message, status=outcome.status, content_type="text/plain")


# --- subscribing -------------------------------------------------------------------------------
def subscribe_webhooks(
    *,
    connection: ExactOnlineConnection,
    callback_url: str,
    secret: str,
    topics: tuple[str, ...] = SUBSCRIBED_TOPICS,
    client: ExactOnlineClient | None = None,
    actor=None,
) -> list[WebhookSubscription]:
    """Store the app's webhook secret and subscribe ``callback_url`` to ``topics``.

    Topics already subscribed with this callback in Exact are not subscribed again, so running
    it twice is harmless. Exact validates the callback with an empty POST before it answers.
    """
    client = client or ExactOnlineClient(connection)
    administration_id = connection.administration_id
    with transaction.atomic():
        registration, _ = WebhookRegistration.objects.update_or_create(
            administration_id=administration_id,
            defaults={"secret": secret, "callback_url": callback_url},
        )
        record_event(
            action="exact_online.webhooks_registered",
            actor=actor,
            administration=administration_id,
            target=registration,
            after={"callback_url": callback_url, "topics": list(topics)},
        )
    existing = {
        row["Topic"]: row["ID"]
        for row in client.get_collection(
            "webhooks/WebhookSubscriptions", select=["ID", "CallbackURL", "Topic"]
        )
        if row.get("CallbackURL") == callback_url
    }
    subscriptions = []
    for topic in topics:
        exact_id = existing.get(topic)
        if exact_id is None:
            exact_id = client.create(
                "webhooks/WebhookSubscriptions", {"CallbackURL": callback_url, "Topic": topic}
            )["ID"]
        subscription, _ = WebhookSubscription.objects.update_or_create(
            administration_id=administration_id,
            topic=topic,
            defaults={"exact_id": exact_id, "callback_url": callback_url},
        )
        subscriptions.append(subscription)
    return subscriptions
