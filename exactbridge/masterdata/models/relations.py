"""Relations (crm/Accounts) and their bank accounts (crm/BankAccounts), reference §5.3 and 5.4."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from exactbridge.masterdata.models.base import AMOUNT, MirrorRow


class Relation(MirrorRow):
    """A supplier and/or customer. ``code`` is trimmed (Exact right-aligns it in 18 characters);
    ``vat_number`` and ``kvk_number`` are compact (upper case, no spaces or dots)."""

    code = models.CharField(_("code"), max_length=18)
    name = models.CharField(_("name"), max_length=255)
    status = models.CharField(_("status"), max_length=1, blank=True)  # A/S/P/C
    is_supplier = models.BooleanField(_("supplier"), default=False)
    is_customer = models.BooleanField(_("customer"), default=False)
    blocked = models.BooleanField(_("blocked"), default=False)
    vat_number = models.CharField(_("VAT number"), max_length=40, blank=True)
    kvk_number = models.CharField(_("chamber of commerce number"), max_length=40, blank=True)
    email = models.CharField(_("e-mail"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=3, blank=True)
    payment_condition_purchase = models.CharField(
        _("payment condition (purchase)"), max_length=20, blank=True
    )
    payment_condition_sales = models.CharField(
        _("payment condition (sales)"), max_length=20, blank=True
    )
    purchase_vat_code = models.CharField(_("purchase VAT code"), max_length=10, blank=True)
    sales_vat_code = models.CharField(_("sales VAT code"), max_length=10, blank=True)
    purchase_currency = models.CharField(_("purchase currency"), max_length=3, blank=True)
    sales_currency = models.CharField(_("sales currency"), max_length=3, blank=True)
    gl_account_purchase_exact_id = models.UUIDField(
        _("default purchase GL account"), null=True, blank=True
    )
    credit_line_purchase = models.DecimalField(
        _("credit line (purchase)"), null=True, blank=True, **AMOUNT
    )
    credit_line_sales = models.DecimalField(
        _("credit line (sales)"), null=True, blank=True, **AMOUNT
    )

    class Meta(MirrorRow.Meta):
        ordering = ["code"]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        indexes = [
            models.Index(fields=["administration", "vat_number"], name="md_relation_vat"),
            models.Index(fields=["administration", "kvk_number"], name="md_relation_kvk"),
            models.Index(fields=["administration", "code"], name="md_relation_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BankAccount(MirrorRow):
    """A relation's bank account; ``iban`` is compact (upper case, no spaces)."""

    relation_exact_id = models.UUIDField(_("relation"), db_index=True)
    iban = models.CharField(_("IBAN / account number"), max_length=50)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    holder_name = models.CharField(_("account holder"), max_length=255, blank=True)
    is_main = models.BooleanField(_("main account"), default=False)
    blocked = models.BooleanField(_("blocked"), default=False)

    class Meta(MirrorRow.Meta):
        ordering = ["iban"]
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        indexes = [models.Index(fields=["administration", "iban"], name="md_bankaccount_iban")]

    def __str__(self) -> str:
        return self.iban
