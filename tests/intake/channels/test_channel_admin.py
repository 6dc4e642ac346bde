"""Channels in the admin: an administration's administrators manage its mailboxes and API
tokens; a token is shown once and can be revoked; a mailbox password is never shown."""

import pytest
from django.urls import reverse

from exactbridge.audit.models import AuditEvent
from intake.channel_models import ApiToken, Mailbox
from intake.channels.api import authenticate_api_token, create_api_token
from tests import factories


@pytest.fixture
def admin_user(administration):
    return factories.make_member(administration, "admin", username="boss", is_staff=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_creating_a_token_shows_it_once_and_stores_only_its_hash(
    admin_client, administration, admin_user
):
    response = admin_client.post(
        reverse("admin:intake_apitoken_add"),
        {"administration": administration.pk, "name": "Portal"},
    )

    assert response.status_code == 200
    stored = ApiToken.objects.get()
    token = response.context["token"]
    assert token in response.text
    assert "no-store" in response["Cache-Control"]
    assert authenticate_api_token(token) == stored
    assert stored.created_by == admin_user
    assert token not in str(ApiToken.objects.values().get())
    assert AuditEvent.objects.filter(action="api_token.created").exists()


def test_revoking_a_token_stops_it(admin_client, administration):
    api_token, token = create_api_token(administration=administration, name="Portal")

    admin_client.post(
        reverse("admin:intake_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [api_token.pk]},
    )

    assert authenticate_api_token(token) is None
    assert AuditEvent.objects.filter(action="api_token.revoked").exists()


def test_an_administrator_of_another_administration_sees_no_tokens_here(
    client, administration, other_administration
):
    create_api_token(administration=administration, name="Portal")
    stranger = factories.make_member(
        other_administration, "admin", username="stranger", is_staff=True
    )
    client.force_login(stranger)

    response = client.get(reverse("admin:intake_apitoken_changelist"))

    assert response.status_code == 200
    assert "Portal" not in response.text
    api_token = ApiToken.objects.get()
    assert (
        client.get(reverse("admin:intake_apitoken_change", args=[api_token.pk])).status_code == 302
    )


def test_a_controller_cannot_manage_channels(client, controller):
    client.force_login(controller)

    assert client.get(reverse("admin:intake_mailbox_changelist")).status_code == 403


def test_the_mailbox_password_is_never_shown_and_kept_when_left_empty(admin_client, administration):
    mailbox = Mailbox.objects.create(
        administration=administration, host="imap.example.test", username="u", password="s3cret"
    )
    url = reverse("admin:intake_mailbox_change", args=[mailbox.pk])

    page = admin_client.get(url)
    admin_client.post(
        url,
        {
            "administration": administration.pk,
            "host": "imap2.example.test",
            "port": 993,
            "use_ssl": "on",
            "username": "u",
            "password": "",
            "folder": "INBOX",
            "processed_folder": "Done",
            "failed_folder": "Failed",
            "enabled": "on",
        },
    )

    assert "s3cret" not in page.text
    mailbox.refresh_from_db()
    assert mailbox.host == "imap2.example.test"
    assert mailbox.password == "s3cret"
    event = AuditEvent.objects.get(action="mailbox.changed")
    assert "s3cret" not in str(event.before) + str(event.after)
