"""Where a person found a field on a supplier's page layout, learned from their corrections.

Kept apart from ``intake.models`` and imported at its end, so the model lives in the ``intake``
app. The code that writes and reads it is ``intake.learning``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LayoutHint(models.Model):
    """One field of one supplier's layout: the label it stands by and where, relative to it.

    Positions are fractions of the page's width and height, so a text layer (points) and a scan
    (pixels) of the same layout agree.
    """

    administration = models.ForeignKey(
        "administrations.Administration",
        on_delete=models.CASCADE,
        related_name="layout_hints",
        verbose_name=_("administration"),
    )
    supplier_key = models.CharField(
        _("supplier"), max_length=100, help_text=_("VAT number, IBAN or normalised name.")
    )
    field = models.CharField(_("field"), max_length=40)
    # The label words of the layout's first page with their rounded positions.
    fingerprint = models.JSONField(_("layout fingerprint"), default=list)
    page = models.PositiveSmallIntegerField(_("page"), default=1)
    label = models.CharField(
        _("label"), max_length=200, blank=True, help_text=_("Empty: the box alone says where.")
    )
    # [x0, y0] of the label and [x0, y0, x1, y1] of the value, as fractions of the page.
    label_at = models.JSONField(_("label position"), default=list)
    box = models.JSONField(_("value box"), default=list)
    words = models.PositiveSmallIntegerField(_("words in the value"), default=1)
    count = models.PositiveIntegerField(
        _("times confirmed"), default=1, help_text=_("Corrections that found the value here.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-count", "-updated_at", "-id"]
        verbose_name = _("layout hint")
        verbose_name_plural = _("layout hints")
        indexes = [
            models.Index(fields=["administration", "supplier_key"], name="layout_hint_supplier_idx")
        ]

    def __str__(self) -> str:
        return f"{self.supplier_key} {self.field} ({self.count}x)"
