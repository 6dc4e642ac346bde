"""The dashboard: queues per administration, the case beside its document, and the actions.

Each view parses, authorizes (``get_case_for_user`` / ``get_administration_for_user``), calls one
domain function and renders. POST handlers redirect plain requests and re-render the case panel
for htmx, with an ``HX-Trigger`` so the rest of the page can follow.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from cases import documents, selectors
from cases.approval_rules import approval_refusal, approvals_required
from cases.display import header_rows, history_rows, line_rows
from cases.editing import (
    EDITABLE_STATUSES,
    edit_case_fields,
    edit_rows,
    understood_as,
    validate_field,
)
from cases.forms import AssignForm, CaseFilterForm, NoteForm, ReasonForm, typed_fields
from cases.models import Case
from cases.services import approve_clean_cases, record_case_viewed
from cases.transitions import (
    ALLOWED_TRANSITIONS,
    ActionRefused,
    TransitionNotAllowed,
    add_note,
    approve_case,
    assign_case,
    mark_reviewed,
    reject_case,
    send_back_for_review,
)
from exactbridge.administrations.access import (
    administrations_for_user,
    get_administration_for_user,
    membership_for,
)

S = Case.Status
READING = frozenset({S.RECEIVED, S.READING})


@require_GET
def index(request):
    """The dashboard of the user's first administration."""
    first = administrations_for_user(request.user).order_by("name").first()
    if first is None:
        return redirect("home")
    return redirect("cases:queue", code=first.code)


@require_GET
def queue(request, code: str):
    administration = get_administration_for_user(request.user, code)
    queue_name = request.GET.get("queue", selectors.DEFAULT_QUEUE)
    if queue_name not in selectors.QUEUES:
        queue_name = selectors.DEFAULT_QUEUE
    form = CaseFilterForm(request.GET)
    page = selectors.case_list(
        request.user,
        administration,
        queue=queue_name,
        filters=form.filters(),
        sort=form.sort_key(),
        page=request.GET.get("page", 1),
    )
    counts = selectors.queue_counts(request.user, administration)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "administration": administration,
        "administrations": administrations_for_user(request.user).order_by("name"),
        "tabs": [(queue, counts[queue.name]) for queue in selectors.QUEUES.values()],
        "queue": selectors.QUEUES[queue_name],
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "members": selectors.assignable_members(administration),
        "may_write": _may_write(request.user, administration),
    }
    template = "cases/queue.html#case-table" if _fragment(request) else "cases/queue.html"
    return render(request, template, context)


@require_GET
def case_detail(request, code: str, case_id: int):
    case = selectors.get_case_for_user(request.user, case_id, administration_code=code)
    if request.htmx and "poll" in request.GET:
        # While the document is being read, the page asks now and then; once read, it reloads.
        if case.status in READING:
            return HttpResponse(status=204)
        return HttpResponseClientRefresh()
    if not _fragment(request):
        record_case_viewed(case=case, user=request.user, request=request)
    context = _case_context(request, case)
    template = "cases/case.html#document" if _fragment(request) else "cases/case.html"
    return render(request, template, context)


@require_GET
def document_page(request, code: str, case_id: int, page: int):
    """Page ``page`` of the case's document as a picture; pictures never change, so cache."""
    case = selectors.get_case_for_user(request.user, case_id, administration_code=code)
    shown = documents.shown_document(case.document, selectors.embedded_documents(case))
    if shown is None:
        return HttpResponse(status=404)
    scale = documents.clamp_scale(request.GET.get("scale"))
    etag = f'"{shown.sha256}-{page}-{scale}"'
    if etag in request.headers.get("If-None-Match", ""):
        return HttpResponseNotModified(headers={"ETag": etag})
    try:
        picture = documents.render_page(shown, page=page, scale=scale)
    except documents.PageNotFound:
        return HttpResponse(status=404)
    response = HttpResponse(picture.data, content_type=picture.media_type)
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=86400"
    return response


@require_POST
def approve(request, code: str, case_id: int):
    case = selectors.get_case_for_user(request.user, case_id, write=True, administration_code=code)
    queue_name = selectors.queue_of(case.status)
    try:
        case = approve_case(case, user=request.user, request=request)
    except (ActionRefused, TransitionNotAllowed) as refused:
        return _refused(request, case, refused)
    messages.success(request, _("Case #%(id)s approved.") % {"id": case.pk})
    # After approving, the next case of the queue opens.
    next_id = selectors.next_case_id(request.user, case, queue_name)
    if next_id is not None:
        url = reverse("cases:case", args=[code, next_id]) + f"?queue={queue_name}"
    else:
        url = reverse("cases:queue", args=[code]) + f"?queue={queue_name}"
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@require_POST
def reject(request, code: str, case_id: int):
    return _with_reason(request, code, case_id, reject_case, _("Case rejected."))


