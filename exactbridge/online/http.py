"""The one place ExactBridge talks HTTP to Exact Online.

``send`` makes one exchange with a timeout, logs it as an ``ExactApiCall`` (method, path with
secrets redacted, status, duration, rate-limit headers, Exact's error message), folds the
rate-limit headers into the shared budget, and turns failures into the typed errors of
``errors.py``. Retrying, waiting and token refresh are the caller's decisions (``client.py``,
``oauth.py``); nothing here sleeps.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests
from django.conf import settings

from exactbridge.online import ratelimit
from exactbridge.online.errors import (
    ExactError,
    ExactNotFound,
    ExactPermanentError,
    ExactRateLimited,
    ExactTransientError,
    ExactUnauthorized,
    ExactValidationError,
)
from exactbridge.online.models import ExactApiCall

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10
_REDACTED = {"code", "state", "refresh_token", "access_token", "client_secret", "token"}
# A 500 with one of these texts is a server fault; any other Exact message on a 500 is a refused
# request (validation errors come back as 500, reference §4 and pitfall 13).
_SERVER_FAULT = re.compile(
    r"unexpected error|problem has occurred|temporarily unavailable|internal server error|"
    r"an error has occurred|timeout|try again",
    re.IGNORECASE,
)


def new_session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = "ExactBridge"
    return session


def send(
    *,
    session: requests.Session,
    administration_id: int,
    method: str,
    url: str,
    now: float,
    headers: Mapping[str, str] | None = None,
    json: object = None,
    data: Mapping[str, str] | None = None,
) -> requests.Response:
    """One exchange. Returns a 2xx/3xx response; raises a typed ``ExactError`` otherwise.

    ``now`` (epoch seconds, from the caller's clock) dates a 429 without reset headers.
    """
    path = loggable_path(url)
    started = time.monotonic()
    try:
        response = session.request(
            method,
            url,
            headers=dict(headers or {}),
            json=json,
            data=data,
            timeout=(CONNECT_TIMEOUT, settings.EXACT_ONLINE_TIMEOUT),
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        # A connect failure never reached Exact; a read timeout or reset may have (a POST could
        # have been booked: reference §2.4 and pitfall 17).
        reached = not isinstance(exc, requests.ConnectTimeout | requests.exceptions.SSLError)
        error = ExactTransientError(
            _network_message(exc),
            maybe_applied=reached and method != "GET",
            method=method,
            path=path,
        )
        _log(administration_id, method, path, None, started, ratelimit.Reported(), error)
        raise error from exc

    reported = ratelimit.Reported.from_headers(response.headers)
    error = None if response.status_code < 400 else classify(response, method, path, now, reported)
    _log(administration_id, method, path, response.status_code, started, reported, error)
    ratelimit.record(
        administration_id=administration_id,
        reported=reported,
        rate_limited=isinstance(error, ExactRateLimited),
    )
    if error is not None:
        raise error
    return response


def classify(
    response: requests.Response, method: str, path: str, now: float, reported: ratelimit.Reported
) -> ExactError:
    """The typed error for a 4xx/5xx answer, carrying Exact's own message."""
    status = response.status_code
    message, payload, is_exact_json = exact_message(response)
    where = {"status": status, "method": method, "path": path, "payload": payload}
    if status == 401:
        return ExactUnauthorized(message, **where)
    if status == 429:
        daily = reported.has_daily and not reported.has_minutely
        reset_ms = reported.daily_reset_ms if daily else reported.minutely_reset_ms
        retry_at = reset_ms / 1000 if reset_ms else now + 60
        return ExactRateLimited(message, retry_at=retry_at, daily=daily, **where)
    if status == 404:
        return ExactNotFound(message, **where)
    if status in {400, 409, 422}:
        return ExactValidationError(message, **where)
    if status < 500:
        return ExactPermanentError(message, **where)
    if status == 500 and is_exact_json and not _SERVER_FAULT.search(message):
        return ExactValidationError(message, **where)
    return ExactTransientError(message, maybe_applied=method != "GET", **where)


def exact_message(response: requests.Response) -> tuple[str, object, bool]:
    """(message, parsed body, whether it was Exact's API error JSON).

    API errors: ``{"error": {"code": "", "message": {"lang": "", "value": "…"}}}`` (reference §4,
    V); the token endpoint: ``{"error": "…", "error_description": "…"}`` or plain "Bad Request"
    (§1.5, V). A 403 may name its cause in a ``Reason`` header (§4, V).
    """
    payload: object = None
    is_exact_json = False
    try:
        payload = response.json()
    except ValueError:
        message = response.text.strip()[:500]
    else:
        message = ""
        error = payload.get("error") if isinstance(payload, dict) else None
        if isinstance(error, dict):
            detail = error.get("message")
            message = detail.get("value", "") if isinstance(detail, dict) else str(detail or "")
            is_exact_json = bool(message)
        elif isinstance(error, str):
            description = payload.get("error_description")
            message = f"{error}: {description}" if description else error
    message = message.strip() or response.reason or f"HTTP {response.status_code}"
    reason = response.headers.get("Reason")
    if reason:
        message = f"{message} (Reason: {reason})"
    return message, payload, is_exact_json


def loggable_path(url: str) -> str:
    """The URL's path and query, with any parameter that could carry a secret blanked."""
    parts = urlsplit(url)
    if not parts.query:
        return parts.path
    params = [
        (key, "***" if key.lower() in _REDACTED else value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return parts.path + "?" + urlencode(params, safe="$',()/:")


def _network_message(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return "Exact Online did not answer in time."
    return "Exact Online could not be reached."


def _log(
    administration_id: int,
    method: str,
    path: str,
    status: int | None,
    started: float,
    reported: ratelimit.Reported,
    error: ExactError | None,
) -> None:
    duration_ms = int((time.monotonic() - started) * 1000)
    ExactApiCall.objects.create(
        administration_id=administration_id,
        method=method,
        path=path,
        status=status,
        duration_ms=duration_ms,
        minutely_limit=reported.minutely_limit,
        minutely_remaining=reported.minutely_remaining,
        minutely_reset_ms=reported.minutely_reset_ms,
        daily_limit=reported.daily_limit,
        daily_remaining=reported.daily_remaining,
        daily_reset_ms=reported.daily_reset_ms,
        error=error.message if error else "",
    )
    logger.info(
        "exact_online %s %s -> %s in %d ms (minutely %s, daily %s)",
        method,
        path,
        status if status is not None else "no answer",
        duration_ms,
        reported.minutely_remaining,
        reported.daily_remaining,
    )
