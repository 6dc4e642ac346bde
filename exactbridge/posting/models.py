from django.db import models
from django.utils.translation import gettext_lazy as _


class Posting(models.Model):
    """The intent to make one entry in Exact for one case, recorded before any call is made.

    ``state`` changes only in ``posting.states``:

    - intended: nothing has been sent, or what was sent certainly did not arrive;
    - sent: a call is under way (``lease_until`` tells how long the worker holds it);
    - unknown: a call may have reached Exact; the next attempt looks for the entry first;
    - confirmed: Exact made the entry (``entry_id``, ``entry_number``);
    - failed: Exact refused the content (``last_error``); a person fixes and retries.
    """

    class State(models.TextChoices):
        INTENDED = "intended", _("Intended")
        SENT = "sent", _("Sent")
        UNKNOWN = "unknown", _("Outcome unknown")
        CONFIRMED = "confirmed", _("Confirmed")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        PURCHASE_ENTRY = "purchase_entry", _("Purchase entry")
        SALES_ENTRY = "sales_entry", _("Sales entry")
        GENERAL_JOURNAL_ENTRY = "general_journal_entry", _("General journal entry")
        SALES_ORDER = "sales_order", _("Sales order")
        SUBSCRIPTION_LINE = "subscription_line", _("Subscription line change")

    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="posting", verbose_name=_("case")
    )
    administration = models.ForeignKey(
        "administrations.Administration",
        on_delete=models.PROTECT,
        related_name="postings",
        verbose_name=_("administration"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    # Written into the entry in Exact, so that the entry can be found again (online_backend).
    reference = models.CharField(_("reference"), max_length=64, unique=True)
    action = models.JSONField(_("action"), help_text=_("What is posted, in accounting terms."))
    payload = models.JSONField(_("request"), help_text=_("The request as it will be sent."))
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.INTENDED, editable=False
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0, editable=False)
    lease_until = models.DateTimeField(_("worker holds it until"), null=True, editable=False)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, db_index=True)
    entry_id = models.CharField(_("Exact entry id"), max_length=64, blank=True, editable=False)
    entry_number = models.CharField(
        _("Exact entry number"), max_length=32, blank=True, editable=False
    )
    document_url = models.URLField(
        _("document in Exact"), max_length=500, blank=True, editable=False
    )
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, editable=False)

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="posting_due_idx")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_state_display()})"
