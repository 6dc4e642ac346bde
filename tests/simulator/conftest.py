"""A fresh simulator per test on a free loopback port, talked to over real HTTP.

The demo seed is built once per session and copied into each test's own in-memory store.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from exactbridge.simulator.app import Simulator
from exactbridge.simulator.seed import seed
from exactbridge.simulator.server import Running, start_in_thread
from exactbridge.simulator.store import Store

TIMEOUT = 5


@pytest.fixture(scope="session")
def demo_store():
    store = Store(":memory:")
    seed(store, "demo")
    yield store
    store.close()


@pytest.fixture
def sim(demo_store) -> Running:
    store = demo_store.clone()
    running = start_in_thread(Simulator(store, seed(store, "demo")))
    yield running
    running.stop()


@pytest.fixture
def cfg(sim) -> dict:
    return requests.get(f"{sim.base_url}/_simulator/config", timeout=TIMEOUT).json()


def control(sim: Running, name: str, body: dict | None = None) -> dict:
    url = f"{sim.base_url}/_simulator/{name}"
    if body is None:
        response = requests.get(url, timeout=TIMEOUT)
    else:
        response = requests.post(url, json=body, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    return response.json()


def authorize(sim: Running, cfg: dict) -> str:
    response = requests.get(
        f"{sim.base_url}/api/oauth2/auth",
        params={
            "client_id": cfg["client_id"],
            "redirect_uri": cfg["redirect_uri"],
            "response_type": "code",
            "state": "s1",
        },
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert response.status_code == 302, response.text
    return parse_qs(urlparse(response.headers["Location"]).query)["code"][0]


def token_call(sim: Running, cfg: dict, **form) -> requests.Response:
    data = {"client_id": cfg["client_id"], "client_secret": cfg["client_secret"], **form}
    return requests.post(f"{sim.base_url}/api/oauth2/token", data=data, timeout=TIMEOUT)


def get_tokens(sim: Running, cfg: dict) -> dict:
    code = authorize(sim, cfg)
    response = token_call(
        sim, cfg, grant_type="authorization_code", code=code, redirect_uri=cfg["redirect_uri"]
    )
    assert response.status_code == 200, response.text
    return response.json()


@dataclass
class Api:
    """Bearer-authenticated calls to ``/api/v1/{division}/…``."""

    sim: Running
    division: int
    token: str

    @property
    def base(self) -> str:
        return f"{self.sim.base_url}/api/v1/{self.division}"

    def headers(self, **extra) -> dict:
        return {"Authorization": f"Bearer {self.token}", "Accept": "application/json", **extra}

    def get(self, path: str, **params) -> requests.Response:
        url = path if path.startswith("http") else f"{self.base}/{path}"
        return requests.get(url, params=params or None, headers=self.headers(), timeout=TIMEOUT)

    def post(self, path: str, body: dict, *, timeout: float = TIMEOUT, **headers):
        return requests.post(
            f"{self.base}/{path}",
            json=body,
            headers=self.headers(Prefer="return=representation", **headers),
            timeout=timeout,
        )

    def rows(self, path: str, **params) -> list[dict]:
        response = self.get(path, **params)
        assert response.status_code == 200, response.text
        return response.json()["d"]["results"]


@pytest.fixture
def api(sim, cfg) -> Api:
    return Api(sim, cfg["divisions"][0], get_tokens(sim, cfg)["access_token"])
