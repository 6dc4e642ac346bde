"""Intake over the web: the upload page (people) and the API (integrations, by token).

Each view parses, authorizes, calls one function of ``intake.channels`` and renders. The API
views answer without a session: their token is the authentication, so they are exempt from the
login requirement and from CSRF (no cookie is involved); nothing else here is.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import parse_header_parameters
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from exactbridge.administrations.access import get_administration_for_user
from intake.channels import api
from intake.channels.mime import safe_filename
from intake.channels.upload import Uploaded, receive_uploads, received_cases
from intake.forms import UploadForm
from intake.services import DocumentTooLarge, too_large

# Room for the multipart boundaries and headers around a file of the largest allowed size.
_MULTIPART_OVERHEAD = 64 * 1024


@require_http_methods(["GET", "POST"])
def upload(request, code: str):
    administration = get_administration_for_user(request.user, code, write=True)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        results = receive_uploads(
            administration=administration,
            files=form.cleaned_data["files"],
            actor=request.user,
            request=request,
        )
        if request.htmx:  # upload.js: one file per request, its row goes into the list
            created = any(result.case for result in results)
            return render(
                request,
                "intake/upload.html#rows",
                {"administration": administration, "results": results},
                status=201 if created else 413,
            )
        for result in results:
            if result.error:
                messages.error(request, result.error)
        ids = ",".join(str(result.case.pk) for result in results if result.case)
        url = reverse("intake:upload", args=[administration.code])
        return redirect(f"{url}?received={ids}" if ids else url)
    received = received_cases(administration=administration, ids=_ids(request.GET))
    return render(
        request,
        "intake/upload.html",
        {
            "administration": administration,
            "form": form,
            "results": [Uploaded(case.document.filename, case) for case in received],
            "max_bytes": settings.MAX_DOCUMENT_BYTES,
        },
        status=400 if form.errors else 200,
    )


@csrf_exempt
@login_not_required
@require_POST
def api_documents(request, code: str):
    """Send one document: a multipart ``file`` field, or the raw body with its name in an
    ``X-Filename`` (or ``Content-Disposition``) header. 201 with the case and its status URL."""
    token = api.authenticate_api_token(_bearer(request))
    if token is None:
        return _unauthorized()
    if token.administration.code != code:
        return _error(_("Not found."), 404)
    refusal = too_large(_("The request"), _content_length(request) - _MULTIPART_OVERHEAD)
    if refusal:
        return _error(refusal, 413)
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is None:
            return _error(_("Send the document in a form field named 'file'."), 400)
        filename = upload.name or ""
        refusal = too_large(filename, upload.size or 0)
        data = b"" if refusal else b"".join(upload.chunks())
    else:
        filename = _raw_filename(request)
        data = request.read(settings.MAX_DOCUMENT_BYTES + 1)
        refusal = too_large(filename, len(data))
    if refusal:
        return _error(refusal, 413)
    if not data:
        return _error(_("The request carries no document."), 400)
    try:
        case = api.receive_api_document(
            api_token=token,
            data=data,
            filename=safe_filename(filename, content_type=request.content_type or ""),
            request=request,
        )
    except DocumentTooLarge as exc:
        return _error(str(exc), 413)
    status_url = request.build_absolute_uri(reverse("intake:api_case_status", args=[code, case.pk]))
    response = JsonResponse(
        {**api.case_status(case, request=request), "status_url": status_url}, status=201
    )
    response["Location"] = status_url
    return response


@login_not_required
@require_GET
def api_case_status(request, code: str, case_id: int):
    token = api.authenticate_api_token(_bearer(request))
    if token is None:
        return _unauthorized()
    case = api.case_for_token(api_token=token, case_id=case_id)
    if token.administration.code != code or case is None:
        return _error(_("Not found."), 404)
    return JsonResponse(api.case_status(case, request=request))


def _ids(query) -> list[int]:
    return [int(part) for part in query.get("received", "").split(",") if part.isdigit()][:100]


def _bearer(request) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _raw_filename(request) -> str:
    name = request.headers.get("X-Filename", "")
    if not name and request.headers.get("Content-Disposition"):
        _, params = parse_header_parameters(request.headers["Content-Disposition"])
        name = params.get("filename", "")
    return name


def _unauthorized() -> HttpResponse:
    response = _error(_("A valid API token is needed (Authorization: Bearer <token>)."), 401)
    response["WWW-Authenticate"] = 'Bearer realm="ExactBridge"'
    return response


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": str(message)}, status=status)
