from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in, or the AI coworker (who never signs in and never approves)."""

    is_coworker = models.BooleanField(
        _("AI coworker"),
        default=False,
        help_text=_("The account under which ExactBridge itself acts, so its work is attributed."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=[("nl", _("Dutch")), ("en", _("English"))],
        help_text=_("Empty: follow the browser."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
