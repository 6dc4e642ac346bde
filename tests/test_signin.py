"""Signing in: password by username or e-mail, rate limits, the second factor, single sign-on."""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse

from exactbridge.administrations.services import get_coworker
from tests.factories import PASSWORD
from tests.test_settings import settings_from_env

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
MFA = reverse("mfa_authenticate")


def sign_in(client, login: str, password: str = PASSWORD):
    return client.post(LOGIN, {"login": login, "password": password}, HTTP_ACCEPT_LANGUAGE="en")


def is_signed_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


def totp_code(secret: str, *, offset: int = 0) -> str:
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


def invalid_totp_code(secret: str) -> str:
    window = range(-mfa_settings.TOTP_TOLERANCE - 1, mfa_settings.TOTP_TOLERANCE + 2)
    valid = {totp_code(secret, offset=offset) for offset in window}
    return next(code for code in (f"{n:06}" for n in range(1_000_000)) if code not in valid)


def activate_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_sign_in_by_username(client, accountant):
    response = sign_in(client, "accountant")
    assert response.status_code == 302
    assert is_signed_in(client)


def test_sign_in_by_email_address(client, accountant):
    sign_in(client, "Accountant@Example.test")
    assert is_signed_in(client)


def test_wrong_password_is_refused(client, accountant):
    response = sign_in(client, "accountant", "not the password")
    assert response.status_code == 200
    assert not is_signed_in(client)


def test_unknown_user_is_refused(client, accountant):
    sign_in(client, "nobody")
    assert not is_signed_in(client)


def test_after_five_failures_even_the_right_password_is_refused(client, accountant):
    for _ in range(5):
        sign_in(client, "accountant", "guess")
    response = sign_in(client, "accountant")
    assert "Too many failed login attempts" in response.text
    assert not is_signed_in(client)


def test_failures_for_one_account_do_not_lock_out_another(client, accountant, approver):
    for _ in range(5):
        sign_in(client, "accountant", "guess")
    sign_in(client, "approver")
    assert is_signed_in(client)


def test_inactive_user_is_refused(client, accountant):
    accountant.is_active = False
    accountant.save()
    sign_in(client, "accountant")
    assert not is_signed_in(client)


def test_coworker_cannot_sign_in(client):
    get_coworker()
    sign_in(client, "coworker", PASSWORD)
    assert not is_signed_in(client)


def test_coworker_cannot_sign_in_even_with_a_password_set(client):
    coworker = get_coworker()
    coworker.set_password(PASSWORD)
    coworker.save()
    response = sign_in(client, "coworker")
    assert response["Location"] == reverse("account_inactive")
    assert not is_signed_in(client)


def test_totp_user_needs_a_code_after_the_password(client, accountant):
    secret = activate_totp(accountant)
    response = sign_in(client, "accountant")
    assert response["Location"] == MFA
    assert not is_signed_in(client)
    assert 'name="code"' in client.get(MFA).text

    client.post(MFA, {"code": totp_code(secret)})
    assert is_signed_in(client)


def test_wrong_totp_code_is_refused(client, accountant):
    secret = activate_totp(accountant)
    sign_in(client, "accountant")
    response = client.post(MFA, {"code": invalid_totp_code(secret)})
    assert response.status_code == 200
    assert not is_signed_in(client)


def test_skipping_the_totp_step_does_not_sign_in(client, accountant):
    activate_totp(accountant)
    sign_in(client, "accountant")
    assert client.get(reverse("mfa_index")).status_code == 302
    assert not is_signed_in(client)


def test_recovery_code_signs_in_once(client, accountant):
    activate_totp(accountant)
    code = RecoveryCodes.activate(accountant).generate_codes()[0]

    sign_in(client, "accountant")
    client.post(MFA, {"code": code})
    assert is_signed_in(client)

    client.post(reverse("account_logout"))
    assert not is_signed_in(client)
    sign_in(client, "accountant")
    client.post(MFA, {"code": code})
    assert not is_signed_in(client)


def test_totp_secret_is_stored_encrypted(accountant):
    secret = activate_totp(accountant)
    stored = Authenticator.objects.get(user=accountant, type=Authenticator.Type.TOTP)
    assert secret not in str(stored.data)
    assert TOTP(stored).validate_code(totp_code(secret))


def test_login_page_has_no_sign_up_link(client):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert 'name="login"' in response.text
    assert reverse("account_reset_password") in response.text
    assert reverse("account_signup") not in response.text
    assert "sign up" not in response.text.lower()
    assert reverse("openid_connect_login", kwargs={"provider_id": "sso"}) not in response.text


def test_login_page_offers_single_sign_on_when_oidc_is_configured(client, settings, tmp_path):
    configured = settings_from_env(
        tmp_path,
        "SOCIALACCOUNT_PROVIDERS",
        OIDC_CLIENT_ID="client-123",
        OIDC_SERVER_URL="https://login.microsoftonline.com/tenant-id/v2.0",
        OIDC_NAME="Microsoft Entra ID",
    )
    settings.SOCIALACCOUNT_PROVIDERS = configured["SOCIALACCOUNT_PROVIDERS"]
    sso_url = reverse("openid_connect_login", kwargs={"provider_id": "sso"})

    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en")
    assert f'href="{sso_url}?process=login"' in response.text
    assert "Sign in with Microsoft Entra ID" in response.text
    # The button leads to a page that starts single sign-on, not back to the login page.
    assert client.get(sso_url).status_code == 200


def test_users_created_by_an_admin_have_a_verified_address(db):
    from allauth.account.models import EmailAddress

    from exactbridge.accounts.services import create_user

    user = create_user(username="newbie", email="newbie@example.test", password="x" * 16)

    assert EmailAddress.objects.get(user=user).verified
