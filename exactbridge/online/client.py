"""``ExactOnlineClient``: the REST API of one administration's division (reference §2).

Paths are relative to ``{base}/api/v1/{division}/`` (e.g. ``"crm/Accounts"``). Each call reserves
one unit of the shared rate budget, gets a live token, goes through ``http.send`` and then:

- 401: refresh once (unless another worker already did) and repeat the call once;
- 429: wait until the reported reset and repeat (a spent daily budget is raised, not waited for);
- transient failures (timeouts, 5xx without a business message): repeated with back-off for GET
  only. A POST, PUT or DELETE that may have reached Exact is never repeated blindly — the caller
  must first look whether it was applied (reference §2.4, pitfall 17).
- 4xx: raised at once, never retried (they count towards Exact's error block, reference §3).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from exactbridge.online import http, oauth, odata, ratelimit
from exactbridge.online.clock import SYSTEM_CLOCK, Clock
from exactbridge.online.errors import (
    ExactPermanentError,
    ExactRateLimited,
    ExactTransientError,
    ExactUnauthorized,
)
from exactbridge.online.models import ExactOnlineConnection

GET_ATTEMPTS = 3
BACKOFF_SECONDS = (2.0, 8.0)
RATE_LIMIT_WAITS = 5


class ExactOnlineClient:
    def __init__(
        self,
        connection: ExactOnlineConnection,
        *,
        clock: Clock = SYSTEM_CLOCK,
        session: requests.Session | None = None,
    ) -> None:
        self.connection = connection
        self.clock = clock
        self.session = session or http.new_session()

    # --- reading ---------------------------------------------------------------------------
    def get_collection(
        self,
        path: str,
        *,
        select: Iterable[str] | None = None,
        filter: str | None = None,
        top: int | None = None,
        orderby: str | None = None,
        expand: Iterable[str] | None = None,
        params: Mapping[str, str] | None = None,
    ) -> Iterator[dict]:
        """Every row, page after page, following ``__next`` one page at a time (reference §2.6:
        never in parallel). ``params`` are extra named parameters of ``read/…`` functions, their
        values already OData literals (``odata.guid(...)``)."""
        qs = odata.query(
            select=select, filter=filter, top=top, orderby=orderby, expand=expand, extra=params
        )
        url: str | None = self._url(path, qs)
        seen = 0
        while url:
            rows, next_link = odata.rows_and_next(self._json("GET", url))
            for row in rows:
                yield row
                seen += 1
                if top is not None and seen >= top:
                    return
            url = self._follow(url, next_link) if next_link else None

    def get_one(self, path: str, key: Any, *, select: Iterable[str] | None = None) -> dict:
        """One entity by key (GUID or number); ``ExactNotFound`` when there is none."""
        url = self._url(f"{path}{odata.key_segment(key)}", odata.query(select=select))
        return odata.entity(self._json("GET", url))

    def current_me(self, *, select: Iterable[str] = ("CurrentDivision",)) -> dict:
        """``current/Me``: the signed-in user; not counted against the budget (reference §3)."""
        url = f"{self.connection.base_url}/api/v1/current/Me?{odata.query(select=select)}"
        return odata.entity(self._json("GET", url, counted=False))

    # --- writing ---------------------------------------------------------------------------
    def create(self, path: str, body: Mapping[str, Any]) -> dict:
        """POST; returns the new entity as Exact filled it (``Prefer: return=representation``)."""
        response = self._request(
            "POST", self._url(path), json=dict(body), extra={"Prefer": "return=representation"}
        )
        return odata.entity(_decode(response))

    def update(self, path: str, key: Any, body: Mapping[str, Any]) -> None:
        """PUT: only the properties given change (reference §2.4)."""
        self._request("PUT", self._url(f"{path}{odata.key_segment(key)}"), json=dict(body))

    def delete(self, path: str, key: Any) -> None:
        self._request("DELETE", self._url(f"{path}{odata.key_segment(key)}"))

    # --- the loop around http.send ---------------------------------------------------------
    def _json(self, method: str, url: str, *, counted: bool = True) -> Any:
        return _decode(self._request(method, url, counted=counted))

    def _request(
        self,
        method: str,
        url: str,
        *,
        json: object = None,
        extra: Mapping[str, str] | None = None,
        counted: bool = True,
    ) -> requests.Response:
        administration_id = self.connection.administration_id
        refreshed = False
        rate_waits = 0
        attempt = 0
        while True:
            attempt += 1
            if counted:
                ratelimit.reserve(administration_id=administration_id, clock=self.clock)
            token = oauth.access_token(
                connection=self.connection, session=self.session, clock=self.clock
            )
            headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
            if json is not None:
                headers["Content-Type"] = "application/json"
            headers.update(extra or {})
            try:
                return http.send(
                    session=self.session,
                    administration_id=administration_id,
                    method=method,
                    url=url,
                    headers=headers,
                    json=json,
                    now=self.clock.now(),
                )
            except ExactUnauthorized:
                # Refused before anything was done, so repeating is safe for every method.
                if refreshed:
                    raise
                refreshed = True
                oauth.refresh_after_rejection(
                    connection=self.connection,
                    rejected=token,
                    session=self.session,
                    clock=self.clock,
                )
            except ExactRateLimited as exc:
                if exc.daily or rate_waits >= RATE_LIMIT_WAITS:
                    raise
                rate_waits += 1
                self.clock.sleep(max(exc.retry_at - self.clock.now(), 1.0) + ratelimit.WAKE_MARGIN)
            except ExactTransientError:
                if method != "GET" or attempt >= GET_ATTEMPTS:
                    raise
                self.clock.sleep(BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS)) - 1])

    def _url(self, path: str, qs: str = "") -> str:
        division = self.connection.division
        if division is None:
            raise ExactPermanentError("No Exact Online division has been chosen yet.")
        url = f"{self.connection.base_url}/api/v1/{division}/{path.lstrip('/')}"
        return f"{url}?{qs}" if qs else url

    def _follow(self, current: str, next_link: str) -> str:
        """``__next`` may be absolute or relative (reference §2.3); the bearer token is only
        ever sent to the connection's own host."""
        url = urljoin(current, next_link)
        ours, theirs = urlsplit(self.connection.base_url), urlsplit(url)
        if (ours.scheme, ours.netloc) != (theirs.scheme, theirs.netloc):
            raise ExactPermanentError(f"Refusing to follow __next to another host: {theirs.netloc}")
        return url


def _decode(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise ExactTransientError(
            "Exact Online's answer is not JSON.", status=response.status_code
        ) from exc
