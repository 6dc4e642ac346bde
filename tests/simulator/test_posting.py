"""Posting entries and what the simulator keeps of them (reference §2.4, §5.14-§5.19)."""

import base64
import re

import requests

from tests.simulator.conftest import TIMEOUT, control

GUID = re.compile(r"^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$")


def purchase_entry_body(api, your_ref="INV-2026-001"):
    supplier = api.rows("crm/Accounts", **{"$filter": "Code eq '              2001'"})[0]
    gl = api.rows("financial/GLAccounts", **{"$filter": "Code eq '4200'"})[0]
    return {
        "Journal": "60",
        "Supplier": supplier["ID"],
        "EntryDate": "2026-03-01T00:00:00",
        "YourRef": your_ref,
        "PurchaseEntryLines": [
            {"GLAccount": gl["ID"], "AmountFC": 100.0, "VATCode": "1  ", "CostCenter": "300"},
            {"GLAccount": gl["ID"], "AmountFC": "50.80", "VATCode": "2  "},
        ],
    }


def test_posting_a_purchase_entry_returns_the_created_entry(api):
    response = api.post("purchaseentry/PurchaseEntries", purchase_entry_body(api))
    assert response.status_code == 201, response.text
    entry = response.json()["d"]
    assert GUID.match(entry["EntryID"])
    assert isinstance(entry["EntryNumber"], int) and entry["EntryNumber"] > 0
    assert entry["AmountFC"] == round(100 * 1.21 + 50.8 * 1.09, 2)
    assert entry["Status"] == 20 and entry["Type"] == 30
    lines = api.rows(f"purchaseentry/PurchaseEntries(guid'{entry['EntryID']}')/PurchaseEntryLines")
    assert [line["LineNumber"] for line in lines] == [1, 2]


def test_posted_entry_is_listed_by_the_control_api(api):
    entry = api.post("purchaseentry/PurchaseEntries", purchase_entry_body(api)).json()["d"]
    posted = control(api.sim, "posted?entity=PurchaseEntries")["posted"]
    assert [(p["method"], p["status"], p["key"]) for p in posted] == [
        ("POST", 201, entry["EntryID"])
    ]
    assert posted[0]["request"]["YourRef"] == "INV-2026-001"


def test_without_prefer_most_properties_come_back_null(api):
    response = requests.post(
        f"{api.base}/purchaseentry/PurchaseEntries",
        json=purchase_entry_body(api),
        headers=api.headers(),
        timeout=TIMEOUT,
    )
    entry = response.json()["d"]
    assert response.status_code == 201
    assert GUID.match(entry["EntryID"]) and entry["EntryNumber"] is None


def test_business_validation_fails_with_500_and_exact_error_json(api):
    body = purchase_entry_body(api)
    body["Journal"] = "70"  # a sales journal
    wrong_journal = api.post("purchaseentry/PurchaseEntries", body)
    body = purchase_entry_body(api)
    del body["Supplier"]
    missing = api.post("purchaseentry/PurchaseEntries", body)
    assert wrong_journal.status_code == 500
    assert wrong_journal.json()["error"]["message"]["value"] == "Invalid reference: Journals"
    assert missing.json()["error"]["message"]["value"] == "Mandatory: Supplier"


def test_malformed_body_is_400(api):
    response = requests.post(
        f"{api.base}/purchaseentry/PurchaseEntries",
        data="[1]",
        headers=api.headers(),
        timeout=TIMEOUT,
    )
    assert response.status_code == 400
    assert "valid top-level resource object" in response.json()["error"]["message"]["value"]


def test_document_with_attachment_links_to_an_entry(api):
    supplier = purchase_entry_body(api)["Supplier"]
    doc = api.post("documents/Documents", {"Subject": "Factuur", "Type": 10, "Account": supplier})
    document_id = doc.json()["d"]["ID"]
    pdf = b"%PDF-1.4 demo"
    attachment = api.post(
        "documents/DocumentAttachments",
        {
            "Document": document_id,
            "FileName": "f.pdf",
            "Attachment": base64.b64encode(pdf).decode(),
        },
    ).json()["d"]
    assert attachment["FileSize"] == len(pdf) and attachment["Attachment"] is None
    download = requests.get(attachment["Url"], headers=api.headers(), timeout=TIMEOUT)
    assert download.content == pdf
    entry = api.post(
        "purchaseentry/PurchaseEntries", {**purchase_entry_body(api), "Document": document_id}
    )
    assert entry.json()["d"]["Document"] == document_id


def test_subscription_line_posted_on_its_own_joins_its_subscription(api):
    subscription = api.rows(
        "subscription/Subscriptions", **{"$filter": "Number eq 1", "$expand": "SubscriptionLines"}
    )[0]
    item = subscription["SubscriptionLines"]["results"][0]["Item"]
    response = api.post(
        "subscription/SubscriptionLines",
        {"EntryID": subscription["EntryID"], "Item": item, "Quantity": 3, "UnitPrice": 20.0},
    )
    assert response.status_code == 201, response.text
    assert response.json()["d"]["AmountFC"] == 60.0
    lines = api.rows(
        f"subscription/Subscriptions(guid'{subscription['EntryID']}')/SubscriptionLines"
    )
    assert len(lines) == len(subscription["SubscriptionLines"]["results"]) + 1


def test_put_is_partial_and_delete_shows_in_sync_deleted(api):
    account = api.post("crm/Accounts", {"Name": "Tijdelijk B.V.", "City": "Breda"}).json()["d"]
    key_url = f"{api.base}/crm/Accounts(guid'{account['ID']}')"
    put = requests.put(
        key_url,
        json={"City": "Delft", "Created": "2000-01-01T00:00:00"},
        headers=api.headers(),
        timeout=TIMEOUT,
    )
    assert (put.status_code, put.content) == (204, b"")
    again = api.get(f"crm/Accounts(guid'{account['ID']}')").json()["d"]
    assert (again["City"], again["Name"], again["Created"]) == (
        "Delft",
        "Tijdelijk B.V.",
        account["Created"],
    )
    assert requests.delete(key_url, headers=api.headers(), timeout=TIMEOUT).status_code == 204
    gone = api.rows("sync/Deleted", **{"$filter": "Timestamp gt 1"})
    assert [(g["EntityKey"], g["EntityType"]) for g in gone] == [(account["ID"], 2)]
