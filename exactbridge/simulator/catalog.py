"""The Exact Online endpoints the simulator serves, with field names and types per reference §5.

Field subsets follow the reference's entity sections; Exact has more fields on most endpoints.
"""

from __future__ import annotations

from .entities import EntitySpec, Registry, parse_fields

AUDIT = "Created:dt! Creator:guid! CreatorFullName:str! Modified:dt! Modifier:guid! ModifierFullName:str! Division:int!"  # noqa: E501


def _spec(
    service: str, name: str, key: str, fields: str, *, audit: bool = True, **kw
) -> EntitySpec:
    return EntitySpec(service, name, key, parse_fields(f"{fields} {AUDIT if audit else ''}"), **kw)


SPECS = [
    _spec(
        "system",
        "Divisions",
        "Code",
        "Code:int Description:str! Current:bool! Country:str! Currency:str! "
        "VATNumber:str! ChamberOfCommerceNumber:str! Status:int! BlockingStatus:int! Hid:long! "
        "StartDate:dt! IsMainDivision:bool!",
        methods="GD",
        model="SystemDivision",
    ),
    _spec(
        "crm",
        "Accounts",
        "ID",
        "ID:guid Code:str Name:str* SearchCode:str Status:str IsSupplier:bool "
        "IsSales:bool! IsPurchase:bool! Type:str! Blocked:bool AddressLine1:str AddressLine2:str "
        "AddressLine3:str Postcode:str City:str State:str Country:str CountryName:str! Email:str "
        "Phone:str Website:str VATNumber:str ChamberOfCommerce:str Language:str MainContact:guid "
        "Parent:guid InvoiceAccount:guid PaymentConditionSales:str PaymentConditionPurchase:str "
        "SalesVATCode:str PurchaseVATCode:str SalesCurrency:str PurchaseCurrency:str GLAR:guid "
        "GLAP:guid GLAccountSales:guid GLAccountPurchase:guid CreditLineSales:float "
        "CreditLinePurchase:float DiscountSales:float DiscountPurchase:float PriceList:guid",
        model="Account",
        sync="sync/CRM/Accounts",
        bulk="bulk/CRM/Accounts",
        topic="Accounts",
        deleted_type=2,
        navigation={"BankAccounts": "BankAccounts"},
        filter_props=(
            "Code",
            "Created",
            "ID",
            "Modified",
            "Name",
            "Status",
            "VATNumber",
            "ChamberOfCommerce",
            "IsSupplier",
            "Blocked",
            "Email",
            "Type",
        ),
    ),
    _spec(
        "crm",
        "BankAccounts",
        "ID",
        "ID:guid Account:guid* AccountName:str! BankAccount:str* "
        "BankAccountHolderName:str BICCode:str Description:str Main:bool Blocked:bool IBAN:str! "
        "Format:str! BankName:str! Type:str!",
        model="BankAccount",
        topic="BankAccounts",
    ),
    _spec(
        "financial",
        "GLAccounts",
        "ID",
        "ID:guid Code:str* Description:str* BalanceSide:str "
        "BalanceType:str Type:int TypeDescription:str! VATCode:str IsBlocked:bool Costcenter:str "
        "Costunit:str UseCostcenter:byte UseCostunit:byte SearchCode:str",
        model="GLAccount",
        sync="sync/Financial/GLAccounts",
        bulk="bulk/Financial/GLAccounts",
        topic="GLAccounts",
        deleted_type=7,
        filter_props=("Code", "Created", "ID", "Modified", "Description", "Type"),
    ),
    _spec(
        "vat",
        "VATCodes",
        "ID",
        "ID:guid Code:str* Description:str* Type:str Percentage:float! "
        "Charged:bool IsBlocked:bool GLToPay:guid GLToClaim:guid VATTransactionType:str "
        "CalculationBasis:byte",
        model="VATCode",
    ),
    _spec(
        "financial",
        "Journals",
        "ID",
        "ID:guid Code:str* Description:str* Type:int GLAccount:guid "
        "Currency:str AllowVariableCurrency:bool AllowVAT:bool IsBlocked:bool",
        model="Journal",
    ),
    _spec(
        "hrm",
        "Costcenters",
        "ID",
        "ID:guid Code:str* Description:str* Active:bool! EndDate:dt",
        model="Costcenter",
    ),
    _spec(
        "hrm", "Costunits", "ID", "ID:guid Code:str* Description:str* EndDate:dt", model="Costunit"
    ),
    _spec(
        "project",
        "Projects",
        "ID",
        "ID:guid Code:str* Description:str* Type:int* Account:guid "
        "AccountName:str! StartDate:dt EndDate:dt Manager:guid BudgetedAmount:float "
        "BudgetedCosts:float BudgetedRevenue:float PaymentCondition:str Notes:str BlockEntry:bool "
        "BlockInvoicing:bool",
        model="Project",
        sync="sync/Project/Projects",
        deleted_type=21,
        filter_props=("Code", "Created", "ID", "Modified", "Description", "Account"),
    ),
    _spec(
        "logistics",
        "Items",
        "ID",
        "ID:guid Code:str* Description:str* Unit:str IsSalesItem:bool "
        "IsPurchaseItem:bool IsStockItem:bool IsFractionAllowedItem:bool SalesVatCode:str "
        "ItemGroup:guid ItemGroupCode:str! CostPriceStandard:float CostPriceCurrency:str "
        "StandardSalesPrice:float! Stock:float! Barcode:str SearchCode:str StartDate:dt EndDate:dt "
        "Notes:str GLRevenue:guid GLCosts:guid GLStock:guid",
        model="Item",
        sync="sync/Logistics/Items",
        bulk="bulk/Logistics/Items",
        topic="Items",
        deleted_type=9,
        filter_props=("Code", "Created", "ID", "Modified", "Description", "Barcode"),
    ),
    _spec(
        "cashflow",
        "PaymentConditions",
        "ID",
        "ID:guid Code:str* Description:str* PaymentDays:int "
        "PaymentEndOfMonths:int PaymentMethod:str DiscountPaymentDays:int "
        "DiscountPercentage:float",
        methods="GP",
        model="PaymentCondition",
    ),
    _spec(
        "purchaseorder",
        "PurchaseOrders",
        "PurchaseOrderID",
        "PurchaseOrderID:guid Supplier:guid* "
        "SupplierCode:str! SupplierName:str! OrderDate:dt "
        "ReceiptDate:dt Currency:str Description:str "
        "YourRef:str Warehouse:guid PaymentCondition:str Remarks:str Document:guid OrderNumber:int "
        "OrderStatus:int! ReceiptStatus:int! "
        "InvoiceStatus:int! ApprovalStatus:int! AmountFC:float! "
        "AmountDC:float! VATAmount:float! Source:int!",
        model="PurchaseOrder",
        lines="PurchaseOrderLines",
        sync="sync/PurchaseOrder/PurchaseOrders",
        topic="PurchaseOrders",
        deleted_type=22,
        filter_props=(
            "PurchaseOrderID",
            "OrderNumber",
            "Supplier",
            "Created",
            "Modified",
            "OrderDate",
            "YourRef",
        ),
    ),
    _spec(
        "purchaseorder",
        "PurchaseOrderLines",
        "ID",
        "ID:guid PurchaseOrderID:guid Item:guid* "
        "ItemCode:str! ItemDescription:str! QuantityInPurchaseUnits:float* Quantity:float! "
        "ReceivedQuantity:float! InvoicedQuantity:float! UnitPrice:float NetPrice:float "
        "Discount:float Description:str ReceiptDate:dt VATCode:str CostCenter:str CostUnit:str "
        "Project:guid LineNumber:int! AmountFC:float! AmountDC:float!",
        model="PurchaseOrderLine",
        parent=("PurchaseOrderID", "PurchaseOrders"),
    ),
    _spec(
        "purchaseorder",
        "GoodsReceipts",
        "ID",
        "ID:guid ReceiptDate:dt* Description:str YourRef:str "
        "Remarks:str Document:guid ReceiptNumber:int! EntryNumber:int! Supplier:guid! "
        "SupplierCode:str! SupplierName:str! Warehouse:guid!",
        methods="GPU",
        model="GoodsReceipt",
        lines="GoodsReceiptLines",
    ),
    _spec(
        "purchaseorder",
        "GoodsReceiptLines",
        "ID",
        "ID:guid GoodsReceiptID:guid "
        "PurchaseOrderLineID:guid* QuantityReceived:float Location:guid Description:str Notes:str "
        "Item:guid! ItemCode:str! PurchaseOrderID:guid! QuantityOrdered:float! LineNumber:int!",
        methods="GP",
        model="GoodsReceiptLine",
        parent=("GoodsReceiptID", "GoodsReceipts"),
    ),
    _spec(
        "logistics",
        "SalesItemPrices",
        "ID",
        "ID:guid Item:guid* ItemCode:str! Account:guid "
        "AccountName:str! Price:float* Currency:str "
        "Unit:str Quantity:float StartDate:dt EndDate:dt "
        "NumberOfItemsPerUnit:float",
        model="SalesItemPrice",
        sync="sync/Logistics/SalesItemPrices",
        bulk="bulk/Logistics/SalesItemPrices",
        deleted_type=8,
    ),
    _spec(
        "read/financial",
        "PayablesList",
        "HID",
        "HID:long AccountId:guid AccountCode:str AccountName:str "
        "Amount:float AmountInTransit:float CurrencyCode:str Description:str DueDate:dt "
        "EntryNumber:int InvoiceDate:dt InvoiceNumber:int JournalCode:str JournalDescription:str "
        "YourRef:str Notes:str ApprovalStatus:int",
        methods="G",
        model="PayablesListItem",
        paged=False,
        audit=False,
    ),
    _spec(
        "read/financial",
        "ReceivablesList",
        "HID",
        "HID:long AccountId:guid AccountCode:str "
        "AccountName:str Amount:float AmountInTransit:float CurrencyCode:str Description:str "
        "DueDate:dt EntryNumber:int InvoiceDate:dt InvoiceNumber:int JournalCode:str "
        "JournalDescription:str YourRef:str Notes:str",
        methods="G",
        model="ReceivablesListItem",
        paged=False,
        audit=False,
    ),
    _spec(
        "subscription",
        "Subscriptions",
        "EntryID",
        "EntryID:guid Description:str* OrderedBy:guid* "
        "OrderedByName:str! InvoiceTo:guid SubscriptionType:guid* "
        "Number:int! StartDate:dt EndDate:dt "
        "CancellationDate:dt InvoicingStartDate:dt "
        "InvoiceDay:byte PaymentCondition:str Currency:str "
        "Project:guid Notes:str BlockEntry:bool CustomerPONumber:str",
        model="Subscription",
        lines="SubscriptionLines",
        sync="sync/Subscription/Subscriptions",
        topic="Subscriptions",
        deleted_type=23,
        filter_props=("EntryID", "Number", "OrderedBy", "Created", "Modified"),
    ),
    _spec(
        "subscription",
        "SubscriptionLines",
        "ID",
        "ID:guid EntryID:guid Item:guid* ItemCode:str! "
        "ItemDescription:str! Quantity:float UnitPrice:float NetPrice:float Discount:float "
        "AmountFC:float AmountDC:float! FromDate:dt ToDate:dt LineType:int VATCode:str "
        "Costcenter:str Costunit:str UnitCode:str LineNumber:int! Description:str",
        model="SubscriptionLine",
        parent=("EntryID", "Subscriptions"),
        sync="sync/Subscription/SubscriptionLines",
        deleted_type=24,
    ),
    _spec(
        "purchaseentry",
        "PurchaseEntries",
        "EntryID",
        "EntryID:guid Journal:str* "
        "JournalDescription:str! Supplier:guid* SupplierName:str! EntryDate:dt DueDate:dt "
        "Description:str YourRef:str Currency:str Rate:float PaymentCondition:str "
        "PaymentReference:str Document:guid InvoiceNumber:int EntryNumber:int ReportingPeriod:int "
        "ReportingYear:int VATAmountFC:float VATAmountDC:float! AmountDC:float! AmountFC:float! "
        "ExternalLinkReference:str Status:int! Type:int! DocumentNumber:int!",
        model="PurchaseEntry",
        lines="PurchaseEntryLines",
        topic="PurchaseEntries",
    ),
    _spec(
        "purchaseentry",
        "PurchaseEntryLines",
        "ID",
        "ID:guid EntryID:guid AmountFC:float* "
        "AmountDC:float! GLAccount:guid* "
        "GLAccountCode:str! GLAccountDescription:str! Description:str "
        "VATCode:str VATAmountFC:float VATBaseAmountFC:float VATPercentage:float CostCenter:str "
        "CostUnit:str Project:guid Quantity:float From:dt To:dt Notes:str Subscription:guid "
        "LineNumber:int! Type:int!",
        model="PurchaseEntryLine",
        parent=("EntryID", "PurchaseEntries"),
    ),
    _spec(
        "salesentry",
        "SalesEntries",
        "EntryID",
        "EntryID:guid Journal:str* JournalDescription:str! "
        "Customer:guid* CustomerName:str! EntryDate:dt DueDate:dt Description:str YourRef:str "
        "Currency:str Rate:float PaymentCondition:str PaymentReference:str Document:guid "
        "InvoiceNumber:int EntryNumber:int! "
        "ReportingPeriod:int ReportingYear:int VATAmountFC:float! "
        "VATAmountDC:float! AmountDC:float! AmountFC:float! ExternalLinkReference:str Status:int! "
        "Type:int!",
        model="SalesEntry",
        lines="SalesEntryLines",
        topic="SalesEntries",
    ),
    _spec(
        "salesentry",
        "SalesEntryLines",
        "ID",
        "ID:guid EntryID:guid AmountFC:float* AmountDC:float! "
        "GLAccount:guid* GLAccountCode:str! Description:str VATCode:str VATAmountFC:float "
        "VATPercentage:float CostCenter:str CostUnit:str "
        "Project:guid Quantity:float LineNumber:int!",
        model="SalesEntryLine",
        parent=("EntryID", "SalesEntries"),
    ),
    _spec(
        "generaljournalentry",
        "GeneralJournalEntries",
        "EntryID",
        "EntryID:guid JournalCode:str* "
        "JournalDescription:str! FinancialYear:int FinancialPeriod:int Currency:str "
        "ExchangeRate:float EntryNumber:int Reversal:bool Type:int! Status:int!",
        methods="GPD",
        model="GeneralJournalEntry",
        lines="GeneralJournalEntryLines",
        needs_select=True,
        topic="GeneralJournalEntries",
    ),
    _spec(
        "generaljournalentry",
        "GeneralJournalEntryLines",
        "ID",
        "ID:guid EntryID:guid GLAccount:guid* "
        "GLAccountCode:str! AmountFC:float AmountDC:float! Date:dt Description:str Account:guid "
        "VATCode:str CostCenter:str CostUnit:str Project:guid OffsetID:guid Document:guid "
        "LineNumber:int!",
        methods="GP",
        model="GeneralJournalEntryLine",
        parent=("EntryID", "GeneralJournalEntries"),
    ),
    _spec(
        "salesorder",
        "SalesOrders",
        "OrderID",
        "OrderID:guid OrderedBy:guid* OrderedByName:str! "
        "OrderDate:dt DeliveryDate:dt DeliverTo:guid InvoiceTo:guid Description:str YourRef:str "
        "Currency:str PaymentCondition:str WarehouseID:guid ShippingMethod:guid OrderNumber:int "
        "ApprovalStatus:int Remarks:str Status:int! DeliveryStatus:int! InvoiceStatus:int! "
        "AmountFC:float! AmountDC:float!",
        model="SalesOrder",
        lines="SalesOrderLines",
        topic="SalesOrders",
    ),
    _spec(
        "salesorder",
        "SalesOrderLines",
        "ID",
        "ID:guid OrderID:guid Item:guid* ItemCode:str! "
        "Description:str Quantity:float UnitPrice:float NetPrice:float Discount:float VATCode:str "
        "VATAmount:float DeliveryDate:dt QuantityDelivered:float! QuantityInvoiced:float! "
        "AmountFC:float! LineNumber:int!",
        model="SalesOrderLine",
        parent=("OrderID", "SalesOrders"),
    ),
    _spec(
        "documents",
        "Documents",
        "ID",
        "ID:guid Subject:str* Type:int* TypeDescription:str! "
        "Account:guid DocumentDate:dt FinancialTransactionEntryID:guid Category:guid "
        "DocumentFolder:guid Body:str Project:guid SalesInvoiceNumber:int AmountFC:float "
        "Currency:str HID:int! DocumentViewUrl:str!",
        model="Document",
        topic="Documents",
        deleted_type=6,
        navigation={"Attachments": "DocumentAttachments"},
    ),
    _spec(
        "documents",
        "DocumentAttachments",
        "ID",
        "ID:guid Document:guid* FileName:str* Attachment:bin FileSize:float! Url:str!",
        methods="GPD",
        model="DocumentAttachment",
        deleted_type=4,
    ),
    _spec(
        "webhooks",
        "WebhookSubscriptions",
        "ID",
        "ID:guid CallbackURL:str* Topic:str* ClientID:guid! "
        "UserID:guid! Description:str IsInstant:bool",
        methods="GPD",
        model="WebhookSubscription",
    ),
    _spec(
        "financialtransaction",
        "TransactionLines",
        "ID",
        "ID:guid EntryID:guid! EntryNumber:int! "
        "Date:dt! FinancialYear:int! FinancialPeriod:int! JournalCode:str! GLAccount:guid! "
        "GLAccountCode:str! Account:guid! AccountCode:str! AmountDC:float! AmountFC:float! "
        "AmountVATFC:float! VATCode:str! VATPercentage:float! CostCenter:str! CostUnit:str! "
        "Project:guid! Description:str! InvoiceNumber:int! YourRef:str! DueDate:dt! Status:int! "
        "Type:int! LineNumber:int! Document:guid!",
        methods="G",
        model="TransactionLine",
        sync="sync/Financial/TransactionLines",
        bulk="bulk/Financial/TransactionLines",
        deleted_type=1,
        filter_props=(
            "ID",
            "EntryID",
            "EntryNumber",
            "Date",
            "FinancialYear",
            "FinancialPeriod",
            "GLAccount",
            "Account",
            "Modified",
        ),
    ),
]

REGISTRY = Registry(SPECS)

# sync/Deleted rows (reference §6.1 (V)); only Timestamp is filterable.
DELETED_FIELDS = "Timestamp:long ID:guid Division:int EntityKey:guid EntityType:int DeletedBy:guid DeletedDate:dt"  # noqa: E501
