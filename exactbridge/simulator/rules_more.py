"""Write rules for master data, receipts, subscriptions, documents, webhooks and the side effects
of posted entries (open items and transaction lines)."""

from __future__ import annotations

import base64

from .entities import EntitySpec
from .odata_types import new_guid, pad, pad_account_code
from .rules import _code_ref, _get, _item_lines, _money, _ref
from .writes import Ctx, Invalid


def standalone_line(ctx: Ctx, spec: EntitySpec, values: dict) -> None:
    """A line posted on its own needs an existing parent; it gets the next line number."""
    parent_field, parent_entity = spec.parent  # type: ignore[misc]
    if not values.get(parent_field):
        raise Invalid(f"Mandatory: {parent_field}")
    parent = _ref(ctx, parent_entity, values[parent_field], parent_field)
    siblings = [
        r
        for r in ctx.store.all(ctx.division, spec.name)
        if r.get(parent_field) == values[parent_field]
    ]
    values["LineNumber"] = max((r.get("LineNumber") or 0 for r in siblings), default=0) + 1
    if "Item" in spec.fields and values.get("Item"):
        account = (parent or {}).get("OrderedBy")
        _item_lines(ctx, [values], account)
        if spec.name == "SubscriptionLines":
            values["AmountDC"] = values["AmountFC"]


def _account(ctx: Ctx, values: dict, lines: list[dict]) -> None:
    if values.get("Code"):
        values["Code"] = pad_account_code(values["Code"])
    else:
        # Omitted code = highest numeric code + 1 (reference §5.3, V).
        codes = [r.get("Code", "").strip() for r in ctx.store.all(ctx.division, "Accounts")]
        highest = max((int(c) for c in codes if c.isdigit()), default=0)
        values["Code"] = pad_account_code(str(highest + 1))
    values.setdefault("Status", "A")
    values["Type"] = "A"
    values["IsSales"] = values.get("Status") == "C"
    values["IsPurchase"] = bool(values.get("IsSupplier"))
    values.setdefault("Blocked", False)
    values.setdefault("IsSupplier", False)


def _bank_account(ctx: Ctx, values: dict, lines: list[dict]) -> None:
    account = _ref(ctx, "Accounts", values.get("Account"), "Account")
    if account is not None:
        values["AccountName"] = account["Name"]
    number = str(values.get("BankAccount") or "").replace(" ", "").upper()
    values["IBAN"] = number if number[:2].isalpha() else None
    values["Format"] = "IBAN" if values["IBAN"] else None
    values["Type"] = "A"
    values.setdefault("Main", False)
    values.setdefault("Blocked", False)


def _vat_code(ctx: Ctx, values: dict, lines: list[dict]) -> None:
    values["Code"] = pad(values.get("Code") or "", 3)
    values.setdefault("Percentage", 0.0)


def _goods_receipt(ctx: Ctx, values: dict, lines: list[dict]) -> None:
    values["ReceiptNumber"] = ctx.store.next_value(f"gr:{ctx.division}", start=1)
    for line in lines:
        pol = _ref(
            ctx, "PurchaseOrderLines", line.get("PurchaseOrderLineID"), "Purchase order line"
        )
        if pol is None:
            continue
        order = _get(ctx, "PurchaseOrders", pol["PurchaseOrderID"]) or {}
        line["Item"], line["ItemCode"] = pol["Item"], pol.get("ItemCode")
        line["PurchaseOrderID"] = pol["PurchaseOrderID"]
        line["QuantityOrdered"] = pol.get("Quantity")
        remaining = float(pol.get("Quantity") or 0) - float(pol.get("ReceivedQuantity") or 0)
        if line.get("QuantityReceived") is None:
            line["QuantityReceived"] = remaining  # omitted = the remaining quantity (V)
        values["Supplier"] = order.get("Supplier")
        values["SupplierCode"], values["SupplierName"] = (
            order.get("SupplierCode"),
            order.get("SupplierName"),
        )


