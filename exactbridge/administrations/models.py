from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Administration(models.Model):
    """One Exact Online division or one Exact Globe company: the unit of rights and of data."""

    class Kind(models.TextChoices):
        ONLINE = "online", _("Exact Online")
        GLOBE = "globe", _("Exact Globe")

    code = models.SlugField(
        _("code"), max_length=32, unique=True, help_text=_("Short name used in URLs and commands.")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ONLINE)
    division = models.PositiveIntegerField(
        _("division / company number"),
        null=True,
        blank=True,
        help_text=_("The Exact Online division or the Exact Globe company number."),
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    four_eyes_threshold = models.DecimalField(
        _("two approvers above"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Amounts above this need two different approvers. Empty: never."),
    )
    # Matching tolerances: a deviation from the order is accepted only within every limit.
    price_tolerance_percent = models.DecimalField(
        _("price tolerance (%)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("2"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("How far an invoiced price may be above or below the order price."),
    )
    price_tolerance_amount = models.DecimalField(
        _("price tolerance (amount per line)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("25"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "The most a line may cost more or less than the order: quantity times "
            "the price difference."
        ),
    )
    quantity_tolerance_percent = models.DecimalField(
        _("quantity tolerance (%)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("How much more than received (or ordered) may be invoiced."),
    )
    total_tolerance_percent = models.DecimalField(
        _("total tolerance (%)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("2"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    total_tolerance_amount = models.DecimalField(
        _("total tolerance (amount)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    receipts_required = models.BooleanField(
        _("goods receipts required"),
        default=True,
        help_text=_(
            "Three-way matching: only what was received may be invoiced. Off: two-way "
            "matching against the order alone."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def needs_two_approvers(self, amount: Decimal) -> bool:
        return self.four_eyes_threshold is not None and amount > self.four_eyes_threshold


class Membership(models.Model):
    """A user's role in one administration. Without one, the administration does not exist."""

    class Role(models.TextChoices):
        VIEWER = "viewer", _("Viewer")
        ACCOUNTANT = "accountant", _("Accountant")
        CONTROLLER = "controller", _("Controller")
        ADMIN = "admin", _("Administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    administration = models.ForeignKey(
        Administration,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("administration"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    approval_limit = models.DecimalField(
        _("approval limit"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The highest amount this member may approve. Empty: may not approve."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "administration"], name="one_membership_per_administration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.administration.code}"

    @property
    def can_write(self) -> bool:
        """May change work in this administration (edit, correct, prepare)."""
        return self.role in {self.Role.ACCOUNTANT, self.Role.ADMIN}

    @property
    def can_audit(self) -> bool:
        """May read the audit history in the admin."""
        return self.role in {self.Role.CONTROLLER, self.Role.ADMIN}

    def may_approve(self, amount: Decimal) -> bool:
        return self.can_write and self.approval_limit is not None and amount <= self.approval_limit
