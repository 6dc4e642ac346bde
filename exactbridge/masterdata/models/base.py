"""What every mirrored row has: its administration, its Exact key, Exact's version of it, and
whether Exact still has it.

Rows are never removed when Exact deletes them: ``deleted_at`` is set instead (a tombstone), so
whatever referred to the row keeps a target and an explanation, and a late, stale copy of the
row from an overlapping sync cannot bring it back (``exact_timestamp`` then holds the deletion's
Timestamp, newer than any copy). Selectors show only live rows (``deleted_at`` is null).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from exactbridge.administrations.models import Administration

AMOUNT = {"max_digits": 18, "decimal_places": 2}
PRICE = {"max_digits": 18, "decimal_places": 4}
QUANTITY = {"max_digits": 18, "decimal_places": 4}


class LiveQuerySet(models.QuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)


class MirrorRow(models.Model):
    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="+", verbose_name=_("administration")
    )
    exact_id = models.UUIDField(_("Exact ID"))
    # Exact's rowversion (Sync API ``Timestamp``) of the copy held; null for endpoints without one.
    exact_timestamp = models.BigIntegerField(_("Exact timestamp"), null=True, blank=True)
    modified = models.DateTimeField(_("modified in Exact"), null=True, blank=True)
    seen_at = models.DateTimeField(_("last read from Exact"))
    deleted_at = models.DateTimeField(_("deleted in Exact"), null=True, blank=True)

    objects = LiveQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "exact_id"], name="%(app_label)s_%(class)s_exact_id"
            )
        ]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class CodedRow(MirrorRow):
    """A master-data row that documents refer to by its code."""

    code = models.CharField(_("code"), max_length=40)
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta(MirrorRow.Meta):
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.description}".strip()
