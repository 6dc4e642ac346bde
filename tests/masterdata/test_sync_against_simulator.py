"""The mirror against the simulator over loopback: a first sync fills it, incremental syncs keep
it current (new rows appear, deleted ones are tombstoned), and a crash costs nothing."""

from __future__ import annotations

import pytest

from exactbridge.masterdata import mirror
from exactbridge.masterdata import models as md
from exactbridge.online import sync
from exactbridge.online.models import ExactOnlineConnection


def _results(administration, **kwargs) -> dict[str, sync.EntityResult]:
    return {r.entity: r for r in sync.sync_administration(administration=administration, **kwargs)}


def test_a_first_sync_fills_every_entity(connected, administration):
    results = _results(administration)

    assert all(not r.error for r in results.values()), results
    for spec in sync.ENTITIES.values():
        rows = spec.model.objects.filter(administration=administration, **spec.scope)
        assert rows.exists(), spec.name
        assert results[spec.name].counts.created == rows.count()
    assert md.Item.objects.filter(administration=administration).count() > 1000  # two sync pages
    assert md.PurchaseOrderLine.objects.filter(administration=administration).exists()
    assert md.GoodsReceiptLine.objects.filter(administration=administration).exists()
    supplier = md.Relation.objects.filter(administration=administration, is_supplier=True).first()
    assert supplier.code.isdigit() and supplier.vat_number and supplier.kvk_number
    assert md.BankAccount.objects.filter(relation_exact_id=supplier.exact_id).exists()
    states = md.SyncState.objects.filter(administration=administration)
    assert states.get(entity="items").last_timestamp > 1
    assert not states.exclude(last_error="").exists()


def test_a_second_sync_changes_nothing(connected, administration):
    _results(administration)

    again = _results(administration)

    assert all(
        r.counts.created == r.counts.updated == r.counts.deleted == 0 for r in again.values()
    )


def test_new_gl_account_vat_code_and_cost_center_show_up_on_the_next_sync(
    connected, administration, exact
):
    _results(administration)
    gl = exact.create("financial/GLAccounts", {"Code": "4999", "Description": "Nieuwe kosten"})
    vat = exact.create(
        "vat/VATCodes", {"Code": "7", "Description": "BTW verlegd", "Type": "E", "Charged": True}
    )
    center = exact.create("hrm/Costcenters", {"Code": "600", "Description": "Onderzoek"})

    results = _results(administration)

    assert results["gl_accounts"].counts.created == 1
    assert md.GLAccount.objects.live().get(exact_id=gl["ID"]).code == "4999"
    assert md.VATCode.objects.live().get(exact_id=vat["ID"]).code == "7"
    assert md.CostCenter.objects.live().get(exact_id=center["ID"]).description == "Onderzoek"


def test_deleted_rows_are_tombstoned_by_the_next_sync(connected, administration, exact):
    _results(administration)
    gl = md.GLAccount.objects.filter(administration=administration).order_by("code").last()
    vat = md.VATCode.objects.get(administration=administration, code="2")
    center = md.CostCenter.objects.get(administration=administration, code="500")
    exact.delete("financial/GLAccounts", gl.exact_id)
    exact.delete("vat/VATCodes", vat.exact_id)
    exact.delete("hrm/Costcenters", center.exact_id)

    results = _results(administration)

    assert results["gl_accounts"].counts.deleted == 1  # from sync/Deleted (EntityType 7)
    assert results["vat_codes"].counts.deleted == 1  # no Sync API: a snapshot every run
    assert results["cost_centers"].counts.deleted == 1
    for row in (gl, vat, center):
        row.refresh_from_db()
        assert row.deleted_at is not None
    assert not md.GLAccount.objects.live().filter(pk=gl.pk).exists()


def test_a_changed_relation_is_updated(connected, administration, exact):
    _results(administration)
    relation = md.Relation.objects.filter(administration=administration, blocked=False).first()
    exact.update("crm/Accounts", relation.exact_id, {"Blocked": True, "VATNumber": "DE 123456789"})

    results = _results(administration)

    assert results["relations"].counts.updated == 1
    relation.refresh_from_db()
    assert relation.blocked is True
    assert relation.vat_number == "DE123456789"


def test_a_crash_after_a_saved_page_rereads_only_what_was_not_saved(
    connected, administration, monkeypatch
):
    calls = {"n": 0}
    real = mirror.upsert_rows

    def crash_on_second_page(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return real(**kwargs)

    monkeypatch.setattr(mirror, "upsert_rows", crash_on_second_page)
    with pytest.raises(RuntimeError):
        sync.sync_entity(connection=connected, entity="items")

    saved = md.Item.objects.filter(administration=administration).count()
    state = md.SyncState.objects.get(administration=administration, entity="items")
    assert saved == sync.PAGE
    assert state.last_timestamp == max(
        md.Item.objects.filter(administration=administration).values_list(
            "exact_timestamp", flat=True
        )
    )
    monkeypatch.setattr(mirror, "upsert_rows", real)

    result = sync.sync_entity(connection=connected, entity="items")
    assert result.counts.created == result.counts.fetched  # only the unsaved page was read
    total = md.Item.objects.filter(administration=administration).count()
    assert total == saved + result.counts.created

    # Reading the first page again (an older cursor) changes nothing: the upsert is idempotent.
    md.SyncState.objects.filter(pk=state.pk).update(last_timestamp=1)
    again = sync.sync_entity(connection=connected, entity="items")
    assert (again.counts.created, again.counts.updated) == (0, 0)
    assert md.Item.objects.filter(administration=administration).count() == total


def test_a_full_resync_tombstones_rows_exact_no_longer_has(connected, administration):
    _results(administration)
    stray = md.GLAccount.objects.create(
        administration=administration,
        exact_id="00000000-0000-4000-8000-000000000001",
        code="9999",
        description="Verdwenen in Exact",
        seen_at="2026-01-01T00:00:00Z",
    )

    results = _results(administration, full=True)

    stray.refresh_from_db()
    assert stray.deleted_at is not None
    assert results["gl_accounts"].counts.deleted == 1
    assert results["gl_accounts"].counts.created == 0
    state = md.SyncState.objects.get(administration=administration, entity="gl_accounts")
    assert state.last_full_sync_at is not None


def test_a_connection_that_needs_reconnecting_is_recorded_not_raised(connected, administration):
    ExactOnlineConnection.objects.filter(pk=connected.pk).update(
        status=ExactOnlineConnection.Status.RECONNECT_NEEDED,
        status_reason="Old refresh token used.",
    )

    results = sync.sync_administration(administration=administration)

    assert len(results) == 1 and results[0].stop
    state = md.SyncState.objects.get(administration=administration, entity=results[0].entity)
    assert "Old refresh token used" in state.last_error
