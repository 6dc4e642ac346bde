"""A case is one piece of work — usually one document — from arrival until it is in Exact.

Its status changes only through ``cases.transitions``; nothing else assigns ``Case.status``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from exactbridge.helpers.messages import Message


class Case(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        READING = "reading", _("Reading")
        NEEDS_REVIEW = "needs_review", _("Needs review")
        READY_FOR_APPROVAL = "ready_for_approval", _("Ready for approval")
        APPROVED = "approved", _("Waiting for second approval")
        READY_TO_POST = "ready_to_post", _("Approved, waiting to be posted")
        POSTING = "posting", _("Posting")
        POSTED = "posted", _("Posted")
        POSTING_FAILED = "posting_failed", _("Posting failed")
        REJECTED = "rejected", _("Rejected")
        DUPLICATE = "duplicate", _("Duplicate")
        UNREADABLE = "unreadable", _("Unreadable")

    class Kind(models.TextChoices):
        UNKNOWN = "unknown", _("Not yet known")
        PURCHASE_INVOICE = "purchase_invoice", _("Purchase invoice")
        PURCHASE_CREDIT_NOTE = "purchase_credit_note", _("Purchase credit note")
        SALES_ORDER = "sales_order", _("Sales order")
        GOODS_RECEIPT = "goods_receipt", _("Goods receipt / packing slip")
        CONTRACT_CHANGE = "contract_change", _("Subscription or contract change")
        STATEMENT = "statement", _("Reminder / statement")
        OTHER = "other", _("Other")

    administration = models.ForeignKey(
        "administrations.Administration",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("administration"),
    )
    document = models.ForeignKey(
        "intake.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("source document"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.UNKNOWN)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED, editable=False
    )
    # The reason is kept as its English msgid and values, and translated for each reader
    # (exactbridge.helpers.messages); rows from before hold finished text and no values.
    status_reason = models.TextField(_("reason"), blank=True, editable=False)
    status_reason_params = models.JSONField(
        _("values in the reason"), default=dict, blank=True, editable=False
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
        editable=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assignee"),
    )

    # What was read from the document: a JSON rendering of intake.extracted.ExtractedInvoice,
    # every field with its value, confidence and source.
    extracted = models.JSONField(_("extracted data"), null=True, blank=True, editable=False)
    # A few extracted values copied out for lists, filters and sorting.
    supplier_name = models.CharField(_("supplier"), max_length=200, blank=True)
    invoice_number = models.CharField(_("invoice number"), max_length=100, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    total_amount = models.DecimalField(
        _("total"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)

    # The entry Exact made for the case (set by ``transitions.mark_posted``).
    exact_entry_id = models.CharField(
        _("Exact entry id"), max_length=64, blank=True, editable=False
    )
    exact_entry_number = models.CharField(
        _("Exact entry number"), max_length=32, blank=True, editable=False
    )
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True, editable=False)

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["administration", "status", "-created_at"], name="case_queue_idx"),
            models.Index(fields=["administration", "invoice_number"], name="case_invoice_idx"),
        ]

    def __str__(self) -> str:
        label = self.invoice_number or (self.document.filename if self.document_id else "")
        return f"#{self.pk} {self.get_kind_display()} {label}".strip()

    @property
    def reason(self) -> Message:
        return Message.from_columns(self.status_reason, self.status_reason_params)

    def get_status_reason_display(self) -> str:
        return self.reason.render()


class Check(models.Model):
    """One check run on a case, with a severity and a reason a person can read."""

    class Severity(models.TextChoices):
        OK = "ok", _("Passed")
        INFO = "info", _("Note")
        WARNING = "warning", _("Warning")
        ERROR = "error", _("Error")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="checks")
    code = models.CharField(_("check"), max_length=64)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    message = models.TextField(_("reason"))  # the msgid, translated when shown (see Case)
    params = models.JSONField(_("values in the reason"), default=dict, blank=True)
    details = models.JSONField(_("details"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("check")
        verbose_name_plural = _("checks")

    def __str__(self) -> str:
        return f"{self.code}: {self.get_severity_display()}"

    @property
    def reason(self) -> Message:
        return Message.from_columns(self.message, self.params)

    def get_message_display(self) -> str:
        return self.reason.render()


class Approval(models.Model):
    """One person's approval of a case. Withdrawn (not deleted) when the case goes back."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="approvals")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    amount = models.DecimalField(_("amount approved"), max_digits=16, decimal_places=2)
    created_at = models.DateTimeField(_("approved"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")

    def __str__(self) -> str:
        return f"{self.case_id} {self.user_id}"


class Note(models.Model):
    """A remark a person leaves on a case, shown with the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return self.text[:50]


from cases.proposal_models import Proposal  # noqa: E402, F401  (registered with the app)
