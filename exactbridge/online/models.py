from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from exactbridge.administrations.models import Administration
from exactbridge.encryption import EncryptedTextField

DUTCH_HOST = "https://start.exactonline.nl"


class ExactOnlineConnection(models.Model):
    """How one administration reaches its Exact Online division: host, app, tokens, division.

    Secrets are encrypted at rest. The row doubles as the refresh lock: a worker that must refresh
    locks it (``select_for_update``) and re-reads the tokens first (see ``oauth.py``).
    """

    class Status(models.TextChoices):
        CONNECTED = "connected", _("Connected")
        RECONNECT_NEEDED = "reconnect_needed", _("Reconnect needed")

    administration = models.OneToOneField(
        Administration,
        on_delete=models.CASCADE,
        related_name="exact_online",
        verbose_name=_("administration"),
    )
    base_url = models.URLField(_("Exact Online host"), default=DUTCH_HOST)
    client_id = models.CharField(_("client ID"), max_length=100)
    client_secret = EncryptedTextField(_("client secret"), blank=True)
    redirect_uri = models.URLField(_("redirect URI"), max_length=500, blank=True)
    refresh_token = EncryptedTextField(_("refresh token"), blank=True)
    access_token = EncryptedTextField(_("access token"), blank=True)
    access_token_expires_at = models.DateTimeField(_("access token expires"), null=True, blank=True)
    division = models.PositiveIntegerField(_("division"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONNECTED
    )
    status_reason = models.TextField(_("reason"), blank=True)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("connected by"),
    )
    connected_at = models.DateTimeField(_("connected"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Exact Online connection")
        verbose_name_plural = _("Exact Online connections")

    def __str__(self) -> str:
        return f"{self.administration.code} → {self.base_url} ({self.division or '?'})"

    @property
    def needs_reconnect(self) -> bool:
        return self.status == self.Status.RECONNECT_NEEDED


class ExactApiCall(models.Model):
    """One HTTP exchange with Exact: what was asked, how it went, what budget was left.

    Never holds a token or secret: the path keeps its query with sensitive parameters redacted,
    and token-endpoint form bodies are not stored.
    """

    administration = models.ForeignKey(
        Administration,
        on_delete=models.CASCADE,
        related_name="exact_api_calls",
        verbose_name=_("administration"),
    )
    method = models.CharField(_("method"), max_length=10)
    path = models.TextField(_("path"))
    status = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    minutely_remaining = models.IntegerField(_("minutely remaining"), null=True, blank=True)
    minutely_limit = models.IntegerField(_("minutely limit"), null=True, blank=True)
    minutely_reset_ms = models.BigIntegerField(_("minutely reset (ms)"), null=True, blank=True)
    daily_remaining = models.IntegerField(_("daily remaining"), null=True, blank=True)
    daily_limit = models.IntegerField(_("daily limit"), null=True, blank=True)
    daily_reset_ms = models.BigIntegerField(_("daily reset (ms)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Exact Online API call")
        verbose_name_plural = _("Exact Online API calls")
        indexes = [
            models.Index(fields=["administration", "-created_at"], name="online_call_admin_at")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} → {self.status or '—'}"


class RateBudget(models.Model):
    """The administration's share of Exact's per-app, per-division limits, as last reported.

    One row per administration, changed only under ``select_for_update`` (SQLite: the IMMEDIATE
    transaction), so every worker process of every host draws from the same numbers.
    """

    administration = models.OneToOneField(
        Administration, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    minutely_limit = models.PositiveIntegerField(default=60)
    minutely_remaining = models.IntegerField(default=60)
    minutely_reset_ms = models.BigIntegerField(default=0)
    daily_limit = models.PositiveIntegerField(default=5000)
    daily_remaining = models.IntegerField(default=5000)
    daily_reset_ms = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("Exact Online rate budget")
        verbose_name_plural = _("Exact Online rate budgets")

    def __str__(self) -> str:
        return f"{self.minutely_remaining}/{self.minutely_limit} · {self.daily_remaining}/day"
