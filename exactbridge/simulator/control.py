"""The control API under ``/_simulator/`` (documented in :mod:`.app`). Not part of Exact's API:
it is how tests and the demo steer the simulator and read back what was posted to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .http import Request, Response, json_response

if TYPE_CHECKING:
    from .app import Simulator

SWITCHES = {"refresh_grace": bool, "refresh_window": bool, "mandatory_filters": bool}
PUBLIC_CONFIG = (
    "client_id",
    "client_secret",
    "redirect_uri",
    "webhook_secret",
    "divisions",
    "user_id",
    "user_name",
    "email",
    "company",
    *SWITCHES,
)


def _problem(status: int, message: str) -> Response:
    return json_response(status, {"detail": message})


def handle(sim: Simulator, req: Request) -> Response:
    name = req.path.removeprefix("/_simulator/").strip("/")
    body: dict = {}
    if req.method == "POST":
        try:
            parsed = req.json() if req.body else {}
        except ValueError:
            return _problem(400, "Body must be JSON.")
        if not isinstance(parsed, dict):
            return _problem(400, "Body must be a JSON object.")
        body = parsed
    elif req.method != "GET":
        return _problem(405, "GET or POST only.")
    handler = HANDLERS.get(name)
    if handler is None:
        return _problem(404, f"Unknown control endpoint '{name}'.")
    try:
        return handler(sim, req, body)
    except (KeyError, ValueError, TypeError) as exc:
        return _problem(400, f"Bad control request: {exc}")


def _config(sim: Simulator, req: Request, body: dict) -> Response:
    for key, value in body.items():
        if key in SWITCHES:
            if not isinstance(value, bool):
                raise ValueError(f"{key} must be true or false")
            sim.config[key] = value
        elif key in {"minutely_limit", "daily_limit"}:
            sim.config[key] = int(value)
            sim.limits.configure(**{key.removesuffix("_limit"): int(value)})
        else:
            raise KeyError(key)
    public = {k: sim.config.get(k) for k in PUBLIC_CONFIG}
    public |= {"minutely_limit": sim.limits.minutely, "daily_limit": sim.limits.daily}
    return json_response(200, public)


def _faults(sim: Simulator, req: Request, body: dict) -> Response:
    expired = None
    if body.pop("expire_tokens", False):
        expired = sim.oauth.expire_all()
    state = sim.faults.update(body)
    if expired is not None:
        state["expired_tokens"] = expired
    return json_response(200, state)


def _posted(sim: Simulator, req: Request, body: dict) -> Response:
    return json_response(200, {"posted": sim.store.posted(req.query().get("entity"))})


def _webhooks(sim: Simulator, req: Request, body: dict) -> Response:
    sim.notifier.wait(timeout=5.0)
    return json_response(200, {"deliveries": sim.notifier.deliveries()})


def _clock(sim: Simulator, req: Request, body: dict) -> Response:
    if "advance" in body:
        sim.clock.advance(float(body["advance"]))
    if "at" in body or "frozen" in body:
        at = body.get("at")
        sim.clock.set(at=float(at) if at is not None else None, frozen=body.get("frozen"))
    return json_response(200, sim.clock.state())


def _reset_limits(sim: Simulator, req: Request, body: dict) -> Response:
    sim.limits.reset()
    return json_response(200, {"reset": True})


HANDLERS = {
    "config": _config,
    "faults": _faults,
    "posted": _posted,
    "webhooks": _webhooks,
    "clock": _clock,
    "reset-limits": _reset_limits,
}
