"""The one place that talks to the model: a chat-completions request, tried twice at most.

A failure that may pass (no answer in time, no connection, HTTP 429 or 5xx) is tried once more
after a short pause; one that would come back the same (another HTTP error, an answer in the
wrong form, a refusal) is not. Logs name the endpoint without credentials and never the key.
"""

from __future__ import annotations

import datetime
import email.utils
import json
import logging
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from django.conf import settings
from django.utils.translation import gettext_noop

from exactbridge.helpers.messages import Message, message

logger = logging.getLogger(__name__)

# The pause before the one retry when the server names none, in seconds.
RETRY_PAUSE = 1.0
# A server that asks to wait longer than this (or than the timeout) is not waited for: the
# worker would sit idle, and the case goes on without the model anyway.
MAX_RETRY_AFTER = 10.0

sleep = time.sleep  # replaced in tests


class ModelUnavailable(Exception):
    """The model gave no usable answer; ``reason`` says why, in words for the case."""

    def __init__(self, reason: Message):
        super().__init__(reason)
        self.reason = reason


class TransientModelError(ModelUnavailable):
    """A failure that may pass: worth one more try. ``retry_after`` is the server's wish, in
    seconds, when it stated one."""

    def __init__(self, reason: Message, *, retry_after: float | None = None):
        super().__init__(reason)
        self.retry_after = retry_after


class PermanentModelError(ModelUnavailable):
    """Asking again would get the same answer."""


@dataclass(frozen=True)
class Endpoint:
    # The API's base URL; the request goes to {url}/chat/completions. Kept out of repr, as
    # the key is: it may carry a user and password.
    url: str = field(repr=False)
    model: str
    api_key: str = field(repr=False)
    timeout: int
    max_chars: int

    @property
    def shown_url(self) -> str:
        return shown_url(self.url)


def configured_endpoint() -> Endpoint | None:
    """The endpoint from the settings, or None when the feature is off."""
    if not (settings.LLM_EXTRACTION_URL and settings.LLM_EXTRACTION_MODEL):
        return None
    return Endpoint(
        url=settings.LLM_EXTRACTION_URL,
        model=settings.LLM_EXTRACTION_MODEL,
        api_key=settings.LLM_EXTRACTION_API_KEY or "",
        timeout=settings.LLM_EXTRACTION_TIMEOUT,
        max_chars=settings.LLM_EXTRACTION_MAX_CHARS,
    )


def shown_url(url: str) -> str:
    """`url` fit for a log: no user or password, no query (some APIs take a key there)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))


def _loggable(text: str, endpoint: Endpoint) -> str:
    # requests puts the URL it was given into its errors, credentials and all.
    text = text.replace(endpoint.url, endpoint.shown_url)
    text = re.sub(r"//[^/\s@]*@", "//", text)
    return text.replace(endpoint.api_key, "[key]") if endpoint.api_key else text


def ask_model(*, endpoint: Endpoint, body: dict[str, Any]) -> dict[str, Any]:
    """The JSON object the model answered. Raises ModelUnavailable for every way it can fail;
    a transient failure is tried once more first."""
    try:
        return _ask_once(endpoint=endpoint, body=body)
    except TransientModelError as exc:
        pause = _pause(exc.retry_after, timeout=endpoint.timeout)
        if pause is None:
            raise
        logger.info(
            "Language model at %s: %s; asking once more in %.1f s",
            endpoint.shown_url,
            exc.reason,
            pause,
        )
        sleep(pause)
    return _ask_once(endpoint=endpoint, body=body)


def _pause(retry_after: float | None, *, timeout: float) -> float | None:
    """Seconds to wait before the retry, or None when the server asks for longer than we wait."""
    if retry_after is None:
        return min(RETRY_PAUSE, timeout)
    return retry_after if retry_after <= min(MAX_RETRY_AFTER, timeout) else None


def _ask_once(*, endpoint: Endpoint, body: dict[str, Any]) -> dict[str, Any]:
    headers = {"Content-Type": "application/json"}
    if endpoint.api_key:
        headers["Authorization"] = f"Bearer {endpoint.api_key}"
    try:
        response = requests.post(
            f"{endpoint.url}/chat/completions",
            json=body,
            headers=headers,
            timeout=endpoint.timeout,
            allow_redirects=False,
        )
    except requests.Timeout:
        raise TransientModelError(
            message(gettext_noop("no answer within %(seconds)s seconds"), seconds=endpoint.timeout)
        ) from None
    except requests.RequestException as exc:
        logger.warning(
            "Language model at %s: %s", endpoint.shown_url, _loggable(str(exc), endpoint)
        )
        # A dropped connection may come back; a refused certificate or a bad URL will not.
        dropped = isinstance(
            exc, requests.ConnectionError | requests.exceptions.ChunkedEncodingError
        )
        if dropped and not isinstance(exc, requests.exceptions.SSLError):
            raise TransientModelError(_NOT_REACHED) from None
        raise PermanentModelError(_NOT_REACHED) from None
    if response.status_code != 200:
        status = message(
            gettext_noop("it answered with HTTP status %(status)s"), status=response.status_code
        )
        if response.status_code == 429 or response.status_code >= 500:
            raise TransientModelError(status, retry_after=_retry_after(response))
        raise PermanentModelError(status)
    try:
        reply = response.json()["choices"][0]["message"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise PermanentModelError(_UNEXPECTED_FORM) from None
    if not isinstance(reply, dict):
        raise PermanentModelError(_UNEXPECTED_FORM)
    content = reply.get("content")
    if reply.get("refusal") or not isinstance(content, str) or not content.strip():
        raise PermanentModelError(message(gettext_noop("it declined to answer")))
    return _json_object(content)


_NOT_REACHED = message(gettext_noop("it could not be reached"))
_UNEXPECTED_FORM = message(gettext_noop("its answer was not in the expected form"))
_NO_JSON_OBJECT = message(gettext_noop("its answer was not a JSON object"))


def _retry_after(response: requests.Response) -> float | None:
    """Retry-After in seconds (a number of seconds or an HTTP date); None when absent or bad."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - datetime.datetime.now(datetime.UTC)).total_seconds())


def _json_object(content: str) -> dict[str, Any]:
    text = content.strip()
    # Some servers ignore response_format and fence the JSON as Markdown.
    fenced = re.fullmatch(r"```(?:json)?\s*(.*?)\s*```", text, flags=re.DOTALL)
    if fenced:
        text = fenced.group(1)
    try:
        answer = json.loads(text, parse_float=Decimal)
    except (ValueError, RecursionError):  # RecursionError: nested too deep to be an answer
        raise PermanentModelError(_NO_JSON_OBJECT) from None
    if not isinstance(answer, dict):
        raise PermanentModelError(_NO_JSON_OBJECT)
    return answer
