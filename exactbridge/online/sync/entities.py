"""What is mirrored: one ``EntitySync`` per entity — endpoint, ``$select``, how it is read, and
how a row becomes model fields (reference §5, §6)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models

from exactbridge.masterdata import models as md
from exactbridge.masterdata.selectors import compact
from exactbridge.online.sync.values import (
    AMOUNT,
    PRICE,
    QTY,
    day,
    decimal,
    flag,
    guid,
    integer,
    moment,
    percentage,
    text,
)


def _active(row: dict) -> dict:
    end = day(row.get("EndDate"))
    return {"active": row.get("Active") is not False and (end is None or end > date.today())}


# --- what is mirrored --------------------------------------------------------------------------
Fields = dict[str, tuple[str, Callable[[Any], Any]]]  # model field -> (Exact property, convert)


@dataclass(frozen=True)
class Lines:
    """Lines that arrive expanded inside their header's row."""

    prop: str
    model: type[models.Model]
    parent: str  # the FK field on the line model
    fields: Fields


@dataclass(frozen=True)
class EntitySync:
    name: str
    model: type[models.Model]
    path: str
    mode: str  # "sync" | "modified" | "snapshot"
    fields: Fields
    key: str = "ID"
    deleted_type: int | None = None  # sync/Deleted EntityType (reference §6.1)
    derive: Callable[[dict], dict] | None = None
    lines: Lines | None = None
    model_key: str = "exact_id"
    scope: dict = field(default_factory=dict)
    has_modified: bool = True

    def select(self) -> list[str]:
        names = [self.key, *(exact for exact, _ in self.fields.values())]
        if self.mode == "sync":
            names.append("Timestamp")
        if self.has_modified:
            names.append("Modified")
        if self.lines:
            names += [f"{self.lines.prop}/{p}" for p in ["ID", *_props(self.lines.fields)]]
        return list(dict.fromkeys(names))


def _props(fields: Fields) -> list[str]:
    return [exact for exact, _ in fields.values()]


CODED: Fields = {"code": ("Code", text), "description": ("Description", text)}
OPEN_ITEM: Fields = {
    "relation_exact_id": ("AccountId", guid),
    "relation_code": ("AccountCode", text),
    "relation_name": ("AccountName", text),
    "invoice_number": ("InvoiceNumber", text),
    "your_ref": ("YourRef", text),
    "description": ("Description", text),
    "amount": ("Amount", AMOUNT),
    "amount_in_transit": ("AmountInTransit", AMOUNT),
    "currency": ("CurrencyCode", text),
    "invoice_date": ("InvoiceDate", day),
    "due_date": ("DueDate", day),
    "entry_number": ("EntryNumber", integer),
    "journal_code": ("JournalCode", text),
}

