"""The audit chain verifies, and any edit or removal made behind the ORM's back names the row."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from exactbridge.audit.models import AuditEvent
from exactbridge.audit.services import record_event
from exactbridge.audit.verify import verify_chain


@pytest.fixture
def three_events(administration, accountant):
    return [
        record_event(
            action="case.edited",
            actor=accountant,
            administration=administration,
            target=administration,
            before={"amount": "10.00"},
            after={"amount": str(n)},
        )
        for n in (11, 12, 13)
    ]


def _tamper(sql: str, params: list) -> None:
    """Change the table as a database superuser would: with triggers switched off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def _verify(administration) -> str:
    from io import StringIO

    out = StringIO()
    try:
        call_command("audit_verify", administration=administration.code, stdout=out)
    except CommandError:
        return "failed:" + out.getvalue()
    return "ok:" + out.getvalue()


def test_untouched_chain_verifies(administration, three_events):
    result = _verify(administration)
    assert result.startswith("ok:")
    # creating the administration, granting the accountant and the three edits
    assert "5 events" in result


def test_each_event_links_to_the_one_before(three_events):
    first, second, third = three_events
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert third.sequence == second.sequence + 1


def test_edited_row_breaks_the_chain_at_that_row(administration, three_events):
    target = three_events[1]
    _tamper("UPDATE audit_auditevent SET after = %s WHERE id = %s", ['{"amount": "99"}', target.pk])

    result = _verify(administration)

    assert result.startswith("failed:")
    assert f"event #{target.pk}" in result
    assert "altered" in result


def test_deleted_row_breaks_the_chain_at_the_next_row(administration, three_events):
    removed, following = three_events[0], three_events[1]
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [removed.pk])

    result = _verify(administration)

    assert result.startswith("failed:")
    assert f"event #{following.pk}" in result
    assert "removed" in result


def test_removing_the_last_rows_is_noticed(administration, three_events):
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [three_events[-1].pk])

    report = verify_chain(three_events[0].chain)

    assert not report.ok
    assert "last event" in report.reason


def test_rewritten_chain_with_recomputed_hash_is_still_caught(administration, three_events):
    """Someone who edits a row and fixes its own hash still breaks the next row's link."""
    target = three_events[1]
    _tamper("UPDATE audit_auditevent SET hash = %s WHERE id = %s", ["f" * 64, target.pk])

    report = verify_chain(target.chain)

    assert not report.ok
    assert report.broken_event_id == target.pk


def test_chains_are_per_administration(administration, other_administration, three_events):
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [three_events[0].pk])

    assert _verify(other_administration).startswith("ok:")
    assert _verify(administration).startswith("failed:")


def test_unknown_administration_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No administration with code 'nope'"):
        call_command("audit_verify", administration="nope")


def test_values_read_back_from_the_database_hash_the_same(administration, accountant):
    """Decimals, dates and unicode survive the JSON column so verification agrees."""
    import datetime
    from decimal import Decimal

    record_event(
        action="case.edited",
        actor=accountant,
        administration=administration,
        after={"amount": Decimal("1234.56"), "date": datetime.date(2026, 11, 28), "name": "Café"},
        before={"nested": {"list": [1, 2.5, None, True]}},
    )
    event = AuditEvent.objects.order_by("-id").first()

    assert verify_chain(event.chain).ok
