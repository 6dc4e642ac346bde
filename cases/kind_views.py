"""Correcting a case's kind from the case page (the form is ``cases/_kind.html``)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from cases import selectors
from cases.classification import correct_case_kind
from cases.editing import EDITABLE_STATUSES
from cases.transitions import ActionRefused


@require_POST
def correct_kind(request, code: str, case_id: int):
    """The kind decides the title, the checks and the proposal: after a correction the whole
    page is shown again (htmx: a client refresh); a refusal shows beside the form."""
    case = selectors.get_case_for_user(request.user, case_id, write=True, administration_code=code)
    try:
        correct_case_kind(
            case=case, user=request.user, kind=request.POST.get("kind", ""), request=request
        )
    except ActionRefused as refused:
        if request.htmx:
            context = {
                "case": case,
                "administration": case.administration,
                "may_edit": case.status in EDITABLE_STATUSES,
                "kind_error": refused.reason,
            }
            return render(request, "cases/_kind.html", context)
        messages.error(request, refused.reason)
        return redirect(_case_url(request, case))
    messages.success(request, _("The kind was corrected; the checks ran again."))
    if request.htmx:
        return HttpResponseClientRefresh()
    return redirect(_case_url(request, case))


def _case_url(request, case) -> str:
    url = reverse("cases:case", args=[case.administration.code, case.pk])
    queue_name = request.POST.get("queue", "")
    if queue_name in selectors.QUEUES:
        url += f"?queue={queue_name}"
    return url
