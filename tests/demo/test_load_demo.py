"""`load_demo` fills a fresh database for the demo, and running it twice changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from exactbridge.administrations.models import Administration, Membership
from exactbridge.audit.models import AuditEvent


def _load(**options) -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def test_demo_has_a_user_for_every_role_with_the_printed_password(db, debug_on, client):
    output = _load()

    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Membership.Role.values)
    assert "demo-accountant-2026" in output
    assert client.login(username="accountant", password="demo-accountant-2026")


def test_second_run_changes_nothing_and_the_audit_chain_verifies(db, debug_on):
    _load()
    counts = (
        Administration.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )

    _load()

    assert counts == (
        Administration.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )
    call_command("audit_verify", stdout=StringIO())


def test_coworker_is_a_member_that_cannot_approve(db, debug_on):
    _load()

    memberships = Membership.objects.filter(user__is_coworker=True)

    assert memberships.count() == Administration.objects.count()
    assert all(m.approval_limit is None for m in memberships)


def test_refuses_to_run_in_production_without_being_told(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="well-known"):
        _load()
    assert not Administration.objects.exists()
    _load(allow_production=True)
    assert Administration.objects.exists()


def test_demo_connects_to_the_simulator_through_the_authorization_flow(db, debug_on):
    from exactbridge.online.models import ExactOnlineConnection
    from exactbridge.simulator.server import start_in_thread

    running = start_in_thread()
    try:
        output = _load(simulator=running.base_url)
        again = _load(simulator=running.base_url)
    finally:
        running.stop()

    connection = ExactOnlineConnection.objects.get(administration__code="demo")
    assert "connected to the simulator" in output
    assert "already connected" in again
    assert connection.division == Administration.objects.get(code="demo").division
    assert connection.access_token


def test_demo_shows_cases_in_every_state_of_the_dashboard(db, debug_on):
    from cases.models import Case
    from exactbridge.simulator.server import start_in_thread

    running = start_in_thread()
    try:
        _load(simulator=running.base_url)
    finally:
        running.stop()

    statuses = set(Case.objects.values_list("status", flat=True))
    assert {
        Case.Status.NEEDS_REVIEW,
        Case.Status.READY_FOR_APPROVAL,
        Case.Status.APPROVED,
        Case.Status.POSTED,
        Case.Status.POSTING_FAILED,
        Case.Status.REJECTED,
        Case.Status.DUPLICATE,
        Case.Status.UNREADABLE,
    } <= statuses
    posted = Case.objects.get(status=Case.Status.POSTED)
    assert posted.exact_entry_number
