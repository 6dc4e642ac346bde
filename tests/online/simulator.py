"""Helpers for talking to the simulator over loopback HTTP (its control API and its OAuth)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import requests

from exactbridge.simulator.server import Running

TIMEOUT = 5


def control(sim: Running, name: str, body: dict | None = None) -> dict:
    url = f"{sim.base_url}/_simulator/{name}"
    if body is None:
        response = requests.get(url, timeout=TIMEOUT)
    else:
        response = requests.post(url, json=body, timeout=TIMEOUT)
    response.raise_for_status()
    return response.json()


def browser_authorizes(authorize_url: str) -> dict[str, str]:
    """What a browser does at Exact: follow the authorize URL; the query of the redirect back."""
    response = requests.get(authorize_url, allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code == 302, response.text
    return {
        key: values[0]
        for key, values in parse_qs(urlparse(response.headers["Location"]).query).items()
    }


def refresh_token_by_hand(sim: Running, cfg: dict) -> str:
    """A refresh token obtained outside ExactBridge, as IT would bring to exact_connect."""
    code = browser_authorizes(
        f"{sim.base_url}/api/oauth2/auth?client_id={cfg['client_id']}"
        f"&redirect_uri={cfg['redirect_uri']}&response_type=code"
    )["code"]
    response = requests.post(
        f"{sim.base_url}/api/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": cfg["redirect_uri"],
            "client_id": cfg["client_id"],
            "client_secret": cfg["client_secret"],
        },
        timeout=TIMEOUT,
    )
    response.raise_for_status()
    return response.json()["refresh_token"]


class SimulatorClock:
    """A fake clock that moves the simulator's clock along: sleeping costs no real time."""

    def __init__(self, sim: Running, start: float) -> None:
        self.sim = sim
        self.current = start
        control(sim, "clock", {"at": start, "frozen": True})

    def now(self) -> float:
        return self.current

    def sleep(self, seconds: float) -> None:
        self.current += max(seconds, 0)
        control(self.sim, "clock", {"at": self.current, "frozen": True})
