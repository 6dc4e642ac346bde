"""Correcting the proposed entry on the case page: the pickers that search the mirror as people
type, and saving a line's codes."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import selectors
from cases.proposal_editing import LINE_FIELDS, edit_proposal_line, picker_choices
from cases.transitions import ActionRefused
from cases.views import _back_to, _case_context
from exactbridge.administrations.access import get_administration_for_user


@require_GET
def pickers(request, code: str, kind: str):
    """Up to 20 usable codes of ``kind`` in the administration's mirror matching ``q`` (or the
    value of the input named after the kind), as the options of a datalist."""
    administration = get_administration_for_user(request.user, code)
    if kind not in LINE_FIELDS:
        raise Http404
    query = request.GET.get("q", request.GET.get(kind, ""))
    choices = picker_choices(administration_id=administration.pk, kind=kind, query=query)
    return render(request, "cases/_proposal.html#picker-options", {"choices": choices})


@require_POST
def edit_line(request, code: str, case_id: int, line_index: int):
    """Save the codes chosen for one line of the proposed entry; the posting is planned again."""
    case = selectors.get_case_for_user(request.user, case_id, write=True, administration_code=code)
    typed = {name: request.POST[name] for name in LINE_FIELDS if name in request.POST}
    before = getattr(getattr(case, "proposal", None), "entry", None)
    try:
        proposal = edit_proposal_line(
            case=case, user=request.user, line_index=line_index, changes=typed, request=request
        )
    except ActionRefused as refused:
        if not request.htmx:
            messages.error(request, refused.reason)
            return redirect(_back_to(request, case) + "#proposal")
        case.refresh_from_db()
        context = _case_context(request, case)
        context["proposal_error"] = refused.reason
        context["proposal_lines"] = _with_typed(
            case, line_index, typed, getattr(refused, "errors", {})
        )
        return render(request, "cases/_fields_saved.html", context)
    changed = proposal.entry != before
    message = (
        _("Line %(no)s saved; approving posts it as shown.") % {"no": line_index + 1}
        if changed
        else _("Nothing was changed.")
    )
    if not request.htmx:
        messages.success(request, message)
        return redirect(_back_to(request, case) + "#proposal")
    case.refresh_from_db()
    response = render(
        request,
        "cases/_fields_saved.html",
        {**_case_context(request, case), "proposal_notice": message},
    )
    if changed:
        response["HX-Trigger"] = "case-changed"
    return response


def _with_typed(case, line_index: int, typed: dict[str, str], errors: dict[str, str]) -> list:
    """The entry's lines, the refused one holding what was typed beside the reasons."""
    proposal = getattr(case, "proposal", None)
    lines = copy.deepcopy((proposal.entry.get("lines") or []) if proposal else [])
    if 0 <= line_index < len(lines):
        lines[line_index]["typed"] = typed
        lines[line_index]["errors"] = errors
    return lines
