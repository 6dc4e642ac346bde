"""The local mirror of Exact master data and open documents, one model per Exact entity."""

from exactbridge.masterdata.models.billing import OpenItem, Subscription, SubscriptionLine
from exactbridge.masterdata.models.ledger import (
    CostCenter,
    CostUnit,
    GLAccount,
    Journal,
    PaymentCondition,
    Project,
    VATCode,
)
from exactbridge.masterdata.models.logistics import (
    GoodsReceipt,
    GoodsReceiptLine,
    Item,
    PurchaseOrder,
    PurchaseOrderLine,
    SalesPriceAgreement,
)
from exactbridge.masterdata.models.relations import BankAccount, Relation
from exactbridge.masterdata.models.sync import (
    SyncState,
    WebhookNotification,
    WebhookRegistration,
    WebhookSubscription,
)

__all__ = [
    "BankAccount",
    "CostCenter",
    "CostUnit",
    "GLAccount",
    "GoodsReceipt",
    "GoodsReceiptLine",
    "Item",
    "Journal",
    "OpenItem",
    "PaymentCondition",
    "Project",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "Relation",
    "SalesPriceAgreement",
    "Subscription",
    "SubscriptionLine",
    "SyncState",
    "VATCode",
    "WebhookNotification",
    "WebhookRegistration",
    "WebhookSubscription",
]
