"""Every page needs a signed-in user, except the few that signing in itself needs."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse

from tests.factories import PASSWORD

# URL name -> why an anonymous visitor may see it. Everything else sends them to the login page.
PUBLIC = {
    "healthz": "probed by the orchestrator",
    "readyz": "probed by the orchestrator",
    "account_login": "the login page",
    "account_reset_password": "forgotten password: ask for a link",
    "account_reset_password_done": "forgotten password: link sent",
    "account_reset_password_from_key": "forgotten password: the link from the e-mail",
    "account_reset_password_from_key_done": "forgotten password: new password set",
    "account_signup": "says sign-up is closed",
    "account_inactive": "where a deactivated user's login attempt ends",
    "account_email_verification_sent": "e-mail confirmation, opened from a mail program",
    "account_confirm_email": "e-mail confirmation, opened from a mail program",
    "socialaccount_login_cancelled": "single sign-on cancelled at the identity provider",
    "openid_connect_login": "single sign-on: start",
    "openid_connect_callback": "single sign-on: the identity provider's answer",
    "set_language": "choosing the language on the sign-in page",
    "api_documents": "intake API: authenticated by a bearer token, not a session",
    "api_case_status": "intake API: authenticated by a bearer token, not a session",
    "exact_webhook": "Exact Online's webhook callback, authenticated by its HashCode",
    "language": "choosing the language on the sign-in page; kept on the user once signed in",
}

# Values for the URL parameters that need a particular shape to resolve.
PLACEHOLDERS = {"app_label": "accounts", "provider_id": "sso", "uidb36": "1", "key": "abc"}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _placeholder(match: re.Match) -> str:
    return PLACEHOLDERS.get(match.group(1), "1")


def _example_path(route: str) -> str:
    """A path for ``route`` with its parameters, regex groups or <converters>, filled in."""
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", _placeholder, route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", _placeholder, path)
    return "/" + path.replace("^", "").replace("$", "")


def _all_pages() -> list[tuple[str, str]]:
    """(path, name) for every URL pattern of the project, allauth's and the admin's included."""
    pages = []
    for route, pattern in _walk(get_resolver().url_patterns):
        path = _example_path(route)
        assert resolve(path).func == pattern.callback, f"placeholder path {path} for {route}"
        pages.append((path, pattern.name or route))
    return pages


PAGES = _all_pages()
PRIVATE_PAGES = [(path, name) for path, name in PAGES if name not in PUBLIC]
PUBLIC_PAGES = [(path, name) for path, name in PAGES if name in PUBLIC]


def _lands_on_login(client, path: str) -> bool:
    """Whether an anonymous GET of ``path`` ends, after redirects, on the login page."""
    response = client.get(path, follow=True)
    return bool(response.redirect_chain) and urlsplit(
        response.redirect_chain[-1][0]
    ).path == reverse("account_login")


def test_the_walk_finds_the_app_allauth_and_admin_pages():
    paths = {path for path, _ in PAGES}
    assert {"/", "/healthz", "/accounts/login/", "/accounts/2fa/", "/admin/"} <= paths
    assert len(PRIVATE_PAGES) > 50


def test_every_public_page_in_the_list_exists():
    assert {name for _, name in PUBLIC_PAGES} == set(PUBLIC)


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), PRIVATE_PAGES, ids=[p for p, _ in PRIVATE_PAGES])
def test_anonymous_visitor_is_sent_to_the_login_page(client, path, name):
    assert _lands_on_login(client, path), f"{name} answers anonymous visitors"


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), PUBLIC_PAGES, ids=[p for p, _ in PUBLIC_PAGES])
def test_public_page_answers_without_login(client, path, name):
    if name in {"set_language", "language"}:
        pytest.skip("a POST-only action; see test_language_can_be_chosen_before_signing_in")
    assert not _lands_on_login(client, path)


@pytest.mark.django_db
def test_language_can_be_chosen_before_signing_in(client, settings):
    login = reverse("account_login")

    response = client.post(reverse("set_language"), {"language": "en", "next": login})

    assert response.status_code == 302
    assert response.url == login
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.django_db
def test_the_admin_login_form_is_replaced_by_the_sign_in_page(client):
    # Django's admin login would sign people in without the second factor and the rate limits.
    assert _lands_on_login(client, reverse("admin:login"))


@pytest.mark.django_db
def test_the_admin_login_form_does_not_sign_anyone_in(client, controller):
    client.post(reverse("admin:login"), {"username": controller.username, "password": PASSWORD})
    assert _lands_on_login(client, reverse("admin:index"))


@pytest.mark.django_db
def test_static_files_are_served_without_login(settings):
    settings.WHITENOISE_USE_FINDERS = True
    response = Client().get("/static/css/app.css")
    assert response.status_code == 200


@pytest.mark.django_db
def test_signup_page_says_sign_up_is_closed(client):
    response = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "sign up is currently closed" in response.text


@pytest.mark.django_db
def test_signing_up_creates_no_user(client):
    response = client.post(
        reverse("account_signup"),
        {
            "username": "mallory",
            "email": "mallory@example.test",
            "password1": "a long enough password 1",
            "password2": "a long enough password 1",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "sign up is currently closed" in response.text
    assert not get_user_model().objects.filter(username="mallory").exists()
    assert _lands_on_login(client, reverse("home"))
