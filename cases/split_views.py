"""Seeing and correcting how a batch PDF was split into invoices.

The case page includes ``cases/_split.html#loader``, which fetches the split panel with htmx;
the same URL without htmx is a page of its own. Correcting the split takes the groups a person
typed ("1-2 | 3 | 4-6") and re-splits the batch (``intake.splitting.resplit_batch``).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import selectors
from cases.models import Case
from cases.transitions import ActionRefused, TransitionNotAllowed
from exactbridge.administrations.access import membership_for
from intake.splitting import parse_groups, resplit_batch, split_overview


@require_GET
def split(request, code: str, case_id: int):
    """The batch's pages grouped by invoice, and the form to correct the groups."""
    case = selectors.get_case_for_user(request.user, case_id, administration_code=code)
    overview = split_overview(case)
    if overview is None:
        if request.htmx:
            return HttpResponse(status=204)
        return redirect("cases:case", code=code, case_id=case.pk)
    return _render(request, case, overview)


@require_POST
def resplit(request, code: str, case_id: int):
    case = selectors.get_case_for_user(request.user, case_id, write=True, administration_code=code)
    overview = split_overview(case)
    typed = request.POST.get("groups", "")
    try:
        if overview is None or overview.batch_case.pk != case.pk:
            raise ActionRefused(_("Only the split of a batch can be corrected, on its own case."))
        groups = parse_groups(typed, page_count=overview.page_count)
        resplit_batch(case=case, groups=groups, user=request.user, request=request)
    except ValueError as invalid:
        return _refused(request, case, overview, str(invalid), typed)
    except (ActionRefused, TransitionNotAllowed) as refused:
        return _refused(request, case, overview, getattr(refused, "reason", str(refused)), typed)
    notice = _("The batch was split again.")
    if not request.htmx:
        messages.success(request, notice)
        return redirect(reverse("cases:case", args=[code, case.pk]))
    response = _render(request, case, split_overview(case), notice=notice)
    response["HX-Trigger"] = "case-changed"
    return response


def _refused(request, case: Case, overview, reason: str, typed: str):
    if not request.htmx or overview is None:
        messages.error(request, reason)
        return redirect(reverse("cases:case", args=[case.administration.code, case.pk]))
    return _render(request, case, overview, error=reason, typed=typed)


def _render(request, case: Case, overview, *, notice: str = "", error: str = "", typed=None):
    membership = membership_for(request.user, case.administration_id)
    context = {
        "case": case,
        "administration": case.administration,
        "split": overview,
        "typed": overview.groups_text if typed is None else typed,
        "may_write": membership is not None and membership.can_write,
        "notice": notice,
        "error": error,
    }
    template = "cases/_split.html#split-panel" if request.htmx else "cases/_split.html"
    return render(request, template, context)
