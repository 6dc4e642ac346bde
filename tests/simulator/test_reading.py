"""current/Me, paging with __next, $filter/$select, padded codes and /Date(ms)/ (§2, §5.1, §6)."""

import re
from datetime import UTC, datetime

import requests

from tests.simulator.conftest import TIMEOUT

ANY_CREATED = {"$filter": "Created ge datetime'2000-01-01T00:00:00'"}


def test_current_me_returns_current_division_in_a_one_element_collection(api):
    response = requests.get(
        f"{api.sim.base_url}/api/v1/current/Me",
        params={"$select": "CurrentDivision"},
        headers=api.headers(),
        timeout=TIMEOUT,
    )
    results = response.json()["d"]["results"]
    assert len(results) == 1
    assert results[0]["CurrentDivision"] == api.division
    assert results[0]["__metadata"]["type"] == "Exact.Web.Api.System.Me"
    assert "X-RateLimit-Remaining" not in response.headers  # no division in the URL


def test_gl_accounts_page_60_rows_and_next_links_reach_the_end(api):
    seen, pages = [], []
    response = api.get("financial/GLAccounts", **{"$select": "ID,Code", **ANY_CREATED})
    while True:
        assert response.status_code == 200, response.text
        d = response.json()["d"]
        pages.append(len(d["results"]))
        seen += [row["ID"] for row in d["results"]]
        if "__next" not in d:
            break
        assert "$skiptoken=guid'" in d["__next"] and "$select=ID,Code" in d["__next"]
        response = api.get(d["__next"])
    assert pages == [60, 60, 20]
    assert len(set(seen)) == 140


def test_bulk_and_sync_endpoints_page_1000_rows(api):
    bulk = api.get("bulk/Logistics/Items", **{"$select": "ID,Code", **ANY_CREATED}).json()["d"]
    assert len(bulk["results"]) == 1000
    rest = api.get(bulk["__next"]).json()["d"]
    assert len(rest["results"]) == 253 and "__next" not in rest

    sync = api.get(
        "sync/Logistics/Items", **{"$select": "ID,Timestamp", "$filter": "Timestamp gt 1L"}
    )
    d = sync.json()["d"]
    stamps = [row["Timestamp"] for row in d["results"]]
    assert len(stamps) == 1000 and stamps == sorted(stamps)
    assert d["__next"].endswith(f"$skiptoken={stamps[-1]}L")


def test_bulk_without_select_and_sync_with_select_star_are_refused(api):
    assert api.get("bulk/Logistics/Items", **ANY_CREATED).status_code == 400
    refused = api.get("sync/Logistics/Items", **{"$select": "*", "$filter": "Timestamp gt 1"})
    assert refused.status_code == 400


def test_classic_endpoint_without_a_mandatory_filter_is_refused(api):
    response = api.get("crm/Accounts", **{"$select": "ID"})
    assert response.status_code == 400
    assert "$filter" in response.json()["error"]["message"]["value"]


def test_filter_with_string_guid_and_and(api):
    supplier = api.rows("crm/Accounts", **{"$filter": "Code eq '              2001'"})[0]
    rows = api.rows(
        "crm/Accounts",
        **{"$filter": f"ID eq guid'{supplier['ID']}' and IsSupplier eq true", "$select": "ID,Name"},
    )
    assert [r["ID"] for r in rows] == [supplier["ID"]]
    assert set(rows[0]) == {"__metadata", "ID", "Name"}


def test_filter_string_quoting_with_doubled_apostrophe(api):
    created = api.post("crm/Accounts", {"Name": "Bakkerij 't Hoen B.V.", "IsSupplier": True})
    assert created.status_code == 201, created.text
    rows = api.rows("crm/Accounts", **{"$filter": "Name eq 'Bakkerij ''t Hoen B.V.'"})
    assert [r["ID"] for r in rows] == [created.json()["d"]["ID"]]


def test_filter_on_datetime(api):
    before = api.rows("financial/GLAccounts", **{"$filter": "Created lt datetime'2026-01-01'"})
    after = api.rows(
        "financial/GLAccounts", **{"$filter": "Created gt datetime'2026-01-01T00:00:00'"}
    )
    assert before == [] and len(after) == 60


def test_unknown_property_and_mismatched_types_are_400(api):
    unknown = api.get("financial/GLAccounts", **{"$filter": "Nope eq 1"})
    mismatch = api.get("financial/GLAccounts", **{"$filter": "ID eq 'abc'"})
    skip = api.get("financial/GLAccounts", **{"$skip": "60", **ANY_CREATED})
    assert (unknown.status_code, mismatch.status_code, skip.status_code) == (400, 400, 400)


def test_account_codes_are_right_aligned_to_18_characters(api):
    rows = api.rows("crm/Accounts", **{"$filter": "trim(Code) eq '2001'", "$select": "Code"})
    assert rows[0]["Code"] == "              2001"
    assert len(rows[0]["Code"]) == 18
    created = api.post("crm/Accounts", {"Name": "Nieuw B.V.", "Code": "77"}).json()["d"]
    assert created["Code"] == " " * 16 + "77"


def test_dates_come_as_date_ms_of_local_time_read_as_utc(api):
    entry = api.rows(
        "purchaseentry/PurchaseEntries",
        **{"$select": "EntryDate,YourRef", "$filter": "EntryDate eq datetime'2026-02-03'"},
    )[0]
    ms = int(re.fullmatch(r"/Date\((\d+)\)/", entry["EntryDate"]).group(1))
    assert datetime.fromtimestamp(ms / 1000, UTC) == datetime(2026, 2, 3, tzinfo=UTC)


def test_expand_lines_and_deferred_links(api):
    entry = api.rows("purchaseentry/PurchaseEntries", **{"$top": "1"})[0]
    assert "__deferred" in entry["PurchaseEntryLines"]
    expanded = api.rows(
        "purchaseentry/PurchaseEntries",
        **{
            "$top": "1",
            "$expand": "PurchaseEntryLines",
            "$select": "EntryID,PurchaseEntryLines/AmountFC",
        },
    )[0]
    lines = expanded["PurchaseEntryLines"]["results"]
    assert lines and set(lines[0]) == {"__metadata", "AmountFC"}


def test_open_payables_list_the_seeded_purchase_entries(api):
    rows = api.rows("read/financial/PayablesList")
    assert len(rows) == 12
    assert all(r["Amount"] > 0 and r["JournalCode"] == "60" for r in rows)
