"""Dutch and English: a signed-in user's saved language wins over the browser's; amounts and
dates follow the language."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.cases.conftest import make_case

QUEUE = reverse("cases:queue", args=["acme"]) + "?queue=approval"


@pytest.fixture
def invoice(administration):
    return make_case(administration, total="1234.56", number="F-NL-1")


def _use(user, language: str):
    user.language = language
    user.save(update_fields=["language"])
    return user


def test_a_dutch_user_sees_the_queue_in_dutch(client, accountant, invoice):
    client.force_login(_use(accountant, "nl"))

    page = client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en").text

    assert '<html lang="nl">' in page
    assert "Te controleren" in page
    assert "Klaar voor goedkeuring" in page
    assert "To review" not in page
    assert "EUR 1.234,56" in page
    assert "1-3-2025" in page


def test_an_english_user_sees_the_queue_in_english(client, accountant, invoice):
    client.force_login(_use(accountant, "en"))

    page = client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="nl").text

    assert '<html lang="en">' in page
    assert "To review" in page
    assert "Ready for approval" in page
    assert "Te controleren" not in page
    assert "EUR 1,234.56" in page
    assert "03/01/2025" in page


@pytest.mark.parametrize(("browser", "label"), [("nl", "Te controleren"), ("en", "To review")])
def test_without_a_saved_language_the_browser_decides(client, accountant, invoice, browser, label):
    client.force_login(_use(accountant, ""))

    assert label in client.get(QUEUE, HTTP_ACCEPT_LANGUAGE=browser).text


def test_the_saved_language_wins_over_the_language_cookie(client, accountant, invoice):
    client.force_login(_use(accountant, "nl"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    assert "Te controleren" in client.get(QUEUE).text


def test_choosing_a_language_keeps_it_for_the_user(client, accountant, invoice):
    client.force_login(_use(accountant, "nl"))

    response = client.post(reverse("accounts:language"), {"language": "en", "next": QUEUE})

    assert response.status_code == 302
    assert response.url == QUEUE
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    accountant.refresh_from_db()
    assert accountant.language == "en"
    # On another device (no cookie, a Dutch browser) the choice holds.
    client.cookies.clear()
    client.force_login(accountant)
    assert "To review" in client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="nl").text


def test_an_unknown_language_changes_nothing(client, accountant):
    client.force_login(_use(accountant, "nl"))

    client.post(reverse("accounts:language"), {"language": "xx", "next": "/"})

    accountant.refresh_from_db()
    assert accountant.language == "nl"


def test_a_signed_out_visitor_can_choose_a_language(client, db):
    response = client.post(
        reverse("accounts:language"), {"language": "en", "next": reverse("account_login")}
    )

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Sign In" in client.get(reverse("account_login")).text


def test_the_admin_speaks_the_controllers_language(client, controller, invoice):
    client.force_login(_use(controller, "nl"))

    page = client.get(reverse("admin:cases_case_changelist"), HTTP_ACCEPT_LANGUAGE="en").text

    assert "Geselecteerde dossiers exporteren als CSV" in page
    assert "EUR 1.234,56" in page
