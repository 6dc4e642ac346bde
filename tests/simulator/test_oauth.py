"""OAuth 2.0 as the reference describes it (§1.2-§1.5)."""

import requests

from tests.simulator.conftest import TIMEOUT, authorize, control, get_tokens, token_call

OLD_REFRESH = {"error": "unauthorized_client", "error_description": "Old refresh token used."}


def _me(sim, token):
    return requests.get(
        f"{sim.base_url}/api/v1/current/Me",
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        timeout=TIMEOUT,
    )


def _refresh(sim, cfg, refresh_token):
    return token_call(sim, cfg, grant_type="refresh_token", refresh_token=refresh_token)


def test_code_grant_issues_access_and_refresh_token_with_expires_in_600_as_string(sim, cfg):
    code = authorize(sim, cfg)
    assert "!" in code
    response = token_call(
        sim, cfg, grant_type="authorization_code", code=code, redirect_uri=cfg["redirect_uri"]
    )
    body = response.json()
    assert response.status_code == 200
    assert body["expires_in"] == "600"
    assert body["token_type"].lower() == "bearer"
    assert body["access_token"] and body["refresh_token"]


def test_authorization_code_is_single_use(sim, cfg):
    code = authorize(sim, cfg)
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": cfg["redirect_uri"]}
    assert token_call(sim, cfg, **form).status_code == 200
    again = token_call(sim, cfg, **form)
    assert again.status_code == 400
    assert again.text == "Bad Request"


def test_wrong_client_secret_is_invalid_client(sim, cfg):
    response = token_call(
        sim, cfg, grant_type="refresh_token", refresh_token="x", client_secret="wrong"
    )
    assert response.status_code == 400
    assert response.json() == {"error": "invalid_client"}


def test_authorize_refuses_an_unregistered_redirect_uri(sim, cfg):
    response = requests.get(
        f"{sim.base_url}/api/oauth2/auth",
        params={
            "client_id": cfg["client_id"],
            "redirect_uri": "https://evil.example/cb",
            "response_type": "code",
        },
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert response.status_code == 400


def test_refresh_rotates_and_a_used_refresh_token_is_refused_once_the_new_one_is_used(sim, cfg):
    first = get_tokens(sim, cfg)
    control(sim, "clock", {"advance": 571})
    second = _refresh(sim, cfg, first["refresh_token"])
    assert second.status_code == 200, second.text
    assert second.json()["refresh_token"] != first["refresh_token"]
    assert _me(sim, second.json()["access_token"]).status_code == 200

    again = _refresh(sim, cfg, first["refresh_token"])

    assert again.status_code == 401
    assert again.json() == OLD_REFRESH


def test_parallel_refreshes_both_succeed_but_only_the_chain_used_first_survives(sim, cfg):
    first = get_tokens(sim, cfg)
    control(sim, "clock", {"advance": 571})
    a = _refresh(sim, cfg, first["refresh_token"]).json()
    b = _refresh(sim, cfg, first["refresh_token"]).json()
    assert a["access_token"] != b["access_token"]

    assert _me(sim, a["access_token"]).status_code == 200
    control(sim, "clock", {"advance": 571})

    assert _refresh(sim, cfg, b["refresh_token"]).json() == OLD_REFRESH
    assert _refresh(sim, cfg, a["refresh_token"]).status_code == 200


def test_without_grace_a_refresh_token_is_refused_on_second_use(sim, cfg):
    control(sim, "config", {"refresh_grace": False})
    first = get_tokens(sim, cfg)
    control(sim, "clock", {"advance": 571})
    assert _refresh(sim, cfg, first["refresh_token"]).status_code == 200
    again = _refresh(sim, cfg, first["refresh_token"])
    assert (again.status_code, again.json()) == (401, OLD_REFRESH)


def test_refresh_before_570_seconds_is_refused(sim, cfg):
    first = get_tokens(sim, cfg)
    control(sim, "clock", {"advance": 500})
    response = _refresh(sim, cfg, first["refresh_token"])
    assert response.status_code == 401
    assert "Access token not expired" in response.text


def test_access_token_expires_after_600_seconds(sim, cfg):
    token = get_tokens(sim, cfg)["access_token"]
    control(sim, "clock", {"advance": 599})
    assert _me(sim, token).status_code == 200
    control(sim, "clock", {"advance": 1})
    response = _me(sim, token)
    assert response.status_code == 401
    assert response.json()["error"]["message"]["value"]


def test_missing_or_unknown_bearer_gets_401(sim, cfg):
    assert _me(sim, "not-a-token").status_code == 401
    response = requests.get(
        f"{sim.base_url}/api/v1/{cfg['divisions'][0]}/financial/GLAccounts", timeout=TIMEOUT
    )
    assert response.status_code == 401
    assert set(response.json()["error"]) == {"code", "message"}
