"""What ExactBridge proposes for a purchase invoice: who the supplier is (and why), how the
invoice matched the supplier's orders and receipts, and the entry proposed for Exact.

One row per case, rebuilt whole by ``cases.proposals`` whenever the case is read or its data
changes; the JSON holds a snapshot in accounting terms, so the case page shows it without
reaching into the mirror again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from exactbridge.helpers.messages import Message


class Proposal(models.Model):
    class MatchStatus(models.TextChoices):
        MATCHED = "matched", _("Matched")
        WITHIN_TOLERANCE = "within_tolerance", _("Within tolerance")
        EXCEPTION = "exception", _("Exception")
        NOT_MATCHED = "not_matched", _("Nothing to match")

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="proposal", verbose_name=_("case")
    )
    # The supplier as identified in the mirror; relations are never deleted there (tombstones).
    supplier = models.ForeignKey(
        "masterdata.Relation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supplier"),
    )
    # A msgid and its values, translated when shown (exactbridge.helpers.messages).
    supplier_reason = models.TextField(_("why this supplier"), blank=True)
    supplier_reason_params = models.JSONField(_("values in the reason"), default=dict, blank=True)
    match_status = models.CharField(
        _("match"), max_length=20, choices=MatchStatus.choices, default=MatchStatus.NOT_MATCHED
    )
    # {"orders": [...], "reasons": [...], "notes": [...], "candidates": [...], "rows": [...]};
    # reasons, notes and other texts in it are messages in their JSON form.
    match = models.JSONField(_("match result"), default=dict, blank=True)
    # {"journal": {...}, "supplier": {...}, "due_date": ..., "lines": [...], "complete": bool}
    entry = models.JSONField(_("proposed entry"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.get_match_status_display()}"

    @property
    def supplier_message(self) -> Message:
        return Message.from_columns(self.supplier_reason, self.supplier_reason_params)

    def get_supplier_reason_display(self) -> str:
        return self.supplier_message.render()
