"""Who may approve a case: the rules, written once, as a pure function of plain values.

``approve_case`` and the case page both ask ``approval_refusal``; the page to show (or hide) the
button with its reason, the transition to decide under the row lock.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cases.models import Case

APPROVABLE = frozenset({Case.Status.READY_FOR_APPROVAL, Case.Status.APPROVED})


def approvals_required(case: Case) -> int:
    """Two different people above the administration's threshold, otherwise one."""
    amount = approval_amount(case)
    if amount is not None and case.administration.needs_two_approvers(amount):
        return 2
    return 1


def approval_amount(case: Case) -> Decimal | None:
    """The amount the limits apply to: the total, whichever its sign (credit notes too)."""
    return abs(case.total_amount) if case.total_amount is not None else None


def approval_refusal(
    case: Case,
    user,
    membership,
    approvals: Collection[int],
    editors: Collection[int],
) -> str | None:
    """Why ``user`` may not approve ``case`` now, in words for them; None when they may.

    ``membership`` is the user's membership in the case's administration (or None),
    ``approvals`` the ids of the users whose approvals of this case stand, ``editors`` the ids
    of the users who changed the case's data.
    """
    if getattr(user, "is_coworker", False):
        return _("The AI coworker prepares cases; it never approves them.")
    if case.status not in APPROVABLE:
        return _("This case is %(status)s; only cases ready for approval can be approved.") % {
            "status": case.get_status_display().lower()
        }
    if membership is None or not membership.can_write:
        role = membership.get_role_display() if membership else _("none")
        return _("Your role in this administration (%(role)s) does not allow approving.") % {
            "role": role
        }
    amount = approval_amount(case)
    if amount is None:
        return _("This case has no total amount yet, so it cannot be approved.")
    if membership.approval_limit is None:
        return _("You have no approval limit in this administration.")
    if not membership.may_approve(amount):
        return _("The total of %(amount)s is above your approval limit of %(limit)s.") % {
            "amount": _money(amount),
            "limit": _money(membership.approval_limit),
        }
    if user.pk in approvals:
        return _("You approved this case already; the second approval must come from someone else.")
    approvers = {*approvals, user.pk}
    if len(approvers) >= approvals_required(case) and approvers <= set(editors):
        if len(approvers) == 1:
            return _("You changed this case's data, so someone else must approve it.")
        return _(
            "Everyone approving this case changed its data; someone who did not must approve it."
        )
    return None


def _money(amount: Decimal) -> str:
    return number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
