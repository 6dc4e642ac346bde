"""The case's posting to Exact on the case page (``cases/_posting.html``): its state while it
runs, and sending a failed posting again."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from cases import selectors
from cases.models import Case
from cases.services import retry_case_posting
from cases.transitions import TransitionNotAllowed
from exactbridge.administrations.access import membership_for


@require_GET
def posting_status(request, code: str, case_id: int):
    """The posting section again, asked for every 3 s while the case is posting; once it is
    no longer posting the page reloads (its status, history and actions changed too)."""
    case = selectors.get_case_for_user(request.user, case_id, administration_code=code)
    if not request.htmx:
        return redirect(_case_url(request, case))
    if case.status != Case.Status.POSTING:
        return HttpResponseClientRefresh()
    membership = membership_for(request.user, case.administration_id)
    context = {
        "case": case,
        "administration": case.administration,
        "may_write": membership is not None and membership.can_write,
    }
    return render(request, "cases/_posting.html", context)


@require_POST
def retry_posting(request, code: str, case_id: int):
    """Send a case whose posting failed to Exact again. The whole page follows (htmx: a client
    refresh), since the case's status moves on with it."""
    case = selectors.get_case_for_user(request.user, case_id, write=True, administration_code=code)
    try:
        retry_case_posting(case=case, user=request.user, request=request)
    except TransitionNotAllowed as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The case is sent to Exact again."))
    if request.htmx:
        return HttpResponseClientRefresh()
    return redirect(_case_url(request, case))


def _case_url(request, case: Case) -> str:
    url = reverse("cases:case", args=[case.administration.code, case.pk])
    queue_name = request.POST.get("queue") or request.GET.get("queue") or ""
    if queue_name in selectors.QUEUES:
        url += f"?queue={queue_name}"
    return url
