"""Documents: the originals as they arrived, stored once by content, never changed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    class Channel(models.TextChoices):
        UPLOAD = "upload", _("Upload")
        EMAIL = "email", _("E-mail")
        FOLDER = "folder", _("Watched folder")
        API = "api", _("API")
        COMMAND = "command", _("Command line")
        SPLIT = "split", _("Split from a batch")
        EMBEDDED = "embedded", _("Embedded in another document")

    administration = models.ForeignKey(
        "administrations.Administration",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("administration"),
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    media_type = models.CharField(
        _("type"), max_length=100, editable=False, help_text=_("Sniffed from the bytes.")
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    # Where it came from: sender, subject and Message-ID for e-mail, path for a folder, ...
    origin = models.JSONField(_("origin"), default=dict, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("arrived inside"),
        help_text=_("The e-mail it was attached to, or the batch it was split from."),
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["administration", "sha256"], name="document_content_idx")]

    def __str__(self) -> str:
        return self.filename or f"{self.media_type} {self.sha256[:12]}"


from intake.channel_models import ApiToken, Mailbox, WatchedFolder  # noqa: E402, F401
from intake.kind_models import KindHint  # noqa: E402, F401
from intake.learning_models import LayoutHint  # noqa: E402, F401
