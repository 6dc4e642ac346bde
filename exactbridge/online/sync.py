"""Keeping the master-data mirror current from Exact Online (reference §5, §6).

Each mirrored entity is one ``EntitySync``: the endpoint, the fields asked for (``$select``), how
a row becomes model fields, and how it is read:

- ``sync``: the Sync API, ``Timestamp gt <cursor>`` in Timestamp order, 1000 a page. Each page
  is saved in one transaction together with the new cursor, so a crash re-reads at most one page
  (and saving is idempotent). Deletions come from ``sync/Deleted`` by ``EntityType``.
- ``modified``: a classic endpoint without a Sync API, read with ``Modified ge <latest seen>``.
  Pages come in key order, not time order, so the cursor moves only after the whole read.
  Exact logs no deletions for these; a full resync finds them.
- ``snapshot``: small code tables without a Sync API, and the open-item lists (which hold open
  items only): read whole on every run; whatever was not read is tombstoned.

A full resync reads every entity from the start and tombstones the rows it did not see: that is
how deletions older than the two months ``sync/Deleted`` keeps, or on endpoints without it, end.
Rows are tombstoned rather than removed (``masterdata.models.base``).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from exactbridge.administrations.models import Administration
from exactbridge.masterdata import mirror
from exactbridge.masterdata import models as md
from exactbridge.masterdata.selectors import compact
from exactbridge.online import odata
from exactbridge.online.client import ExactOnlineClient
from exactbridge.online.errors import ExactError, ExactRateLimited, ReconnectNeeded
from exactbridge.online.models import ExactOnlineConnection

logger = logging.getLogger(__name__)

PAGE = 1000  # the Sync and Bulk API page size (reference §2.6)
DELETED = "deleted"


# --- values ------------------------------------------------------------------------------------
def text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def guid(value: Any) -> uuid.UUID | None:
    return uuid.UUID(str(value).strip("{}")) if value else None


def integer(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


def flag(value: Any) -> bool:
    return bool(value)  # Boolean, or Byte 0/1 (reference §2.5)


def decimal(places: int) -> Callable[[Any], Decimal | None]:
    quantum = Decimal(1).scaleb(-places)

    def convert(value: Any) -> Decimal | None:
        return None if value in (None, "") else Decimal(str(value)).quantize(quantum)

    return convert


def day(value: Any) -> date | None:
    moment = odata.parse_date(value) if value else None
    return moment.date() if moment else None


def moment(value: Any) -> datetime | None:
    """``/Date(ms)/`` is Exact local time (reference §2.5): made aware in that zone."""
    local = odata.parse_date(value) if value else None
    return local.replace(tzinfo=odata.EXACT_TIME_ZONE) if local else None


def percentage(value: Any) -> Decimal:
    """VAT percentages in percent. Exact's reference does not say whether ``Percentage`` is 21
    or 0.21 (U); a value below 1 is read as a fraction."""
    number = Decimal(str(value or 0))
    return (number * 100 if 0 < number < 1 else number).quantize(Decimal("0.0001"))


AMOUNT, PRICE, QTY = decimal(2), decimal(4), decimal(4)


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


# --- running -----------------------------------------------------------------------------------
@dataclass
class EntityResult:
    entity: str
    counts: mirror.Counts = field(default_factory=mirror.Counts)
    seconds: float = 0.0
    error: str = ""
    stop: bool = False  # nothing more can be read now (reconnect needed, daily limit spent)


def sync_administration(
    *, administration: Administration, full: bool = False
) -> list[EntityResult]:
    """Every entity, then the deletions Exact logged. Expected failures (reconnect needed, a
    spent daily limit, Exact refusing one endpoint) become the entity's SyncState error; nothing
    is raised, so a scheduled task ends cleanly."""
    connection = ExactOnlineConnection.objects.filter(administration=administration).first()
    if connection is None or connection.division is None:
        return [EntityResult("connection", error="Exact Online is not connected.", stop=True)]
    client = ExactOnlineClient(connection)
    results = []
    for name in ENTITIES:
        result = sync_entity(
            connection=connection, entity=name, full=full, client=client, deletions=False
        )
        results.append(result)
        if result.stop:
            return results
    try:
        deleted = sync_deleted(connection=connection, client=client)
    except ExactError as exc:
        state = mirror.sync_state(administration_id=administration.pk, entity=DELETED)
        mirror.record_error(state=state, message=str(exc), started=timezone.now())
        results.append(EntityResult(DELETED, error=str(exc)))
        return results
    for result in results:
        result.counts.deleted += deleted.pop(result.entity, 0)
    return results


def sync_entity(
    *,
    connection: ExactOnlineConnection,
    entity: str,
    full: bool = False,
    client: ExactOnlineClient | None = None,
    deletions: bool = True,
) -> EntityResult:
    """Bring one entity up to date (``full``: from the start, tombstoning what Exact no longer
    has). With ``deletions``, ``sync/Deleted`` is read afterwards too (all types are applied)."""
    spec = ENTITIES[entity]
    client = client or ExactOnlineClient(connection)
    administration_id = connection.administration_id
    state = mirror.sync_state(administration_id=administration_id, entity=entity)
    started, clock = timezone.now(), time.monotonic()
    result = EntityResult(entity)
    try:
        READERS[spec.mode](client, spec, state, full, started, result.counts)
        if full or spec.mode == "snapshot":
            result.counts.deleted += mirror.mark_unseen_deleted(
                model=spec.model,
                administration_id=administration_id,
                seen_before=started,
                at=timezone.now(),
                scope=spec.scope,
            )
        if deletions and spec.deleted_type is not None:
            result.counts.deleted += sync_deleted(connection=connection, client=client).get(
                entity, 0
            )
    except ExactError as exc:
        result.error = str(exc)
        result.stop = isinstance(exc, ReconnectNeeded) or (
            isinstance(exc, ExactRateLimited) and exc.daily
        )
        mirror.record_error(state=state, message=result.error, started=started)
        logger.warning(
            "exact sync %s of administration %s failed: %s", entity, administration_id, exc
        )
    else:
        mirror.record_success(state=state, counts=result.counts, full=full, started=started)
    result.seconds = time.monotonic() - clock
    return result


def sync_deleted(
    *, connection: ExactOnlineConnection, client: ExactOnlineClient | None = None
) -> dict[str, int]:
    """Apply ``sync/Deleted`` since its own cursor; {entity: rows tombstoned}."""
    client = client or ExactOnlineClient(connection)
    administration_id = connection.administration_id
    state = mirror.sync_state(administration_id=administration_id, entity=DELETED)
    started = timezone.now()
    counts: dict[str, int] = {}

    def save(rows: list[dict]) -> None:
        with transaction.atomic():
            for row in rows:
                spec = BY_DELETED_TYPE.get(row.get("EntityType"))
                if spec is None:
                    continue
                counts[spec.name] = counts.get(spec.name, 0) + mirror.mark_deleted(
                    model=spec.model,
                    administration_id=administration_id,
                    exact_id=guid(row["EntityKey"]),
                    timestamp=int(row["Timestamp"]),
                    at=timezone.now(),
                )
            mirror.advance_cursor(state=state, timestamp=max(int(r["Timestamp"]) for r in rows))

    rows = client.get_collection(
        "sync/Deleted",
        select=["Timestamp", "EntityKey", "EntityType"],
        filter=odata.compare("Timestamp", "gt", state.last_timestamp),
    )
    for page in _pages(rows):
        save(page)
    mirror.record_success(
        state=state, counts=mirror.Counts(deleted=sum(counts.values())), full=False, started=started
    )
    return counts


def _read_sync(client, spec: EntitySync, state, full: bool, started, counts) -> None:
    cursor = 1 if full else state.last_timestamp
    rows = client.get_collection(
        spec.path,
        select=spec.select(),
        filter=odata.compare("Timestamp", "gt", cursor),
        expand=[spec.lines.prop] if spec.lines else None,
    )
    for page in _pages(rows):
        with transaction.atomic():
            counts.add(_save(spec, state.administration_id, page))
            mirror.advance_cursor(state=state, timestamp=max(int(r["Timestamp"]) for r in page))


def _read_modified(client, spec: EntitySync, state, full: bool, started, counts) -> None:
    since = None if full else state.last_modified
    rows = client.get_collection(
        spec.path,
        select=spec.select(),
        # ``ge``: rows changed in the same second as the last one seen are read again (harmless).
        filter=odata.compare("Modified", "ge", since) if since else None,
        expand=[spec.lines.prop] if spec.lines else None,
    )
    latest = None
    for page in _pages(rows):
        with transaction.atomic():
            counts.add(_save(spec, state.administration_id, page))
        latest = max(
            filter(None, [latest, *(moment(r.get("Modified")) for r in page)]), default=None
        )
    if latest is not None:
        mirror.advance_cursor(state=state, modified=latest)


def _read_snapshot(client, spec: EntitySync, state, full: bool, started, counts) -> None:
    for page in _pages(client.get_collection(spec.path, select=spec.select())):
        with transaction.atomic():
            counts.add(_save(spec, state.administration_id, page))


READERS = {"sync": _read_sync, "modified": _read_modified, "snapshot": _read_snapshot}


def _save(spec: EntitySync, administration_id: int, page: list[dict]) -> mirror.Counts:
    seen_at = timezone.now()
    counts = mirror.upsert_rows(
        model=spec.model,
        administration_id=administration_id,
        rows=[map_row(spec, row) for row in page],
        seen_at=seen_at,
        key=spec.model_key,
        scope=spec.scope,
    )
    if spec.lines:
        _save_lines(spec.lines, spec.model, administration_id, page, spec.key, seen_at)
    return counts


def _save_lines(
    lines: Lines, header_model, administration_id: int, page, key: str, seen_at
) -> None:
    """The expanded lines are the header's complete set: lines no longer in it are tombstoned."""
    headers = mirror.local_ids(
        model=header_model,
        administration_id=administration_id,
        exact_ids=[guid(r[key]) for r in page],
    )
    rows, parents = [], []
    for row in page:
        expanded = row.get(lines.prop)
        results = expanded.get("results") if isinstance(expanded, dict) else expanded
        if not isinstance(results, list):
            continue  # not expanded: leave the lines as they are
        parent = headers[guid(row[key])]
        parents.append(parent)
        rows += [{**map_line(lines, line), f"{lines.parent}_id": parent} for line in results]
    mirror.upsert_rows(
        model=lines.model, administration_id=administration_id, rows=rows, seen_at=seen_at
    )
    mirror.mark_unseen_deleted(
        model=lines.model,
        administration_id=administration_id,
        seen_before=seen_at,
        at=seen_at,
        scope={f"{lines.parent}_id__in": parents},
    )


def _pages(rows: Iterable[dict], size: int = PAGE) -> Iterable[list[dict]]:
    """Groups of ``size`` rows: with Exact's page size, each group is one page of the answer, and
    the next page is only asked for once the group has been saved."""
    page: list[dict] = []
    for row in rows:
        page.append(row)
        if len(page) >= size:
            yield page
            page = []
    if page:
        yield page
