"""Audit events cannot be changed or removed, through the ORM or (on PostgreSQL) raw SQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from exactbridge.audit.models import AuditEvent, AuditLogIsAppendOnly
from exactbridge.audit.services import record_event


@pytest.fixture
def event(administration, accountant):
    return record_event(action="case.viewed", actor=accountant, administration=administration)


def test_saving_an_existing_event_is_refused(event):
    event.action = "case.approved"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()


def test_queryset_update_and_delete_are_refused(event):
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "case.viewed"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_postgresql_trigger_refuses_raw_sql(event, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "case.viewed"


def test_audit_event_records_origin_of_web_actions(rf, administration, accountant):
    request = rf.post("/", HTTP_USER_AGENT="Mozilla/5.0 test", REMOTE_ADDR="2001:db8::0001")
    request.user = accountant

    event = record_event(action="case.approved", administration=administration, request=request)

    assert event.actor == accountant
    assert event.actor_label == "accountant"
    assert event.ip_address == "2001:db8::1"
    assert event.user_agent == "Mozilla/5.0 test"


def test_event_without_actor_is_attributed_to_the_system(administration):
    event = record_event(action="exact.synced", administration=administration)
    assert event.actor is None
    assert event.actor_label == "system"
