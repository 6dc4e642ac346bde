"""The 'Connect to Exact Online' pages. Administrators of an administration only: outsiders get
404, other members 403 (``exactbridge.administrations.access``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from exactbridge.administrations.access import get_administration_for_user, membership_for
from exactbridge.administrations.models import Administration, Membership
from exactbridge.online import connections, services
from exactbridge.online.errors import ExactError
from exactbridge.online.forms import ConnectForm, DivisionForm
from exactbridge.online.hosts import default_host
from exactbridge.online.models import ExactApiCall, ExactOnlineConnection

PENDING_KEY = "exact_online_pending"


def _administration_for_admin(user, code: str) -> Administration:
    """404 for outsiders, 403 for members who are not the administration's administrators."""
    administration = get_administration_for_user(user, code)
    membership = membership_for(user, administration)
    if membership is None or membership.role != Membership.Role.ADMIN:
        raise PermissionDenied(_("Only administrators can connect to Exact Online."))
    return administration


def _connection(administration: Administration) -> ExactOnlineConnection | None:
    return ExactOnlineConnection.objects.filter(administration=administration).first()


@require_GET
def connection_page(request: HttpRequest, code: str) -> HttpResponse:
    administration = _administration_for_admin(request.user, code)
    connection = _connection(administration)
    form = ConnectForm(
        initial={
            "base_url": connection.base_url if connection else default_host(),
            "client_id": connection.client_id if connection else settings.EXACT_ONLINE_CLIENT_ID,
        }
    )
    recent_calls = ExactApiCall.objects.filter(administration=administration)[:20]
    return render(
        request,
        "online/connection.html",
        {
            "administration": administration,
            "connection": connection,
            "form": form,
            "recent_calls": recent_calls,
        },
    )


@require_POST
def connect(request: HttpRequest, code: str) -> HttpResponse:
    administration = _administration_for_admin(request.user, code)
    form = ConnectForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "online/connection.html",
            {
                "administration": administration,
                "connection": _connection(administration),
                "form": form,
            },
            status=400,
        )
    connection = _connection(administration)
    client_secret = (
        form.cleaned_data["client_secret"]
        or (connection.client_secret if connection else "")
        or settings.EXACT_ONLINE_CLIENT_SECRET
    )
    url, pending = services.start_authorization(
        administration=administration,
        base_url=form.cleaned_data["base_url"],
        client_id=form.cleaned_data["client_id"],
        client_secret=client_secret,
        redirect_uri=_redirect_uri(request),
    )
    request.session[PENDING_KEY] = pending.as_session()
    return redirect(url)


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    stored = request.session.pop(PENDING_KEY, None)
    try:
        pending = services.check_callback(stored=stored, state=request.GET.get("state", ""))
    except services.AuthorizationRefused as exc:
        return render(request, "online/refused.html", {"reason": str(exc)}, status=400)
    administration = _administration_for_admin(request.user, pending.administration)
    if "error" in request.GET or not request.GET.get("code"):
        reason = request.GET.get("error_description") or request.GET.get("error") or ""
        return render(
            request,
            "online/refused.html",
            {"reason": _("Exact Online did not authorize the connection. %s") % reason},
            status=400,
        )
    try:
        services.complete_authorization(
            administration=administration,
            pending=pending,
            code=request.GET["code"],
            actor=request.user,
            request=request,
        )
    except ExactError as exc:
        # Below 500, so the session (whose pending authorization was just used up) is saved.
        return render(request, "online/refused.html", {"reason": exc.message}, status=400)
    messages.success(request, _("Connected to Exact Online. Check the division below."))
    return redirect("online:division", code=administration.code)


@require_http_methods(["GET", "POST"])
def division(request: HttpRequest, code: str) -> HttpResponse:
    administration = _administration_for_admin(request.user, code)
    connection = _connection(administration)
    if connection is None or connection.needs_reconnect:
        return redirect("online:connection", code=code)
    try:
        divisions = services.list_divisions(connection=connection)
    except ExactError as exc:
        return render(request, "online/refused.html", {"reason": exc.message}, status=502)
    form = DivisionForm(
        request.POST or None, divisions=divisions, initial={"division": connection.division}
    )
    if request.method == "POST" and form.is_valid():
        # The form only offers the divisions Exact listed for this user just now.
        connections.choose_division(
            connection=connection,
            division=form.cleaned_data["division"],
            actor=request.user,
            request=request,
        )
        return redirect("online:connection", code=code)
    context = {"administration": administration, "connection": connection, "form": form}
    return render(request, "online/division.html", context, status=400 if form.errors else 200)


@require_POST
def disconnect(request: HttpRequest, code: str) -> HttpResponse:
    administration = _administration_for_admin(request.user, code)
    connection = _connection(administration)
    if connection is not None:
        connections.disconnect(connection=connection, actor=request.user, request=request)
    return redirect("online:connection", code=code)


def _redirect_uri(request: HttpRequest) -> str:
    """Must equal the app registration's redirect URI exactly (reference §1.2)."""
    return settings.EXACT_ONLINE_REDIRECT_URI or request.build_absolute_uri(
        reverse("online:callback")
    )