@require_POST
def send_back(request, code: str, case_id: int):
    return _with_reason(
        request, code, case_id, send_back_for_review, _("Case sent back for review.")
    )


@require_POST
def review(request, code: str, case_id: int):
    case = selectors.get_case_for_user(request.user, case_id, write=True, administration_code=code)
    try:
        case = mark_reviewed(case, user=request.user, request=request)
    except TransitionNotAllowed as refused:
        return _refused(request, case, refused)
    return _done(request, case, _("Case is ready for approval."))


@require_POST
def assign(request, code: str, case_id: int):
    case = selectors.get_case_for_user(request.user, case_id, write=True, administration_code=code)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _refused(request, case, ActionRefused(_("Choose someone to assign the case to.")))
    assignee_id = form.cleaned_data["assignee"]
    assignee = get_user_model().objects.filter(pk=assignee_id).first() if assignee_id else None
    try:
        if assignee_id and assignee is None:
            raise ActionRefused(_("That person cannot work on cases in this administration."))
        case = assign_case(case, user=request.user, assignee=assignee, request=request)
    except ActionRefused as refused:
        return _refused(request, case, refused)
    return _done(request, case, _("Case assigned."))


@require_POST
def note(request, code: str, case_id: int):
    case = selectors.get_case_for_user(request.user, case_id, write=True, administration_code=code)
    form = NoteForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionRefused(_("A note needs some text."))
        add_note(case, user=request.user, text=form.cleaned_data["text"], request=request)
    except ActionRefused as refused:
        return _refused(request, case, refused)
    return _done(request, case, _("Note added."))


@require_POST
def edit_fields(request, code: str, case_id: int):
    """Save the fields typed on the case page; the checks run again."""
    case = selectors.get_case_for_user(request.user, case_id, write=True, administration_code=code)
    typed = typed_fields(request.POST)
    try:
        edited = edit_case_fields(case=case, user=request.user, changes=typed, request=request)
    except ActionRefused as refused:
        errors = getattr(refused, "errors", {})
        if not request.htmx:
            messages.error(request, refused.reason)
            return redirect(_back_to(request, case))
        # Refused values stay in their inputs beside their reasons; anything else is one line.
        context = _case_context(
            request,
            case,
            typed=typed,
            field_errors=errors,
            fields_error="" if errors else refused.reason,
        )
        return render(request, "cases/_fields_saved.html", context)
    changed = edited.extracted != case.extracted
    message = _("Saved; the checks ran again.") if changed else _("Nothing was changed.")
    if not request.htmx:
        messages.success(request, message)
        return redirect(_back_to(request, edited))
    response = render(
        request, "cases/_fields_saved.html", _case_context(request, edited, fields_notice=message)
    )
    if changed:
        response["HX-Trigger"] = "case-changed"
    return response


@require_GET
def validate_case_field(request, code: str, case_id: int):
    """What a value typed into field ``name`` would be taken as, or why it cannot be."""
    selectors.get_case_for_user(request.user, case_id, administration_code=code)
    name = request.GET.get("name", "")
    value, error = validate_field(name, request.GET.get("value", request.GET.get(name, "")))
    field = {
        "name": name,
        "error": error or "",
        "understood": "" if error else understood_as(name, value),
        "valid": error is None and value is not None,
    }
    return render(request, "cases/case.html#field-message", {"field": field})


