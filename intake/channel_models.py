"""How documents reach intake besides the upload page: mailboxes, watched folders, API tokens.

Kept apart from ``intake.models`` (the documents themselves) and imported at its end, so the
models live in the ``intake`` app. The code that uses them is in ``intake.channels``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from exactbridge.encryption import EncryptedTextField


class Mailbox(models.Model):
    """An IMAP folder polled for documents; what was read moves on, so nothing is read twice."""

    administration = models.ForeignKey(
        "administrations.Administration",
        on_delete=models.PROTECT,
        related_name="mailboxes",
        verbose_name=_("administration"),
    )
    host = models.CharField(_("IMAP server"), max_length=255)
    port = models.PositiveIntegerField(_("port"), default=993)
    use_ssl = models.BooleanField(
        _("SSL/TLS"),
        default=True,
        help_text=_("Off: plain IMAP, upgraded with STARTTLS when the server offers it."),
    )
    username = models.CharField(_("user name"), max_length=255)
    password = EncryptedTextField(_("password"))
    folder = models.CharField(_("folder to read"), max_length=255, default="INBOX")
    processed_folder = models.CharField(
        _("folder for processed messages"), max_length=255, default="ExactBridge/Processed"
    )
    failed_folder = models.CharField(
        _("folder for failed messages"), max_length=255, default="ExactBridge/Failed"
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    # Set while a poll runs, so a slow poll and the next scheduled one never overlap.
    busy_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["administration", "username"]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        constraints = [
            models.UniqueConstraint(
                fields=["host", "username", "folder"], name="one_poller_per_imap_folder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.username}@{self.host}/{self.folder}"


class WatchedFolder(models.Model):
    """A folder a scanner saves into, below ``INTAKE_FOLDERS_ROOT``.

    Files taken in move to its ``processed/`` subfolder, files refused to ``failed/`` (with a
    ``.reason.txt`` beside them).
    """

    administration = models.ForeignKey(
        "administrations.Administration",
        on_delete=models.PROTECT,
        related_name="watched_folders",
        verbose_name=_("administration"),
    )
    path = models.CharField(
        _("folder"),
        max_length=255,
        unique=True,
        help_text=_(
            "Relative to the folders root the server was set up with (INTAKE_FOLDERS_ROOT)."
        ),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    # What the previous poll saw of each file: {name: [size, mtime_ns]}; unchanged means stable.
    seen = models.JSONField(default=dict, blank=True, editable=False)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    busy_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["administration", "path"]
        verbose_name = _("watched folder")
        verbose_name_plural = _("watched folders")

    def __str__(self) -> str:
        return self.path


class ApiToken(models.Model):
    """A bearer token for the intake API, for one administration.

    Only a SHA-256 of the token is kept; the token itself is shown once, when it is created.
    """

    administration = models.ForeignKey(
        "administrations.Administration",
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("administration"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Who uses it, e.g. the supplier portal's name.")
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["administration", "-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
