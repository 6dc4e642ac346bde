"""Exact's webhook notifications: signed ones enqueue a targeted sync once; anything unsigned or
signed with another secret is refused and changes nothing."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.urls import reverse

from exactbridge.masterdata import models as md
from exactbridge.masterdata import tasks
from exactbridge.online import webhooks
from exactbridge.online.models import ExactOnlineConnection
from tests.online.conftest import DIVISION, make_connection
from tests.online.simulator import control

SECRET = "0123456789abcdef0123456789abcdef"
URL = "/online/webhooks/exact/"


def signed(content: dict, secret: str = SECRET) -> bytes:
    text = json.dumps(content, separators=(",", ":"))
    code = hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest().upper()
    return f'{{"Content":{text},"HashCode":"{code}"}}'.encode()


def content(topic: str = "GLAccounts", key: str = "19cee073-095e-46d1-8d2d-f3fc97ba5bc1") -> dict:
    return {
        "Topic": topic,
        "ClientId": "63824703-cf5c-4143-be7d-db3113b83b0e",
        "Division": DIVISION,
        "Action": "Update",
        "Key": key,
        "ExactOnlineEndpoint": f"https://start.exactonline.nl/api/v1/{DIVISION}/x(guid'{key}')",
        "EventCreatedOn": "2026-01-06T16:26:08.587",
    }


@pytest.fixture
def registered(administration):
    from tests.online.conftest import FakeClock

    make_connection(administration, FakeClock())
    return md.WebhookRegistration.objects.create(
        administration=administration, secret=SECRET, callback_url="https://bridge.example/x"
    )


@pytest.fixture
def enqueued(monkeypatch):
    calls = []
    monkeypatch.setattr("django_q.tasks.async_task", lambda *args: calls.append(args))
    return calls


def post(body: bytes):
    client = Client(enforce_csrf_checks=True)  # Exact sends no CSRF token
    return client.post(URL, data=body, content_type="application/json")


def test_the_url_is_named(registered):
    assert reverse("online:exact_webhook") == URL


def test_a_signed_notification_enqueues_a_sync_of_its_entity(
    registered, administration, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(signed(content("GLAccounts")))

    assert response.status_code == 200
    assert enqueued == [(webhooks.SYNC_TASK, administration.pk, ["gl_accounts"])]
    assert md.WebhookNotification.objects.filter(administration=administration).count() == 1


@pytest.mark.parametrize(
    "body",
    [
        signed(content(), secret="another-secret"),
        signed(content()).replace(b'"Update"', b'"Delete"'),  # content changed after signing
        signed({**content(), "Division": 1}),  # a division nobody registered
    ],
    ids=["wrong-secret", "tampered", "unknown-division"],
)
def test_a_wrongly_signed_notification_is_refused_without_effect(
    registered, body, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(body)

    assert response.status_code == 403
    assert enqueued == []
    assert not md.WebhookNotification.objects.exists()


def test_an_unsigned_notification_is_refused_without_effect(
    registered, enqueued, django_capture_on_commit_callbacks
):
    body = json.dumps({"Content": content()}).encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(body)

    assert response.status_code == 401
    assert enqueued == []
    assert not md.WebhookNotification.objects.exists()


def test_a_repeated_notification_is_processed_once(
    registered, enqueued, django_capture_on_commit_callbacks
):
    body = signed(content("Items"))
    with django_capture_on_commit_callbacks(execute=True):
        first, second = post(body), post(body)

    assert (first.status_code, second.status_code) == (200, 200)
    assert len(enqueued) == 1
    assert md.WebhookNotification.objects.count() == 1


def test_the_empty_validation_post_is_answered_200(registered, enqueued):
    assert post(b"").status_code == 200
    assert enqueued == []


def test_get_is_not_allowed(registered):
    assert Client().get(URL).status_code == 405


class _Callback:
    """A stand-in callback URL that keeps the raw bodies Exact posts to it."""

    def __init__(self) -> None:
        bodies = self.bodies = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                bodies.append(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/online/webhooks/exact/"

    def stop(self) -> None:
        self.server.shutdown()


def test_a_real_notification_from_exact_syncs_the_new_gl_account(
    sim,
    sim_config,
    connected,
    administration,
    exact,
    enqueued,
    django_capture_on_commit_callbacks,
):
    callback = _Callback()
    try:
        subscriptions = webhooks.subscribe_webhooks(
            connection=connected, callback_url=callback.url, secret=sim_config["webhook_secret"]
        )
        assert {s.topic for s in subscriptions} >= {"Accounts", "GLAccounts", "PurchaseOrders"}
        again = webhooks.subscribe_webhooks(
            connection=connected, callback_url=callback.url, secret=sim_config["webhook_secret"]
        )
        assert [s.exact_id for s in again] == [s.exact_id for s in subscriptions]
        tasks.sync_administration(administration.pk)
        gl = exact.create("financial/GLAccounts", {"Code": "4998", "Description": "Webhook"})
        control(sim, "webhooks")  # waits for the deliveries
        notifications = [b for b in callback.bodies if b.strip()]
    finally:
        callback.stop()
    assert len(notifications) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = post(notifications[0])
    assert response.status_code == 200
    assert enqueued == [(webhooks.SYNC_TASK, administration.pk, ["gl_accounts"])]

    _, administration_id, entities = enqueued[0]
    tasks.sync_entities(administration_id, entities)
    assert md.GLAccount.objects.live().get(exact_id=gl["ID"]).code == "4998"


def test_the_sync_task_without_a_connection_does_nothing(administration):
    ExactOnlineConnection.objects.filter(administration=administration).delete()
    tasks.sync_entities(administration.pk, ["gl_accounts"])
    assert not md.SyncState.objects.exists()