ENTITIES: dict[str, EntitySync] = {
    e.name: e
    for e in [
        EntitySync(
            "relations",
            md.Relation,
            "sync/CRM/Accounts",
            "sync",
            {
                "code": ("Code", text),
                "name": ("Name", text),
                "status": ("Status", text),
                "is_supplier": ("IsSupplier", flag),
                "blocked": ("Blocked", flag),
                "vat_number": ("VATNumber", compact),
                "kvk_number": ("ChamberOfCommerce", compact),
                "email": ("Email", text),
                "city": ("City", text),
                "country": ("Country", text),
                "payment_condition_purchase": ("PaymentConditionPurchase", text),
                "payment_condition_sales": ("PaymentConditionSales", text),
                "purchase_vat_code": ("PurchaseVATCode", text),
                "sales_vat_code": ("SalesVATCode", text),
                "purchase_currency": ("PurchaseCurrency", text),
                "sales_currency": ("SalesCurrency", text),
                "gl_account_purchase_exact_id": ("GLAccountPurchase", guid),
                "credit_line_purchase": ("CreditLinePurchase", AMOUNT),
                "credit_line_sales": ("CreditLineSales", AMOUNT),
            },
            deleted_type=2,
            derive=lambda row: {"is_customer": text(row.get("Status")) == "C"},
        ),
        EntitySync(
            "bank_accounts",
            md.BankAccount,
            "crm/BankAccounts",
            "modified",
            {
                "relation_exact_id": ("Account", guid),
                "iban": ("BankAccount", compact),  # ``IBAN`` is obsolete (reference §5.4)
                "bic": ("BICCode", text),
                "holder_name": ("BankAccountHolderName", text),
                "is_main": ("Main", flag),
                "blocked": ("Blocked", flag),
            },
        ),
        EntitySync(
            "gl_accounts",
            md.GLAccount,
            "sync/Financial/GLAccounts",
            "sync",
            {
                **CODED,
                "type": ("Type", integer),
                "balance_type": ("BalanceType", text),
                "vat_code": ("VATCode", text),
                "is_blocked": ("IsBlocked", flag),
            },
            deleted_type=7,
        ),
        EntitySync(
            "vat_codes",
            md.VATCode,
            "vat/VATCodes",
            "snapshot",
            {
                **CODED,
                "type": ("Type", text),
                "percentage": ("Percentage", percentage),
                "charged": ("Charged", flag),
                "is_blocked": ("IsBlocked", flag),
            },
        ),
        EntitySync(
            "journals",
            md.Journal,
            "financial/Journals",
            "snapshot",
            {
                **CODED,
                "type": ("Type", integer),
                "currency": ("Currency", text),
                "is_blocked": ("IsBlocked", flag),
            },
        ),
        EntitySync(
            "cost_centers",
            md.CostCenter,
            "hrm/Costcenters",
            "snapshot",
            {**CODED, "end_date": ("EndDate", day), "_active": ("Active", flag)},
            derive=_active,
        ),
        EntitySync(
            "cost_units",
            md.CostUnit,
            "hrm/Costunits",
            "snapshot",
            {**CODED, "end_date": ("EndDate", day)},
            derive=_active,
        ),
        EntitySync(
            "projects",
            md.Project,
            "sync/Project/Projects",
            "sync",
            {
                **CODED,
                "type": ("Type", integer),
                "relation_exact_id": ("Account", guid),
                "start_date": ("StartDate", day),
                "end_date": ("EndDate", day),
                "block_entry": ("BlockEntry", flag),
            },
            deleted_type=21,
        ),
        EntitySync(
            "payment_conditions",
            md.PaymentCondition,
            "cashflow/PaymentConditions",
            "snapshot",
            {
                **CODED,
                "days": ("PaymentDays", lambda v: integer(v) or 0),
                "end_of_months": ("PaymentEndOfMonths", lambda v: integer(v) or 0),
                "discount_days": ("DiscountPaymentDays", integer),
                "discount_percentage": ("DiscountPercentage", decimal(4)),
                "payment_method": ("PaymentMethod", text),
            },
        ),
        EntitySync(
            "items",
            md.Item,
            "sync/Logistics/Items",
            "sync",
            {
                **CODED,
                "unit": ("Unit", text),
                "is_sales_item": ("IsSalesItem", flag),
                "is_purchase_item": ("IsPurchaseItem", flag),
                "is_stock_item": ("IsStockItem", flag),
                "sales_vat_code": ("SalesVatCode", text),
                "barcode": ("Barcode", text),
                "purchase_price": ("CostPriceStandard", PRICE),
                "sales_price": ("StandardSalesPrice", PRICE),
                "stock": ("Stock", QTY),
                "end_date": ("EndDate", day),
            },
            deleted_type=9,
        ),
        EntitySync(
            "sales_prices",
            md.SalesPriceAgreement,
            "sync/Logistics/SalesItemPrices",
            "sync",
            {
                "customer_exact_id": ("Account", guid),
                "item_exact_id": ("Item", guid),
                "item_code": ("ItemCode", text),
                "price": ("Price", PRICE),
                "currency": ("Currency", text),
                "unit": ("Unit", text),
                "quantity_from": ("Quantity", lambda v: QTY(v or 0)),
                "items_per_unit": ("NumberOfItemsPerUnit", QTY),
                "valid_from": ("StartDate", day),
                "valid_to": ("EndDate", day),
            },
            deleted_type=8,
        ),
        EntitySync(
            "purchase_orders",
            md.PurchaseOrder,
            "sync/PurchaseOrder/PurchaseOrders",
            "sync",
            {
                "order_number": ("OrderNumber", integer),
                "supplier_exact_id": ("Supplier", guid),
                "supplier_code": ("SupplierCode", text),
                "supplier_name": ("SupplierName", text),
                "order_date": ("OrderDate", day),
                "receipt_date": ("ReceiptDate", day),
                "currency": ("Currency", text),
                "description": ("Description", text),
                "your_ref": ("YourRef", text),
                "payment_condition": ("PaymentCondition", text),
                "order_status": ("OrderStatus", integer),
                "receipt_status": ("ReceiptStatus", integer),
                "invoice_status": ("InvoiceStatus", integer),
                "amount": ("AmountFC", AMOUNT),
                "vat_amount": ("VATAmount", AMOUNT),
            },
            key="PurchaseOrderID",
            deleted_type=22,
            lines=Lines(
                "PurchaseOrderLines",
                md.PurchaseOrderLine,
                "order",
                {
                    "line_number": ("LineNumber", integer),
                    "item_exact_id": ("Item", guid),
                    "item_code": ("ItemCode", text),
                    "description": ("Description", text),
                    "quantity": ("Quantity", QTY),
                    "received_quantity": ("ReceivedQuantity", QTY),
                    "invoiced_quantity": ("InvoicedQuantity", QTY),
                    "unit_price": ("UnitPrice", PRICE),
                    "net_price": ("NetPrice", PRICE),
                    "discount": ("Discount", PRICE),
                    "amount": ("AmountFC", AMOUNT),
                    "vat_code": ("VATCode", text),
                    "cost_center": ("CostCenter", text),
                    "cost_unit": ("CostUnit", text),
                    "project_exact_id": ("Project", guid),
                    "receipt_date": ("ReceiptDate", day),
                },
            ),
        ),
        EntitySync(
            "goods_receipts",
            md.GoodsReceipt,
            "purchaseorder/GoodsReceipts",
            "modified",
            {
                "receipt_number": ("ReceiptNumber", integer),
                "receipt_date": ("ReceiptDate", day),
                "supplier_exact_id": ("Supplier", guid),
                "supplier_code": ("SupplierCode", text),
                "supplier_name": ("SupplierName", text),
                "description": ("Description", text),
                "your_ref": ("YourRef", text),
            },
            lines=Lines(
                "GoodsReceiptLines",
                md.GoodsReceiptLine,
                "receipt",
                {
                    "line_number": ("LineNumber", integer),
                    "purchase_order_exact_id": ("PurchaseOrderID", guid),
                    "purchase_order_line_exact_id": ("PurchaseOrderLineID", guid),
                    "item_exact_id": ("Item", guid),
                    "item_code": ("ItemCode", text),
                    "description": ("Description", text),
                    "quantity_received": ("QuantityReceived", QTY),
                    "quantity_ordered": ("QuantityOrdered", QTY),
                },
            ),
        ),
        EntitySync(
            "payables",
            md.OpenItem,
            "read/financial/PayablesList",
            "snapshot",
            {**OPEN_ITEM, "approval_status": ("ApprovalStatus", integer)},
            key="HID",
            model_key="hid",
            scope={"kind": md.OpenItem.Kind.PAYABLE},
            has_modified=False,
        ),
        EntitySync(
            "receivables",
            md.OpenItem,
            "read/financial/ReceivablesList",
            "snapshot",
            OPEN_ITEM,
            key="HID",
            model_key="hid",
            scope={"kind": md.OpenItem.Kind.RECEIVABLE},
            has_modified=False,
        ),
        EntitySync(
            "subscriptions",
            md.Subscription,
            "sync/Subscription/Subscriptions",
            "sync",
            {
                "number": ("Number", integer),
                "customer_exact_id": ("OrderedBy", guid),
                "customer_name": ("OrderedByName", text),
                "invoice_to_exact_id": ("InvoiceTo", guid),
                "subscription_type_exact_id": ("SubscriptionType", guid),
                "description": ("Description", text),
                "start_date": ("StartDate", day),
                "end_date": ("EndDate", day),
                "cancellation_date": ("CancellationDate", day),
                "payment_condition": ("PaymentCondition", text),
                "currency": ("Currency", text),
                "customer_po_number": ("CustomerPONumber", text),
                "block_entry": ("BlockEntry", flag),
            },
            key="EntryID",
            deleted_type=23,
        ),
        EntitySync(
            "subscription_lines",
            md.SubscriptionLine,
            "sync/Subscription/SubscriptionLines",
            "sync",
            {
                "subscription_exact_id": ("EntryID", guid),
                "line_number": ("LineNumber", integer),
                "item_exact_id": ("Item", guid),
                "item_code": ("ItemCode", text),
                "description": ("Description", text),
                "quantity": ("Quantity", QTY),
                "unit_code": ("UnitCode", text),
                "unit_price": ("UnitPrice", PRICE),
                "net_price": ("NetPrice", PRICE),
                "discount": ("Discount", PRICE),
                "amount": ("AmountFC", AMOUNT),
                "from_date": ("FromDate", day),
                "to_date": ("ToDate", day),
                "vat_code": ("VATCode", text),
                "cost_center": ("Costcenter", text),
                "cost_unit": ("Costunit", text),
            },
            deleted_type=24,
        ),
    ]
}
BY_DELETED_TYPE = {e.deleted_type: e for e in ENTITIES.values() if e.deleted_type is not None}

