"""What can go wrong talking to Exact Online, as types the callers can act on.

- ``ExactTransientError``: try again later (timeouts, 502-504, an unexplained 500, a rate limit).
- ``ExactPermanentError``: the same request will fail again (400, 403, 404, 405, ...).
- ``ExactValidationError``: Exact refused the content (400, or a 500 carrying a business message
  such as "Mandatory: Relationship"; reference §4 and pitfall 13). Permanent.
- ``ReconnectNeeded``: the refresh token is dead; a person must authorize again. Work waits.

Every error carries Exact's own message (``message``), the HTTP status when there was one, and
the method and path of the call (never a token).
"""

from __future__ import annotations


class ExactError(Exception):
    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        method: str = "",
        path: str = "",
        payload: object = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.method = method
        self.path = path
        self.payload = payload  # the parsed answer body, when there was one

    def __str__(self) -> str:
        where = f"{self.method} {self.path}".strip()
        status = f"HTTP {self.status}" if self.status is not None else "no response"
        return f"{self.message} ({status}{', ' + where if where else ''})"


class ExactTransientError(ExactError):
    """Worth retrying later. ``maybe_applied`` is true when a write may have reached Exact."""

    def __init__(self, message: str, *, maybe_applied: bool = False, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.maybe_applied = maybe_applied


class ExactRateLimited(ExactTransientError):
    """Over a rate limit; ``retry_at`` is when the window resets (epoch seconds)."""

    def __init__(self, message: str, *, retry_at: float, daily: bool, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.retry_at = retry_at
        self.daily = daily


class ExactUnauthorized(ExactTransientError):
    """401 on an API call: the access token was refused. The client refreshes once and retries."""


class ExactPermanentError(ExactError):
    """Repeating the request will not help."""


class ExactNotFound(ExactPermanentError):
    pass


class ExactValidationError(ExactPermanentError):
    """Exact refused the request's content; ``message`` is its (possibly localized) reason."""


class ReconnectNeeded(ExactError):
    """The connection has no usable refresh token; an administrator must connect again."""
