"""The mirror in the Django admin: read-only, and only the staff member's administrations."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from exactbridge.masterdata import models as md
from tests import factories

RELATIONS = reverse("admin:masterdata_relation_changelist")


@pytest.fixture
def relations(administration, other_administration):
    for admin, name in ((administration, "Ours Trading"), (other_administration, "Theirs Trading")):
        md.Relation.objects.create(
            administration=admin, exact_id=uuid.uuid4(), seen_at=timezone.now(), code="1", name=name
        )


def test_a_staff_member_sees_the_mirror_of_their_administration_only(client, controller, relations):
    client.force_login(controller)

    content = client.get(RELATIONS).content.decode()

    assert "Ours Trading" in content
    assert "Theirs Trading" not in content


def test_a_row_of_another_administration_is_not_shown(client, controller, relations):
    theirs = md.Relation.objects.get(name="Theirs Trading")
    client.force_login(controller)

    response = client.get(reverse("admin:masterdata_relation_change", args=[theirs.pk]))

    assert response.status_code in {302, 403, 404}
    assert b"Theirs Trading" not in response.content


def test_the_mirror_cannot_be_changed_in_the_admin(client, controller, relations):
    ours = md.Relation.objects.get(name="Ours Trading")
    client.force_login(controller)

    assert client.get(reverse("admin:masterdata_relation_add")).status_code == 403
    response = client.post(
        reverse("admin:masterdata_relation_change", args=[ours.pk]), {"name": "Changed"}
    )
    assert response.status_code == 403
    ours.refresh_from_db()
    assert ours.name == "Ours Trading"


def test_a_member_who_is_not_staff_gets_no_admin(client, administration, relations):
    accountant = factories.make_member(administration, "accountant", username="plain")
    client.force_login(accountant)

    assert client.get(RELATIONS).status_code == 302
