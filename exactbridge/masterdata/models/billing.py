"""Open payables and receivables, and subscriptions (reference §5.20, §5.22)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from exactbridge.administrations.models import Administration
from exactbridge.masterdata.models.base import AMOUNT, PRICE, QUANTITY, LiveQuerySet, MirrorRow


class OpenItem(models.Model):
    """One row of Exact's open-items list (read/financial/PayablesList or ReceivablesList).

    Those lists hold open items only and key them by ``HID`` (an Int64), so a row Exact stops
    listing has been settled: ``deleted_at`` then says since when it is no longer open. A split
    payment shows as several rows for one invoice.
    """

    class Kind(models.TextChoices):
        PAYABLE = "payable", _("Payable")
        RECEIVABLE = "receivable", _("Receivable")

    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="+", verbose_name=_("administration")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    hid = models.BigIntegerField(_("Exact HID"))
    relation_exact_id = models.UUIDField(_("relation"), null=True, blank=True, db_index=True)
    relation_code = models.CharField(_("relation code"), max_length=18, blank=True)
    relation_name = models.CharField(_("relation name"), max_length=255, blank=True)
    invoice_number = models.CharField(_("invoice number"), max_length=40, blank=True)
    your_ref = models.CharField(_("your reference"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    amount_in_transit = models.DecimalField(_("in transit"), null=True, blank=True, **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    entry_number = models.IntegerField(_("entry number"), null=True, blank=True)
    journal_code = models.CharField(_("journal"), max_length=10, blank=True)
    # Payables only: null, 1 n/a, 2 awaiting review, 3 awaiting approval, 4 approved.
    approval_status = models.IntegerField(_("approval status"), null=True, blank=True)
    seen_at = models.DateTimeField(_("last read from Exact"))
    deleted_at = models.DateTimeField(_("no longer open since"), null=True, blank=True)

    objects = LiveQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "hid"]
        verbose_name = _("open item")
        verbose_name_plural = _("open items")
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "kind", "hid"], name="md_openitem_hid"
            )
        ]
        indexes = [
            models.Index(fields=["administration", "kind", "due_date"], name="md_openitem_due")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.invoice_number} {self.amount} {self.currency}"


class Subscription(MirrorRow):
    number = models.IntegerField(_("number"), null=True, blank=True)
    customer_exact_id = models.UUIDField(_("customer"), null=True, blank=True, db_index=True)
    customer_name = models.CharField(_("customer name"), max_length=255, blank=True)
    invoice_to_exact_id = models.UUIDField(_("invoice to"), null=True, blank=True)
    subscription_type_exact_id = models.UUIDField(_("subscription type"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    cancellation_date = models.DateField(_("cancellation date"), null=True, blank=True)
    payment_condition = models.CharField(_("payment condition"), max_length=20, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    customer_po_number = models.CharField(_("customer PO number"), max_length=100, blank=True)
    block_entry = models.BooleanField(_("blocked"), default=False)

    class Meta(MirrorRow.Meta):
        ordering = ["-number"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self) -> str:
        return f"{self.number} {self.description}".strip()


class SubscriptionLine(MirrorRow):
    """Synced from its own endpoint, so it names its subscription by Exact GUID."""

    subscription_exact_id = models.UUIDField(_("subscription"), db_index=True)
    line_number = models.IntegerField(_("line"), null=True, blank=True)
    item_exact_id = models.UUIDField(_("item"), null=True, blank=True)
    item_code = models.CharField(_("item code"), max_length=40, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    quantity = models.DecimalField(_("quantity"), null=True, blank=True, **QUANTITY)
    unit_code = models.CharField(_("unit"), max_length=20, blank=True)
    unit_price = models.DecimalField(_("unit price"), null=True, blank=True, **PRICE)
    net_price = models.DecimalField(_("net price"), null=True, blank=True, **PRICE)
    discount = models.DecimalField(_("discount"), null=True, blank=True, **PRICE)
    amount = models.DecimalField(_("amount"), null=True, blank=True, **AMOUNT)
    from_date = models.DateField(_("from"), null=True, blank=True)
    to_date = models.DateField(_("to"), null=True, blank=True)
    vat_code = models.CharField(_("VAT code"), max_length=10, blank=True)
    cost_center = models.CharField(_("cost center"), max_length=40, blank=True)
    cost_unit = models.CharField(_("cost unit"), max_length=40, blank=True)

    class Meta(MirrorRow.Meta):
        ordering = ["subscription_exact_id", "line_number"]
        verbose_name = _("subscription line")
        verbose_name_plural = _("subscription lines")

    def __str__(self) -> str:
        return f"{self.line_number}: {self.item_code} x {self.quantity}"
