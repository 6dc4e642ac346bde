"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Chromium is the system's (``bin/setup`` installs the ``chromium`` package); Playwright's own
browser download is never used. Each test gets a fresh browser context (its own cookies and
language) in one browser shared by the browser tests, and a database that is emptied after it, since
the live server answers from another thread and sees only committed data.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from playwright.sync_api import sync_playwright

from tests.factories import PASSWORD

# An administration connected to the Exact simulator, its mirror filled: the posting flow.
from tests.flow.conftest import (  # noqa: F401
    admin,
    connected,
    sim,
    sim_config,
    simulator_store,
    synced,
)

CHROMIUM = Path("/usr/bin/chromium")
# Headless without a GPU, and without the background calls to Google's services that this
# closed network refuses. Playwright adds a fresh, empty --user-data-dir of its own.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
TIMEOUT_MS = 10_000


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser tests, closed when they are done.

    Playwright's sync API keeps an asyncio loop running in this thread while it is open, which
    Django takes for an async context and refuses the ORM in; the tests here only drive the
    browser between their own database steps, so Django's guard is lifted for that time.
    """
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: bin/setup installs Debian's chromium package")
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _browser_settings(settings):
    # The live server speaks plain HTTP, whatever the environment says about HTTPS.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # A code typed as its 30-second step runs out still counts, as with a real phone's clock.
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture
def new_page(browser, live_server):
    """Opens pages in fresh browser contexts (one per person) that speak ``locale``."""
    contexts = []

    def open_page(*, locale: str = "en-GB"):
        context = browser.new_context(
            base_url=live_server.url, locale=locale, viewport={"width": 1400, "height": 1000}
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def save_screenshot(page, name: str) -> Path:
    """The whole page as ``artifacts/screenshots/<name>.png``, replaced on every run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def activate_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def sign_in(page, username: str, *, totp_secret: str | None = None) -> None:
    """Through the sign-in page, and the code page when the user has TOTP set up."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form[action$='/login/'] button[type=submit]").click()
    if totp_secret is not None:
        code = page.locator("input[name=code]")
        code.fill(totp_code(totp_secret))
        code.press("Enter")
    page.locator("header.topbar .who").wait_for()
