"""A standalone WSGI application that behaves like Exact Online as described in
``shared/reference/exact-online-api.md``. It shares no code with the product's client.

Exact-shaped API (reference sections in brackets):

- ``GET  /api/oauth2/auth`` and ``POST /api/oauth2/token`` — OAuth 2.0 [§1], see :mod:`.oauth`.
- ``GET  /api/v1/current/Me`` — one-element collection with ``CurrentDivision`` [§5.1]; no rate
  limit headers and not counted [§3].
- ``/api/v1/{division}/{service}/{Entity}`` — collections (60 a page), ``Entity(guid'…')`` key URLs
  (GET/PUT/DELETE), ``/$count``, navigation such as ``Accounts(guid'…')/BankAccounts``;
  ``bulk/…`` and ``sync/…`` (1000 a page), ``sync/Deleted``; ``read/financial/PayablesList``,
  ``ReceivablesList`` (+ ``…ByAccount?accountId=guid'…'``),
  ``read/logistics/StockPosition?itemId=guid'…'``;
  ``webhooks/WebhookSubscriptions`` [§2, §5, §6, §7].
- ``GET /docs/SysAttachment.aspx?ID=…`` — an attachment's bytes (bearer token required).

Control API (not Exact; for tests and the demo; no authentication, loopback only):

- ``GET  /_simulator/config`` — client id/secret, redirect URI, webhook secret, division, switches.
- ``POST /_simulator/config`` — JSON with any of ``refresh_grace``, ``refresh_window``,
  ``mandatory_filters`` (booleans), ``minutely_limit``, ``daily_limit`` (ints).
- ``GET|POST /_simulator/faults`` — read / set fault switches (see :mod:`.faults`); POST
  ``{"expire_tokens": true}`` expires every access token now.
- ``GET  /_simulator/posted[?entity=PurchaseEntries]`` — every POST/PUT/DELETE received, with
  its status, request body, response and a note when the answer was held back.
- ``GET  /_simulator/webhooks`` — webhook deliveries made (waits briefly for pending ones).
- ``GET|POST /_simulator/clock`` — read; ``{"advance": seconds}`` or
  ``{"at": epoch_seconds, "frozen": bool}`` (token expiry and rate windows follow this clock).
- ``POST /_simulator/reset-limits`` — clears the rate-limit counters.
"""

from __future__ import annotations

import re
import traceback

from .api import handle as handle_api
from .catalog import REGISTRY
from .clock import Clock
from .control import handle as handle_control
from .faults import Faults
from .http import Request, Response, exact_error, json_response, text_response
from .oauth import OAuth, OAuthError
from .ratelimit import TOO_MANY, RateLimiter
from .store import Store
from .webhooks import Notifier
from .writes import Ctx, Invalid

DIVISION_PATH = re.compile(r"^/api/v1/(?:beta/)?(?P<division>\d+)/(?P<rest>.+)$")
KNOWN_TOPICS = {
    "Accounts",
    "BankAccounts",
    "Contacts",
    "Items",
    "StockPositions",
    "GLAccounts",
    "Documents",
    "SalesEntries",
    "PurchaseEntries",
    "GeneralJournalEntries",
    "BankEntries",
    "CashEntries",
    "SalesInvoices",
    "SalesOrders",
    "PurchaseOrders",
    "GoodsDeliveries",
    "Quotations",
    "Subscriptions",
    "CostTransactions",
    "TimeTransactions",
    "ProjectPlanning",
    "FinancialTransactions",
}  # reference §7.1