def _after_goods_receipt(ctx: Ctx, row: dict, lines: list[dict]) -> None:
    orders = set()
    for line in lines:
        pol = _get(ctx, "PurchaseOrderLines", line["PurchaseOrderLineID"])
        received = float(pol.get("ReceivedQuantity") or 0) + float(line["QuantityReceived"])
        ctx.store.put(
            ctx.division, "PurchaseOrderLines", pol["ID"], {**pol, "ReceivedQuantity": received}
        )
        item = _get(ctx, "Items", pol["Item"])
        if item is not None:
            stock = float(item.get("Stock") or 0) + float(line["QuantityReceived"])
            ctx.store.put(ctx.division, "Items", item["ID"], {**item, "Stock": stock})
        orders.add(pol["PurchaseOrderID"])
    for order_id in orders:
        order = _get(ctx, "PurchaseOrders", order_id)
        order_lines = [
            r
            for r in ctx.store.all(ctx.division, "PurchaseOrderLines")
            if r["PurchaseOrderID"] == order_id
        ]
        complete = all(
            float(r.get("ReceivedQuantity") or 0) >= float(r.get("Quantity") or 0)
            for r in order_lines
        )
        status = 30 if complete else 20
        ctx.store.put(ctx.division, "PurchaseOrders", order_id, {**order, "ReceiptStatus": status})


def _subscription(ctx: Ctx, values: dict, lines: list[dict]) -> None:
    customer = _ref(ctx, "Accounts", values.get("OrderedBy"), "Ordered by")
    _item_lines(ctx, lines, values.get("OrderedBy"))
    for line in lines:
        line["AmountDC"] = line.get("AmountFC")
    if customer is not None:
        values["OrderedByName"] = customer["Name"]
    values["Number"] = ctx.store.next_value(f"sub:{ctx.division}", start=1)


def _document(ctx: Ctx, values: dict, lines: list[dict]) -> None:
    _ref(ctx, "Accounts", values.get("Account"), "Account")
    values["HID"] = ctx.store.next_value(f"doc:{ctx.division}", start=1)
    values["DocumentViewUrl"] = (
        f"{ctx.api_base.split('/api/')[0]}/docs/DocView.aspx?DocumentID={{{values['ID']}}}"
    )
    values.setdefault("DocumentDate", ctx.clock.local_iso())


def _attachment(ctx: Ctx, values: dict, lines: list[dict]) -> None:
    _ref(ctx, "Documents", values.get("Document"), "Document")
    if not values.get("Attachment"):  # mandatory (V); checked here as the bytes move to kv below
        raise Invalid("Mandatory: Attachment")
    data = base64.b64decode(values["Attachment"])
    values["FileSize"] = float(len(data))
    base = ctx.api_base.split("/api/")[0]
    values["Url"] = f"{base}/docs/SysAttachment.aspx?ID={values['ID']}"
    # Binary fields read back as a URL or null (reference §2.5, V): the bytes stay in kv.
    ctx.store.kv_put("attachments", values["ID"], {"base64": values.pop("Attachment", None)})


def _open_item(ctx: Ctx, row: dict, *, kind: str, account_field: str) -> None:
    account = _get(ctx, "Accounts", row[account_field]) or {}
    hid = ctx.store.next_value(f"hid:{ctx.division}", start=1)
    ctx.store.put(
        ctx.division,
        kind,
        str(hid),
        {
            "HID": hid,
            "AccountId": row[account_field],
            "AccountCode": account.get("Code"),
            "AccountName": account.get("Name"),
            "Amount": row["AmountFC"],
            "AmountInTransit": 0.0,
            "CurrencyCode": row.get("Currency") or "EUR",
            "Description": row.get("Description"),
            "DueDate": row.get("DueDate"),
            "EntryNumber": row["EntryNumber"],
            "InvoiceDate": row.get("EntryDate"),
            "InvoiceNumber": row.get("InvoiceNumber") or row["EntryNumber"],
            "JournalCode": row["Journal"],
            "JournalDescription": row.get("JournalDescription"),
            "YourRef": row.get("YourRef"),
            "Division": ctx.division,
        },
    )


