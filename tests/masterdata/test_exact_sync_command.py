"""``manage.py exact_sync``: a readable summary per entity."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from exactbridge.masterdata import models as md
from exactbridge.online import sync


def test_the_command_prints_what_each_entity_did(connected, administration):
    out = StringIO()

    call_command("exact_sync", "--administration", administration.code, stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["entity", "fetched", "created", "updated", "deleted", "seconds"]
    by_entity = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    assert set(sync.ENTITIES) <= set(by_entity)
    fetched, created = by_entity["gl_accounts"][:2]
    assert int(fetched) == int(created) == md.GLAccount.objects.count() > 0


def test_full_and_one_entity(connected, administration):
    out = StringIO()

    call_command(
        "exact_sync",
        "--administration",
        administration.code,
        "--full",
        "--entity",
        "vat_codes",
        stdout=out,
    )

    assert out.getvalue().splitlines()[1].split()[:3] == ["vat_codes", "3", "3"]
    state = md.SyncState.objects.get(administration=administration, entity="vat_codes")
    assert state.last_full_sync_at is not None


def test_an_unknown_administration_is_an_error(db):
    with pytest.raises(CommandError, match="No administration"):
        call_command("exact_sync", "--administration", "nope")


def test_an_unconnected_administration_reports_it(administration):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("exact_sync", "--administration", administration.code, stdout=out)
    assert "not connected" in out.getvalue()
