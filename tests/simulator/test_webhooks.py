"""Webhook subscriptions and signed notifications (reference §7)."""

import hashlib
import hmac
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@pytest.fixture
def receiver():
    """A loopback callback endpoint that records raw bodies."""
    bodies: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            bodies.append(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", bodies
    server.shutdown()
    server.server_close()


def test_notification_hash_code_verifies_with_the_shared_secret(api, cfg, receiver):
    url, bodies = receiver
    sub = api.post("webhooks/WebhookSubscriptions", {"CallbackURL": url, "Topic": "Accounts"})
    assert sub.status_code == 201, sub.text
    assert bodies == [b""]  # the validation POST is empty

    account = api.post("crm/Accounts", {"Name": "Webhook B.V."}).json()["d"]
    deliveries = api.sim.simulator.notifier
    deliveries.wait()

    raw = bodies[-1].decode()
    content = re.fullmatch(r'\{"Content":(.*),"HashCode":"([0-9A-F]{64})"\}', raw)
    expected = hmac.new(cfg["webhook_secret"].encode(), content.group(1).encode(), hashlib.sha256)
    assert content.group(2) == expected.hexdigest().upper()
    assert f'"Key":"{account["ID"]}"' in content.group(1)
    assert '"Topic":"Accounts"' in content.group(1) and '"Action":"Create"' in content.group(1)


def test_subscribe_fails_when_the_callback_does_not_answer_2xx(api):
    response = api.post(
        "webhooks/WebhookSubscriptions", {"CallbackURL": "http://127.0.0.1:9/x", "Topic": "Items"}
    )
    assert response.status_code == 500
    assert response.json()["error"]["message"]["value"].startswith(
        "Invalid: Post to callback URL endpoint returns"
    )