class Simulator:
    """The WSGI callable. ``config`` is the seeded app registration and user (see :mod:`.seed`)."""

    def __init__(self, store: Store, config: dict, *, seed: str = "demo") -> None:
        self.store = store
        self.config = config
        self.registry = REGISTRY
        self.clock = Clock()
        self.faults = Faults(seed)
        self.oauth = OAuth(store, self.clock, config)
        self.limits = RateLimiter(
            self.clock,
            minutely=config.get("minutely_limit", 60),
            daily=config.get("daily_limit", 5000),
        )
        self.notifier = Notifier(
            store, client_id=config["client_id"], secret=config["webhook_secret"]
        )

    def __call__(self, environ, start_response):
        req = Request.from_environ(environ)
        try:
            response = self.dispatch(req)
        except Exception:
            traceback.print_exc()
            response = exact_error(500, "An unexpected error occurred in the simulator.")
        start_response(
            response.status_line(), [*response.headers, ("Content-Length", str(len(response.body)))]
        )
        return [response.body]

    def dispatch(self, req: Request) -> Response:
        if req.path.startswith("/_simulator/"):
            return handle_control(self, req)
        failure = self.faults.before_request()
        if failure is not None:
            return exact_error(failure, "The service is temporarily unavailable.")
        if req.path == "/api/oauth2/auth" and req.method == "GET":
            return self._authorize(req)
        if req.path == "/api/oauth2/token" and req.method == "POST":
            return self._token(req)
        if not self.oauth.check_bearer(req.headers.get("authorization")):
            # 401 for a missing, unknown or expired access token (reference §4, V; body text U).
            return exact_error(
                401, "Unauthorized: the access token is missing, invalid or expired."
            )
        if req.path.lower().rstrip("/") == "/api/v1/current/me":
            return self._me(req)
        if req.path.startswith("/docs/SysAttachment.aspx"):
            return self._attachment(req)
        match = DIVISION_PATH.match(req.path)
        if not match:
            return exact_error(404, "Not found")
        division = int(match["division"])
        if division not in self.config["divisions"]:
            return exact_error(
                403,
                "Forbidden - User division is not within division scope",
                [("Reason", "NoDivisionAccess")],
            )
        allowed, headers = self.limits.hit(self.config["client_id"], division)
        if not allowed:
            return exact_error(429, TOO_MANY, headers)
        response = handle_api(self, req, division, match["rest"])
        response.headers.extend(headers)
        return response

    def _authorize(self, req: Request) -> Response:
        try:
            location = self.oauth.authorize(req.query())
        except OAuthError as exc:
            return _oauth_error(exc)
        return Response(302, b"", [("Location", location)])

    def _token(self, req: Request) -> Response:
        try:
            return json_response(200, self.oauth.token(req.form()))
        except OAuthError as exc:
            return _oauth_error(exc)

    def _me(self, req: Request) -> Response:
        c = self.config
        me = {
            "__metadata": {
                "uri": f"{req.base_url}/api/v1/current/Me(guid'{c['user_id']}')",
                "type": "Exact.Web.Api.System.Me",
            },
            "UserID": c["user_id"],
            "CurrentDivision": c["divisions"][0],
            "AccountingDivision": c["divisions"][0],
            "DivisionCustomer": c["customer_id"],
            "DivisionCustomerCode": c["customer_code"],
            "DivisionCustomerName": c["company"],
            "DivisionCustomerVatNumber": c["company_vat"],
            "Email": c["email"],
            "FullName": c["user_name"],
            "FirstName": c["user_name"].split()[0],
            "LastName": c["user_name"].split()[-1],
            "UserName": c["email"],
            "LanguageCode": "nl-NL",
            "Language": "NL",
            "Legislation": 1,
            "PackageCode": "ACC",
            "PictureUrl": None,
            "ServerTime": self.clock.local_iso(),
            "ServerUtcOffset": 3600.0,
        }
        select = [s for s in req.query().get("$select", "").split(",") if s]
        if select and "*" not in select:
            me = {k: v for k, v in me.items() if k in select or k == "__metadata"}
        return json_response(200, {"d": {"results": [me]}})

    def _attachment(self, req: Request) -> Response:
        stored = self.store.kv_get("attachments", req.query().get("ID", "").lower())
        if stored is None:
            return exact_error(404, "Attachment not found.")
        import base64

        data = base64.b64decode(stored["base64"] or "")
        return Response(200, data, [("Content-Type", "application/octet-stream")])

    # --- helpers for the API modules -----------------------------------------------------------
    def context(self, req: Request, division: int) -> Ctx:
        return Ctx(
            store=self.store,
            registry=self.registry,
            clock=self.clock,
            division=division,
            user_id=self.config["user_id"],
            user_name=self.config["user_name"],
            client_id=self.config["client_id"],
            api_base=f"{req.base_url}/api/v1/{division}",
        )

    def prepare_subscription(self, body: object) -> object:
        """Topic check and the callback's validation POST before a subscription is created."""
        if not isinstance(body, dict):
            return body
        topic = body.get("Topic")
        if topic and topic not in KNOWN_TOPICS:
            raise Invalid(f"Invalid: Topic '{topic}'")
        if body.get("IsInstant") and topic != "GoodsDeliveries":
            raise Invalid("Invalid: IsInstant is only allowed for topic GoodsDeliveries")
        if body.get("CallbackURL"):
            problem = self.notifier.validate_callback(str(body["CallbackURL"]))
            if problem:
                raise Invalid(problem)
        return body

    def notify(self, ctx: Ctx, spec, row: dict, action: str) -> None:
        topic = spec.topic
        if spec.parent is not None:
            topic = self.registry.by_name[spec.parent[1]].topic
            row_key = row.get(spec.parent[0])
            spec = self.registry.by_name[spec.parent[1]]
        else:
            row_key = row.get(spec.key)
        if not topic:
            return
        endpoint = f"{ctx.api_base}/{spec.path}(guid'{row_key}')"
        self.notifier.notify(
            division=ctx.division,
            topic=topic,
            action=action,
            key=str(row_key),
            endpoint=endpoint,
            at=self.clock.local_iso(),
        )


def _oauth_error(exc: OAuthError) -> Response:
    if isinstance(exc.body, str):
        return text_response(exc.status, exc.body)
    return json_response(exc.status, exc.body)
