"""Items, sales prices, purchase orders and goods receipts (reference §5.10 to 5.13, §5.23).

References to other mirrored entities are kept as Exact GUIDs (``…_exact_id``): they arrive from
separate endpoints in no guaranteed order. Lines that arrive inside their header's answer have a
real foreign key to it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from exactbridge.masterdata.models.base import AMOUNT, PRICE, QUANTITY, CodedRow, MirrorRow


class Item(CodedRow):
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    is_sales_item = models.BooleanField(_("sales item"), default=False)
    is_purchase_item = models.BooleanField(_("purchase item"), default=False)
    is_stock_item = models.BooleanField(_("stock item"), default=False)
    sales_vat_code = models.CharField(_("sales VAT code"), max_length=10, blank=True)
    barcode = models.CharField(_("barcode"), max_length=60, blank=True)
    # Exact's standard cost price: the purchase price the mirror knows of (reference §5.10).
    purchase_price = models.DecimalField(_("cost price"), null=True, blank=True, **PRICE)
    sales_price = models.DecimalField(_("standard sales price"), null=True, blank=True, **PRICE)
    stock = models.DecimalField(_("stock"), null=True, blank=True, **QUANTITY)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta(CodedRow.Meta):
        verbose_name = _("item")
        verbose_name_plural = _("items")
        indexes = [models.Index(fields=["administration", "code"], name="md_item_code")]


class SalesPriceAgreement(MirrorRow):
    """A logistics/SalesItemPrices row: with a customer it is that customer's agreed price,
    without one the item's general sales price (reference §5.23)."""

    customer_exact_id = models.UUIDField(_("customer"), null=True, blank=True, db_index=True)
    item_exact_id = models.UUIDField(_("item"))
    item_code = models.CharField(_("item code"), max_length=40, blank=True)
    price = models.DecimalField(_("price"), **PRICE)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    quantity_from = models.DecimalField(_("from quantity"), default=0, **QUANTITY)
    items_per_unit = models.DecimalField(_("items per unit"), null=True, blank=True, **QUANTITY)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta(MirrorRow.Meta):
        ordering = ["item_code", "quantity_from"]
        verbose_name = _("sales price")
        verbose_name_plural = _("sales prices")

    def __str__(self) -> str:
        return f"{self.item_code} {self.price} {self.currency}"


class PurchaseOrder(MirrorRow):
    order_number = models.IntegerField(_("order number"), null=True, blank=True)
    supplier_exact_id = models.UUIDField(_("supplier"), null=True, blank=True, db_index=True)
    supplier_code = models.CharField(_("supplier code"), max_length=18, blank=True)
    supplier_name = models.CharField(_("supplier name"), max_length=255, blank=True)
    order_date = models.DateField(_("order date"), null=True, blank=True)
    receipt_date = models.DateField(_("receipt date"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    your_ref = models.CharField(_("your reference"), max_length=100, blank=True)
    payment_condition = models.CharField(_("payment condition"), max_length=20, blank=True)
    # 10 open, 20 partial, 30 complete, 40 cancelled (reference §5.12)
    order_status = models.IntegerField(_("order status"), null=True, blank=True)
    receipt_status = models.IntegerField(_("receipt status"), null=True, blank=True)
    invoice_status = models.IntegerField(_("invoice status"), null=True, blank=True)
    amount = models.DecimalField(_("amount"), null=True, blank=True, **AMOUNT)
    vat_amount = models.DecimalField(_("VAT amount"), null=True, blank=True, **AMOUNT)

    class Meta(MirrorRow.Meta):
        ordering = ["-order_number"]
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        indexes = [
            models.Index(fields=["administration", "order_number"], name="md_po_number"),
        ]

    def __str__(self) -> str:
        return f"PO {self.order_number} {self.supplier_name}".strip()


class PurchaseOrderLine(MirrorRow):
    order = models.ForeignKey(
        PurchaseOrder, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order")
    )
    line_number = models.IntegerField(_("line"), null=True, blank=True)
    item_exact_id = models.UUIDField(_("item"), null=True, blank=True)
    item_code = models.CharField(_("item code"), max_length=40, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    quantity = models.DecimalField(_("quantity"), null=True, blank=True, **QUANTITY)
    received_quantity = models.DecimalField(_("received"), null=True, blank=True, **QUANTITY)
    invoiced_quantity = models.DecimalField(_("invoiced"), null=True, blank=True, **QUANTITY)
    unit_price = models.DecimalField(_("unit price"), null=True, blank=True, **PRICE)
    net_price = models.DecimalField(_("net price"), null=True, blank=True, **PRICE)
    discount = models.DecimalField(_("discount"), null=True, blank=True, **PRICE)
    amount = models.DecimalField(_("net amount"), null=True, blank=True, **AMOUNT)
    vat_code = models.CharField(_("VAT code"), max_length=10, blank=True)
    cost_center = models.CharField(_("cost center"), max_length=40, blank=True)
    cost_unit = models.CharField(_("cost unit"), max_length=40, blank=True)
    project_exact_id = models.UUIDField(_("project"), null=True, blank=True)
    receipt_date = models.DateField(_("receipt date"), null=True, blank=True)

    class Meta(MirrorRow.Meta):
        ordering = ["order", "line_number"]
        verbose_name = _("purchase order line")
        verbose_name_plural = _("purchase order lines")

    def __str__(self) -> str:
        return f"{self.line_number}: {self.item_code} x {self.quantity}"


class GoodsReceipt(MirrorRow):
    receipt_number = models.IntegerField(_("receipt number"), null=True, blank=True)
    receipt_date = models.DateField(_("receipt date"), null=True, blank=True)
    supplier_exact_id = models.UUIDField(_("supplier"), null=True, blank=True)
    supplier_code = models.CharField(_("supplier code"), max_length=18, blank=True)
    supplier_name = models.CharField(_("supplier name"), max_length=255, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    your_ref = models.CharField(_("your reference"), max_length=100, blank=True)

    class Meta(MirrorRow.Meta):
        ordering = ["-receipt_number"]
        verbose_name = _("goods receipt")
        verbose_name_plural = _("goods receipts")

    def __str__(self) -> str:
        return f"GR {self.receipt_number} {self.supplier_name}".strip()


class GoodsReceiptLine(MirrorRow):
    receipt = models.ForeignKey(
        GoodsReceipt, on_delete=models.CASCADE, related_name="lines", verbose_name=_("receipt")
    )
    line_number = models.IntegerField(_("line"), null=True, blank=True)
    purchase_order_exact_id = models.UUIDField(_("purchase order"), null=True, blank=True)
    purchase_order_line_exact_id = models.UUIDField(
        _("purchase order line"), null=True, blank=True, db_index=True
    )
    item_exact_id = models.UUIDField(_("item"), null=True, blank=True)
    item_code = models.CharField(_("item code"), max_length=40, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    quantity_received = models.DecimalField(_("received"), null=True, blank=True, **QUANTITY)
    quantity_ordered = models.DecimalField(_("ordered"), null=True, blank=True, **QUANTITY)

    class Meta(MirrorRow.Meta):
        ordering = ["receipt", "line_number"]
        verbose_name = _("goods receipt line")
        verbose_name_plural = _("goods receipt lines")

    def __str__(self) -> str:
        return f"{self.line_number}: {self.item_code} x {self.quantity_received}"
