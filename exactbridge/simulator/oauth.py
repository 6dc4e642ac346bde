"""OAuth 2.0 as Exact Online does it (reference §1.2-§1.5).

- ``GET /api/oauth2/auth``: checks client id and redirect URI and redirects straight back with a
  ``code`` (there is no login page; consent is implied). Codes contain ``!``, live 3 minutes and are
  single-use (V).
- ``POST /api/oauth2/token`` (form): ``authorization_code`` and ``refresh_token`` grants. The body
  carries ``expires_in`` as the string ``"600"`` (V) and a new refresh token every time (V).
- Rotation (V for the concurrency rule, S for the grace rule): a refresh token stays usable until
  a token issued from it is first used; then it — and every sibling chain issued from it — is
  "old" and answers 401 ``unauthorized_client`` / ``Old refresh token used.``. With the config
  switch ``refresh_grace`` off, a refresh token is refused as soon as it has been used once.
- Refresh before 570 s after the previous issue: 401 "Access token not expired" (S); the JSON shape
  of that body is a design choice (U). Switch ``refresh_window`` off to allow early refreshes.
- Refresh tokens unused for 30 days: 400 ``invalid_grant`` (V for the rule; body U).
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from .clock import Clock
from .store import Store

ACCESS_LIFETIME = 600
EARLIEST_REFRESH = 570
REFRESH_IDLE_LIMIT = 30 * 24 * 3600
CODE_LIFETIME = 180


class OAuthError(Exception):
    def __init__(self, status: int, body: dict | str) -> None:
        super().__init__(str(body))
        self.status = status
        self.body = body


BAD_REQUEST = "Bad Request"  # plain-text body seen for reused/expired codes (reference §1.5, V)
OLD_REFRESH = {"error": "unauthorized_client", "error_description": "Old refresh token used."}


def _same_client(configured: str, given: str) -> bool:
    # Sample client ids appear wrapped in braces (reference §1.2, V): accept both spellings.
    return configured.strip("{}").lower() == (given or "").strip("{}").lower()


class OAuth:
    def __init__(self, store: Store, clock: Clock, app: dict) -> None:
        self.store = store
        self.clock = clock
        self.app = app  # client_id, client_secret, redirect_uri, switches

    # --- authorization request -------------------------------------------------------------
    def authorize(self, params: dict[str, str]) -> str:
        """The redirect location for a valid request; raises OAuthError otherwise."""
        if not _same_client(self.app["client_id"], params.get("client_id", "")):
            raise OAuthError(400, BAD_REQUEST)
        if params.get("redirect_uri") != self.app["redirect_uri"]:
            raise OAuthError(400, BAD_REQUEST)
        if params.get("response_type") != "code":
            raise OAuthError(400, {"error": "unsupported_response_type"})
        code = "XTzM!IAAAA" + secrets.token_urlsafe(24)
        self.store.kv_put("codes", code, {"issued_at": self.clock.now(), "used": False})
        query = {"code": code}
        if "state" in params:
            query["state"] = params["state"]
        return f"{self.app['redirect_uri']}?{urlencode(query)}"

    # --- token endpoint ----------------------------------------------------------------------
    def token(self, form: dict[str, str]) -> dict:
        if not _same_client(self.app["client_id"], form.get("client_id", "")) or (
            form.get("client_secret") != self.app["client_secret"]
        ):
            raise OAuthError(400, {"error": "invalid_client"})
        grant = form.get("grant_type")
        with self.store.atomic():
            if grant == "authorization_code":
                return self._from_code(form)
            if grant == "refresh_token":
                return self._from_refresh(form.get("refresh_token", ""))
        raise OAuthError(400, {"error": "invalid_request"})

    def _from_code(self, form: dict[str, str]) -> dict:
        code = form.get("code", "")
        record = self.store.kv_get("codes", code)
        now = self.clock.now()
        if (
            record is None
            or record["used"]
            or now - record["issued_at"] > CODE_LIFETIME
            or form.get("redirect_uri") != self.app["redirect_uri"]
        ):
            raise OAuthError(400, BAD_REQUEST)
        self.store.kv_put("codes", code, {**record, "used": True})
        return self._issue(parent=None)

    def _from_refresh(self, token: str) -> dict:
        record = self.store.kv_get("refresh", token)
        now = self.clock.now()
        if record is None:
            raise OAuthError(400, {"error": "invalid_grant"})
        if record["old"]:
            raise OAuthError(401, OLD_REFRESH)
        if now - record["issued_at"] > REFRESH_IDLE_LIMIT:
            raise OAuthError(400, {"error": "invalid_grant"})
        if self.app.get("refresh_window", True) and now - record["issued_at"] < EARLIEST_REFRESH:
            raise OAuthError(
                401, {"error": "invalid_request", "error_description": "Access token not expired"}
            )
        self._activate(record["issue"])  # using a refresh token counts as first use of its chain
        if not self.app.get("refresh_grace", True):
            self.store.kv_put("refresh", token, {**record, "old": True})
        return self._issue(parent=token)

    def _issue(self, *, parent: str | None) -> dict:
        issue = secrets.token_hex(8)
        access = "AAEAA" + secrets.token_urlsafe(48)
        refresh = "Gcp7!IAAAA" + secrets.token_urlsafe(48)
        now = self.clock.now()
        self.store.kv_put("issues", issue, {"parent": parent, "active": False, "refresh": refresh})
        self.store.kv_put("access", access, {"issued_at": now, "issue": issue})
        self.store.kv_put("refresh", refresh, {"issued_at": now, "issue": issue, "old": False})
        return {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": str(ACCESS_LIFETIME),
            "refresh_token": refresh,
        }

    def _activate(self, issue_id: str) -> None:
        """First use of a token pair: its parent and every sibling chain's refresh token die."""
        issue = self.store.kv_get("issues", issue_id)
        if issue is None or issue["active"]:
            return
        self.store.kv_put("issues", issue_id, {**issue, "active": True})
        parent = issue["parent"]
        if parent is None:
            return
        self._mark_old(parent)
        for other_id, other in self.store.kv_all("issues").items():
            if other["parent"] == parent and other_id != issue_id:
                self._mark_old(other["refresh"])

    def _mark_old(self, refresh: str) -> None:
        record = self.store.kv_get("refresh", refresh)
        if record is not None and not record["old"]:
            self.store.kv_put("refresh", refresh, {**record, "old": True})

    # --- API calls -----------------------------------------------------------------------------
    def check_bearer(self, header: str | None) -> bool:
        """True for a live access token; a first use retires the refresh token it came from."""
        if not header or not header.lower().startswith("bearer "):
            return False
        with self.store.atomic():
            record = self.store.kv_get("access", header[7:].strip())
            if record is None or self.clock.now() - record["issued_at"] >= ACCESS_LIFETIME:
                return False
            self._activate(record["issue"])
        return True

    def expire_all(self) -> int:
        """Fault switch: every access token is expired from now on; refresh is allowed at once."""
        past = self.clock.now() - ACCESS_LIFETIME - 1
        with self.store.atomic():
            tokens = self.store.kv_all("access")
            for token, record in tokens.items():
                self.store.kv_put("access", token, {**record, "issued_at": past})
            for token, record in self.store.kv_all("refresh").items():
                if not record["old"]:
                    issued = min(record["issued_at"], past)
                    self.store.kv_put("refresh", token, {**record, "issued_at": issued})
        return len(tokens)
