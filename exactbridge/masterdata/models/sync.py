"""Where the mirror stands per administration and entity, and the webhook bookkeeping."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from exactbridge.administrations.models import Administration
from exactbridge.encryption import EncryptedTextField


class SyncState(models.Model):
    """The cursor of one entity's mirror: the highest Sync API ``Timestamp`` saved (or, for
    endpoints without a Sync API, the latest ``Modified`` seen), and how the last run went."""

    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="+", verbose_name=_("administration")
    )
    entity = models.CharField(_("entity"), max_length=40)
    last_timestamp = models.BigIntegerField(_("last Exact timestamp"), default=1)
    last_modified = models.DateTimeField(_("last modified seen"), null=True, blank=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_full_sync_at = models.DateTimeField(_("last full sync"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    last_summary = models.JSONField(_("last summary"), default=dict, blank=True)

    class Meta:
        ordering = ["administration", "entity"]
        verbose_name = _("sync state")
        verbose_name_plural = _("sync states")
        constraints = [
            models.UniqueConstraint(fields=["administration", "entity"], name="md_syncstate_entity")
        ]

    def __str__(self) -> str:
        return f"{self.entity} @ {self.last_timestamp}"


class WebhookRegistration(models.Model):
    """The webhook secret of the administration's Exact app (from the app registration), used to
    check each notification's HashCode, and the callback URL Exact was given."""

    administration = models.OneToOneField(
        Administration,
        on_delete=models.CASCADE,
        related_name="exact_webhook",
        verbose_name=_("administration"),
    )
    secret = EncryptedTextField(_("webhook secret"))
    callback_url = models.URLField(_("callback URL"), max_length=500)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("webhook registration")
        verbose_name_plural = _("webhook registrations")

    def __str__(self) -> str:
        return self.callback_url


class WebhookSubscription(models.Model):
    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="+", verbose_name=_("administration")
    )
    topic = models.CharField(_("topic"), max_length=40)
    exact_id = models.UUIDField(_("Exact ID"))
    callback_url = models.URLField(_("callback URL"), max_length=500)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["administration", "topic"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["administration", "topic"], name="md_webhook_topic")
        ]

    def __str__(self) -> str:
        return self.topic


class WebhookNotification(models.Model):
    """A notification accepted once. Exact sends no delivery id, so the SHA-256 of the signed
    ``Content`` text (topic, key, action, event time) identifies a delivery and its repeats."""

    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="+", verbose_name=_("administration")
    )
    digest = models.CharField(_("content SHA-256"), max_length=64)
    topic = models.CharField(_("topic"), max_length=40)
    action = models.CharField(_("action"), max_length=20, blank=True)
    key = models.CharField(_("key"), max_length=64, blank=True)
    event_created_on = models.CharField(_("event created on"), max_length=40, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("webhook notification")
        verbose_name_plural = _("webhook notifications")
        constraints = [
            models.UniqueConstraint(fields=["administration", "digest"], name="md_webhook_once")
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.action} {self.key}"
