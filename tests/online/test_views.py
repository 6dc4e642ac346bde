"""The 'Connect to Exact Online' pages: who may use them, the state check, the division."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
import responses

from exactbridge.administrations.models import Administration
from exactbridge.audit.models import AuditEvent
from exactbridge.online.models import ExactOnlineConnection
from exactbridge.online.views import PENDING_KEY
from tests.online.conftest import BASE, DIVISION, TOKEN_URL, make_connection

PAGE = "/online/acme/"
CALLBACK = "/online/oauth/callback/"


@pytest.fixture
def exact():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def as_admin(client, admin):
    client.force_login(admin)
    return client


def start(as_admin) -> str:
    response = as_admin.post(
        f"{PAGE}connect/",
        {"base_url": BASE, "client_id": "app-id", "client_secret": "app-secret"},
    )
    assert response.status_code == 302
    return parse_qs(urlparse(response["Location"]).query)["state"][0]


def test_outsider_gets_404(client, outsider, administration):
    client.force_login(outsider)
    assert client.get(PAGE).status_code == 404
    assert client.post(f"{PAGE}connect/", {"base_url": BASE}).status_code == 404


@pytest.mark.parametrize("member", ["viewer", "accountant", "controller"])
def test_members_who_are_not_administrators_get_403(client, request, member):
    client.force_login(request.getfixturevalue(member))
    assert client.get(PAGE).status_code == 403
    assert client.post(f"{PAGE}connect/", {"base_url": BASE}).status_code == 403
    assert client.post(f"{PAGE}disconnect/").status_code == 403


def test_the_administrator_sees_the_connect_form_with_the_country_hosts(as_admin):
    response = as_admin.get(PAGE)
    assert response.status_code == 200
    content = response.content.decode()
    for host in ("start.exactonline.nl", "start.exactonline.be", "start.exactonline.co.uk"):
        assert host in content


def test_connecting_sends_the_browser_to_exact_with_a_state_kept_in_the_session(as_admin):
    response = as_admin.post(
        f"{PAGE}connect/",
        {
            "base_url": "https://start.exactonline.de",
            "client_id": "app-id",
            "client_secret": "the-app-secret",
        },
    )

    location = urlparse(response["Location"])
    query = parse_qs(location.query)
    assert (location.netloc, location.path) == ("start.exactonline.de", "/api/oauth2/auth")
    assert query["redirect_uri"] == ["http://testserver/online/oauth/callback/"]
    assert query["state"][0] == as_admin.session[PENDING_KEY]["state"]
    assert "the-app-secret" not in str(dict(as_admin.session))  # kept encrypted


def test_an_unknown_host_is_refused(as_admin):
    response = as_admin.post(
        f"{PAGE}connect/", {"base_url": "https://evil.example", "client_id": "x"}
    )
    assert response.status_code == 400


def test_a_callback_with_the_wrong_state_is_refused(as_admin, exact):
    start(as_admin)

    response = as_admin.get(CALLBACK, {"code": "XTzM!abc", "state": "forged"})

    assert response.status_code == 400
    assert not ExactOnlineConnection.objects.exists()
    assert len(exact.calls) == 0


def test_a_callback_without_a_started_connection_is_refused(as_admin):
    response = as_admin.get(CALLBACK, {"code": "XTzM!abc", "state": "anything"})
    assert response.status_code == 400


def test_a_state_is_good_for_one_callback_only(as_admin, exact):
    state = start(as_admin)
    exact.post(TOKEN_URL, status=400, body="Bad Request")
    as_admin.get(CALLBACK, {"code": "XTzM!abc", "state": state})

    assert as_admin.get(CALLBACK, {"code": "XTzM!abc", "state": state}).status_code == 400


def test_the_callback_connects_and_starts_in_the_current_division(as_admin, exact, admin):
    state = start(as_admin)
    exact.post(
        TOKEN_URL,
        json={
            "access_token": "a1",
            "token_type": "bearer",
            "expires_in": "600",
            "refresh_token": "r1",
        },
    )
    exact.get(f"{BASE}/api/v1/current/Me", json={"d": {"results": [{"CurrentDivision": DIVISION}]}})

    response = as_admin.get(CALLBACK, {"code": "XTzM!IAAAACbP", "state": state})

    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}division/"
    connection = ExactOnlineConnection.objects.get()
    assert (connection.refresh_token, connection.division, connection.connected_by) == (
        "r1",
        DIVISION,
        admin,
    )
    assert connection.client_secret == "app-secret"
    assert "code=XTzM%21IAAAACbP" in exact.calls[0].request.body  # sent decoded, form-encoded
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "exact_online.connected" in actions
    assert "exact_online.division_chosen" in actions


def test_exact_declining_the_authorization_is_shown(as_admin):
    state = start(as_admin)
    response = as_admin.get(CALLBACK, {"error": "access_denied", "state": state})
    assert response.status_code == 400
    assert not ExactOnlineConnection.objects.exists()


def test_the_administrator_picks_one_of_the_divisions_exact_lists(
    as_admin, exact, administration, clock
):
    make_connection(administration, clock, access_token_expires_at=None, access_token="")
    exact.post(
        TOKEN_URL,
        json={
            "access_token": "a2",
            "token_type": "bearer",
            "expires_in": "600",
            "refresh_token": "r2",
        },
    )
    divisions = {
        "d": {
            "results": [
                {"Code": DIVISION, "Description": "Groothandel"},
                {"Code": 777001, "Description": "Holding"},
            ]
        }
    }
    exact.get(f"{BASE}/api/v1/{DIVISION}/system/Divisions", json=divisions)

    page = as_admin.get(f"{PAGE}division/")
    assert "Holding" in page.content.decode()
    refused = as_admin.post(f"{PAGE}division/", {"division": "123"})
    chosen = as_admin.post(f"{PAGE}division/", {"division": "777001"})

    assert refused.status_code == 400
    assert chosen.status_code == 302
    assert ExactOnlineConnection.objects.get().division == 777001
    assert Administration.objects.get(pk=administration.pk).division == 777001
    assert AuditEvent.objects.filter(action="exact_online.division_chosen").count() == 1


def test_the_page_shows_reconnect_needed(as_admin, administration, clock):
    make_connection(
        administration,
        clock,
        status=ExactOnlineConnection.Status.RECONNECT_NEEDED,
        status_reason="Exact Online refused the refresh token: Old refresh token used.",
    )
    content = as_admin.get(PAGE).content.decode()
    assert "Reconnect needed" in content
    assert "Old refresh token used." in content


def test_disconnecting_forgets_the_connection_and_is_audited(as_admin, administration, clock):
    make_connection(administration, clock)

    response = as_admin.post(f"{PAGE}disconnect/")

    assert response.status_code == 302
    assert not ExactOnlineConnection.objects.exists()
    assert AuditEvent.objects.filter(action="exact_online.disconnected").count() == 1


def test_the_badge_shows_the_state_for_dashboards(administration, clock):
    from django.template import Context, Template

    template = Template("{% load exact_online %}{% exact_online_badge administration %}")
    assert "Not connected" in template.render(Context({"administration": administration}))
    make_connection(administration, clock, status="reconnect_needed")
    assert "Reconnect needed" in template.render(Context({"administration": administration}))
