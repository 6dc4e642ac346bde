"""Webhook notifications (reference §7).

A subscription (``webhooks/WebhookSubscriptions`` POST) is validated by an **empty POST** to the
callback, which must answer 2xx, else the subscribe call fails with 500 "Invalid: Post to callback
URL endpoint returns …" (V for the failure, U for timing: the simulator validates synchronously).

A notification is compact JSON ``{"Content":{…},"HashCode":"…"}`` carrying no record data (V).
``HashCode`` is the upper-case hex HMAC-SHA256 of the raw ``Content`` text as it stands between
``{"Content":`` and ``,"HashCode":``, keyed with the app's webhook secret (V). ``Action`` is
``Create``/``Update``/``Delete`` (only ``Update`` is captured; the others' casing is U). Delivery is
once, from a background thread, without retries (retry policy is undocumented, U).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import urllib.error
import urllib.request

from .store import Store


def hash_code(secret: str, content_text: str) -> str:
    return hmac.new(secret.encode(), content_text.encode(), hashlib.sha256).hexdigest().upper()


def notification_body(content: dict, secret: str) -> bytes:
    """The exact bytes Exact sends: compact JSON, Content first, HashCode over its raw text."""
    content_text = json.dumps(content, separators=(",", ":"))
    return f'{{"Content":{content_text},"HashCode":"{hash_code(secret, content_text)}"}}'.encode()


def post(url: str, body: bytes, timeout: float = 5.0) -> tuple[int | None, str | None]:
    """(status, error) of one POST to a callback URL."""
    request = urllib.request.Request(  # noqa: S310 - callback URLs are http(s) by validation
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, None
    except urllib.error.HTTPError as exc:
        return exc.code, None
    except (urllib.error.URLError, OSError) as exc:
        return None, str(exc)


class Notifier:
    def __init__(self, store: Store, *, client_id: str, secret: str) -> None:
        self.store = store
        self.client_id = client_id
        self.secret = secret
        self._threads: list[threading.Thread] = []

    def validate_callback(self, url: str) -> str | None:
        """None when the callback accepts an empty POST, else Exact's error text."""
        if not url.lower().startswith(("http://", "https://")):
            return f"Invalid: Callback URL '{url}'"
        status, error = post(url, b"")
        if status is not None and 200 <= status < 300:
            return None
        return f"Invalid: Post to callback URL endpoint returns {status or error}"

    def notify(self, *, division: int, topic: str, action: str, key: str, endpoint: str, at: str):
        subscriptions = [
            s
            for s in self.store.all(division, "WebhookSubscriptions")
            if s.get("Topic", "").lower() == topic.lower()
        ]
        for sub in subscriptions:
            content = {
                "Topic": topic,
                "ClientId": self.client_id,
                "Division": division,
                "Action": action,
                "Key": key,
                "ExactOnlineEndpoint": endpoint,
                "EventCreatedOn": at,
            }
            body = notification_body(content, self.secret)
            thread = threading.Thread(
                target=self._deliver, args=(sub["CallbackURL"], body), daemon=True
            )
            self._threads.append(thread)
            thread.start()

    def _deliver(self, url: str, body: bytes) -> None:
        status, error = post(url, body)
        seq = self.store.next_value("deliveries")
        self.store.kv_put(
            "deliveries",
            f"{seq:09d}",
            {"url": url, "body": body.decode(), "status": status, "error": error},
        )

    def deliveries(self) -> list[dict]:
        return list(self.store.kv_all("deliveries").values())

    def wait(self, timeout: float = 5.0) -> None:
        """Let pending deliveries finish (used by the control API and tests)."""
        for thread in list(self._threads):
            thread.join(timeout)
        self._threads = [t for t in self._threads if t.is_alive()]