# Webhook topic (reference §7.1) -> the entities whose re-sync it calls for.
TOPIC_ENTITIES: dict[str, tuple[str, ...]] = {
    "Accounts": ("relations",),
    "BankAccounts": ("bank_accounts",),
    "GLAccounts": ("gl_accounts",),
    "Items": ("items",),
    "StockPositions": ("items",),
    "PurchaseOrders": ("purchase_orders",),
    "Subscriptions": ("subscriptions", "subscription_lines"),
}
SUBSCRIBED_TOPICS = (
    "Accounts",
    "BankAccounts",
    "GLAccounts",
    "Items",
    "PurchaseOrders",
    "Subscriptions",
)


# --- rows to model fields ----------------------------------------------------------------------
def map_row(spec: EntitySync, row: dict) -> dict[str, Any]:
    """One Exact row as the model's field values (the key included)."""
    values = {
        name: convert(row.get(exact))
        for name, (exact, convert) in spec.fields.items()
        if not name.startswith("_")
    }
    if spec.derive:
        values.update(spec.derive(row))
    values[spec.model_key] = int(row[spec.key]) if spec.model_key == "hid" else guid(row[spec.key])
    if spec.mode == "sync":
        values["exact_timestamp"] = int(row["Timestamp"])
    if spec.has_modified:
        values["modified"] = moment(row.get("Modified"))
    return values


def map_line(lines: Lines, row: dict) -> dict[str, Any]:
    values = {name: convert(row.get(exact)) for name, (exact, convert) in lines.fields.items()}
    values["exact_id"] = guid(row["ID"])
    return values
