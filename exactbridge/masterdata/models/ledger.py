"""The codes a posting is made of: GL accounts, VAT codes, journals, cost centers and units,
projects and payment conditions (reference §5.5 to 5.9, §5.21)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from exactbridge.masterdata.models.base import CodedRow


class GLAccount(CodedRow):
    type = models.IntegerField(_("type"), null=True, blank=True)  # 110 revenue, 120 costs, …
    balance_type = models.CharField(_("balance type"), max_length=1, blank=True)  # B / W
    vat_code = models.CharField(_("default VAT code"), max_length=10, blank=True)
    is_blocked = models.BooleanField(_("blocked"), default=False)

    class Meta(CodedRow.Meta):
        verbose_name = _("GL account")
        verbose_name_plural = _("GL accounts")


class VATCode(CodedRow):
    """``code`` is trimmed (Exact pads it to 3); ``percentage`` in percent (21.00)."""

    type = models.CharField(_("type"), max_length=1, blank=True)  # B E I N
    percentage = models.DecimalField(_("percentage"), max_digits=7, decimal_places=4, default=0)
    charged = models.BooleanField(_("reverse charged"), default=False)
    is_blocked = models.BooleanField(_("blocked"), default=False)

    class Meta(CodedRow.Meta):
        verbose_name = _("VAT code")
        verbose_name_plural = _("VAT codes")


class Journal(CodedRow):
    type = models.IntegerField(_("type"), null=True, blank=True)  # 20 sales, 22 purchase, …
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    is_blocked = models.BooleanField(_("blocked"), default=False)

    class Meta(CodedRow.Meta):
        verbose_name = _("journal")
        verbose_name_plural = _("journals")


class CostCenter(CodedRow):
    end_date = models.DateField(_("end date"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta(CodedRow.Meta):
        verbose_name = _("cost center")
        verbose_name_plural = _("cost centers")


class CostUnit(CodedRow):
    end_date = models.DateField(_("end date"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta(CodedRow.Meta):
        verbose_name = _("cost unit")
        verbose_name_plural = _("cost units")


class Project(CodedRow):
    type = models.IntegerField(_("type"), null=True, blank=True)
    relation_exact_id = models.UUIDField(_("relation"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    block_entry = models.BooleanField(_("entry blocked"), default=False)

    class Meta(CodedRow.Meta):
        verbose_name = _("project")
        verbose_name_plural = _("projects")


class PaymentCondition(CodedRow):
    """Due date: first ``end_of_months`` month-ends, then ``days`` (reference §5.21)."""

    days = models.IntegerField(_("payment days"), default=0)
    end_of_months = models.IntegerField(_("month ends"), default=0)
    discount_days = models.IntegerField(_("discount days"), null=True, blank=True)
    discount_percentage = models.DecimalField(
        _("discount percentage"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    payment_method = models.CharField(_("payment method"), max_length=1, blank=True)

    class Meta(CodedRow.Meta):
        verbose_name = _("payment condition")
        verbose_name_plural = _("payment conditions")