def _transaction_lines(
    ctx: Ctx, row: dict, lines: list[dict], *, sign: int, account_field: str | None
) -> None:
    """Header row (LineNumber 0) plus one row per line, as sync/Financial/TransactionLines has."""
    common = {
        "EntryID": row["EntryID"],
        "EntryNumber": row["EntryNumber"],
        "Division": ctx.division,
        "Date": row.get("EntryDate"),
        "FinancialYear": row.get("ReportingYear") or row.get("FinancialYear"),
        "FinancialPeriod": row.get("ReportingPeriod") or row.get("FinancialPeriod"),
        "JournalCode": row.get("Journal") or row.get("JournalCode"),
        "Status": 20,
        "Type": row.get("Type"),
        "Account": row.get(account_field) if account_field else None,
        "YourRef": row.get("YourRef"),
        "InvoiceNumber": row.get("InvoiceNumber"),
        "DueDate": row.get("DueDate"),
        "Document": row.get("Document"),
    }
    rows = []
    if account_field:
        rows.append(
            {
                **common,
                "LineNumber": 0,
                "AmountDC": -sign * row["AmountDC"],
                "AmountFC": -sign * row["AmountFC"],
            }
        )
    for line in lines:
        amount = float(line.get("AmountFC") or 0)
        rows.append(
            {
                **common,
                "LineNumber": line["LineNumber"],
                "GLAccount": line.get("GLAccount"),
                "GLAccountCode": line.get("GLAccountCode"),
                "AmountDC": sign * amount,
                "AmountFC": sign * amount,
                "AmountVATFC": _money(sign * float(line.get("VATAmountFC") or 0)),
                "VATCode": line.get("VATCode"),
                "VATPercentage": line.get("VATPercentage"),
                "CostCenter": line.get("CostCenter"),
                "CostUnit": line.get("CostUnit"),
                "Project": line.get("Project"),
                "Description": line.get("Description"),
            }
        )
    for item in rows:
        item["ID"] = new_guid()
        ctx.store.put(ctx.division, "TransactionLines", item["ID"], item)


def _after_purchase_entry(ctx: Ctx, row: dict, lines: list[dict]) -> None:
    _open_item(ctx, row, kind="PayablesList", account_field="Supplier")
    _transaction_lines(ctx, row, lines, sign=1, account_field="Supplier")


def _after_sales_entry(ctx: Ctx, row: dict, lines: list[dict]) -> None:
    _open_item(ctx, row, kind="ReceivablesList", account_field="Customer")
    _transaction_lines(ctx, row, lines, sign=-1, account_field="Customer")


def _after_general_journal(ctx: Ctx, row: dict, lines: list[dict]) -> None:
    _transaction_lines(
        ctx,
        {**row, "EntryDate": lines[0].get("Date") if lines else None},
        lines,
        sign=1,
        account_field=None,
    )


def _cost_code(ctx: Ctx, values: dict, lines: list[dict]) -> None:
    values["Code"] = str(values.get("Code") or "").strip()


def _project(ctx: Ctx, values: dict, lines: list[dict]) -> None:
    account = _ref(ctx, "Accounts", values.get("Account"), "Account")
    values["AccountName"] = (account or {}).get("Name")
    _code_ref(ctx, "PaymentConditions", values.get("PaymentCondition"), "Payment condition")


def _webhook_subscription(ctx: Ctx, values: dict, lines: list[dict]) -> None:
    values["ClientID"] = ctx.client_id.strip("{}").lower()
    values["UserID"] = ctx.user_id


BEFORE_CREATE = {
    "WebhookSubscriptions": _webhook_subscription,
    "Accounts": _account,
    "BankAccounts": _bank_account,
    "VATCodes": _vat_code,
    "GoodsReceipts": _goods_receipt,
    "Subscriptions": _subscription,
    "Documents": _document,
    "DocumentAttachments": _attachment,
    "Costcenters": _cost_code,
    "Costunits": _cost_code,
    "Projects": _project,
}

AFTER_CREATE = {
    "PurchaseEntries": _after_purchase_entry,
    "SalesEntries": _after_sales_entry,
    "GeneralJournalEntries": _after_general_journal,
    "GoodsReceipts": _after_goods_receipt,
}
