"""The mirror's cast: a simulator over loopback and an administration connected to it."""

from __future__ import annotations

import pytest
import requests

from exactbridge.online import services
from tests.online.conftest import admin, sim, sim_config, simulator_store  # noqa: F401
from tests.online.simulator import browser_authorizes, control

TIMEOUT = 5


@pytest.fixture
def connected(sim, sim_config, administration, admin):  # noqa: F811
    """The administration connected to the simulator's division, minute limit out of the way."""
    control(sim, "config", {"minutely_limit": 100000})
    url, pending = services.start_authorization(
        administration=administration,
        base_url=sim.base_url,
        client_id=sim_config["client_id"],
        client_secret=sim_config["client_secret"],
        redirect_uri=sim_config["redirect_uri"],
    )
    answer = browser_authorizes(url)
    checked = services.check_callback(stored=pending.as_session(), state=answer["state"])
    return services.complete_authorization(
        administration=administration, pending=checked, code=answer["code"], actor=admin
    )


class ExactApi:
    """Changes made in "Exact" by someone else: straight calls to the simulator's REST API."""

    def __init__(self, sim, connection) -> None:  # noqa: F811
        connection.refresh_from_db()
        self.base = f"{sim.base_url}/api/v1/{connection.division}"
        self.headers = {
            "Authorization": f"Bearer {connection.access_token}",
            "Accept": "application/json",
            "Prefer": "return=representation",
        }

    def create(self, path: str, body: dict) -> dict:
        response = requests.post(
            f"{self.base}/{path}", json=body, headers=self.headers, timeout=TIMEOUT
        )
        assert response.status_code == 201, response.text
        return response.json()["d"]

    def delete(self, path: str, key: str) -> None:
        response = requests.delete(
            f"{self.base}/{path}(guid'{key}')", headers=self.headers, timeout=TIMEOUT
        )
        assert response.status_code == 204, response.text

    def update(self, path: str, key: str, body: dict) -> None:
        response = requests.put(
            f"{self.base}/{path}(guid'{key}')", json=body, headers=self.headers, timeout=TIMEOUT
        )
        assert response.status_code == 204, response.text


@pytest.fixture
def exact(sim, connected):  # noqa: F811
    return ExactApi(sim, connected)
