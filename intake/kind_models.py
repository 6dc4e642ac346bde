"""What kind of document a sender sends, learned from people's corrections of a case's kind.

Kept apart from ``intake.models`` and imported at its end, so the model lives in the ``intake``
app. The code that writes and reads it is ``intake.kind_learning``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class KindHint(models.Model):
    """One kind of document one sender sends: how often people corrected a case to it, and the
    words those documents had (which tell two kinds of the same sender apart)."""

    administration = models.ForeignKey(
        "administrations.Administration",
        on_delete=models.CASCADE,
        related_name="kind_hints",
        verbose_name=_("administration"),
    )
    sender_key = models.CharField(
        _("sender"),
        max_length=120,
        help_text=_("VAT number, IBAN, normalised supplier name or e-mail address."),
    )
    # A value of cases.models.Case.Kind (not imported: intake's models load before cases').
    kind = models.CharField(_("kind"), max_length=24)
    # Distinctive word -> in how many corrected documents it stood.
    words = models.JSONField(_("words"), default=dict, blank=True)
    count = models.PositiveIntegerField(
        _("times corrected"), default=0, help_text=_("Corrections to this kind for this sender.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-count", "-updated_at", "-id"]
        verbose_name = _("learned document kind")
        verbose_name_plural = _("learned document kinds")
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "sender_key", "kind"], name="kind_hint_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sender_key} → {self.kind} ({self.count}x)"