@require_POST
def bulk_approve(request, code: str):
    """Approve the chosen clean cases, each under the usual rules; report each refusal."""
    administration = get_administration_for_user(request.user, code, write=True)
    case_ids = [int(value) for value in request.POST.getlist("cases") if value.isdigit()]
    cases = selectors.cases_to_approve(request.user, administration, case_ids)
    outcomes = approve_clean_cases(user=request.user, cases=cases, request=request)
    approved = [outcome for outcome in outcomes if outcome.refusal is None]
    if approved:
        messages.success(request, _("%(count)d cases approved.") % {"count": len(approved)})
    for outcome in outcomes:
        if outcome.refusal is not None:
            messages.error(
                request,
                _("Case #%(id)s not approved: %(reason)s")
                % {"id": outcome.case.pk, "reason": outcome.refusal},
            )
    if not outcomes:
        messages.error(request, _("Choose the cases to approve."))
    url = reverse("cases:queue", args=[code]) + "?queue=approval"
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _with_reason(request, code: str, case_id: int, transition, done_message: str):
    case = selectors.get_case_for_user(request.user, case_id, write=True, administration_code=code)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionRefused(_("Please give a reason."))
        case = transition(
            case, user=request.user, reason=form.cleaned_data["reason"], request=request
        )
    except (ActionRefused, TransitionNotAllowed) as refused:
        return _refused(request, case, refused)
    return _done(request, case, done_message)


def _done(request, case: Case, message: str):
    if request.htmx:
        response = render(
            request, "cases/case.html#panel", _case_context(request, case, notice=message)
        )
        response["HX-Trigger"] = "case-changed"
        return response
    messages.success(request, message)
    return redirect(_back_to(request, case))


def _refused(request, case: Case, refused: Exception):
    reason = getattr(refused, "reason", None) or str(refused)
    if request.htmx:
        case.refresh_from_db()
        return render(request, "cases/case.html#panel", _case_context(request, case, error=reason))
    messages.error(request, reason)
    return redirect(_back_to(request, case))


def _back_to(request, case: Case) -> str:
    url = reverse("cases:case", args=[case.administration.code, case.pk])
    queue_name = request.POST.get("queue", "")
    if queue_name in selectors.QUEUES:
        url += f"?queue={queue_name}"
    return url


def _case_context(
    request,
    case: Case,
    *,
    notice: str = "",
    error: str = "",
    fields_notice: str = "",
    fields_error: str = "",
    typed: dict[str, str] | None = None,
    field_errors: dict[str, str] | None = None,
) -> dict:
    user = request.user
    queue_name = request.GET.get("queue") or request.POST.get("queue") or ""
    if queue_name not in selectors.QUEUES:
        queue_name = selectors.queue_of(case.status)
    membership = membership_for(user, case.administration_id)
    approvers = selectors.standing_approver_ids(case)
    children = selectors.embedded_documents(case)
    shown = documents.shown_document(case.document, children)
    previous_id, next_id = selectors.neighbours(user, case, queue_name)
    allowed = ALLOWED_TRANSITIONS[case.status]
    may_write = membership is not None and membership.can_write
    page_count = documents.page_count(shown) if shown is not None else 0
    page_number = min(_int(request.GET.get("page"), default=1), max(page_count, 1))
    scale = documents.clamp_scale(request.GET.get("scale"))
    return {
        "case": case,
        "administration": case.administration,
        "queue": selectors.QUEUES[queue_name],
        "previous_id": previous_id,
        "next_id": next_id,
        "fields": header_rows(case.extracted),
        "edit_rows": edit_rows(case.extracted, typed=typed, errors=field_errors),
        "may_edit": may_write and case.status in EDITABLE_STATUSES,
        "fields_notice": fields_notice,
        "fields_error": fields_error,
        "lines": line_rows(case.extracted),
        "checks": list(case.checks.all()),
        "notes": list(case.notes.select_related("author")),
        "approvals": list(case.approvals.filter(withdrawn_at=None).select_related("user")),
        "approvals_required": approvals_required(case),
        "history": history_rows(selectors.case_history(case)),
        "shown_document": shown,
        "page_count": page_count,
        "page_number": page_number,
        "scale": scale,
        "zoom_in": min(scale + 0.5, documents.MAX_SCALE),
        "zoom_out": max(scale - 0.5, documents.MIN_SCALE),
        "may_write": may_write,
        "approval_refusal": approval_refusal(
            case, user, membership, approvers, selectors.case_editor_ids(case)
        ),
        "may_review": may_write and S.READY_FOR_APPROVAL in allowed,
        "may_reject": may_write and S.REJECTED in allowed,
        "may_send_back": may_write and S.NEEDS_REVIEW in allowed,
        "members": selectors.assignable_members(case.administration) if may_write else [],
        "reading": case.status in READING,
        "notice": notice,
        "error": error,
    }


def _may_write(user, administration) -> bool:
    membership = membership_for(user, administration)
    return membership is not None and membership.can_write


def _fragment(request) -> bool:
    return bool(request.htmx) and not request.htmx.boosted


def _int(value, *, default: int) -> int:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return default
