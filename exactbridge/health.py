"""Health endpoints for the orchestrator; the only pages besides sign-in that need no login."""

from __future__ import annotations

import logging
import tempfile

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """The process is alive and answering."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_GET
def readyz(request):
    """Ready for traffic: database reachable, task broker reachable, data directory writable."""
    checks = {
        "database": _check_database(),
        "broker": _check_broker(),
        "data_dir": _check_data_dir(),
    }
    ready = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


class HealthEndpointsMiddleware:
    """Answers /healthz and /readyz before host validation and the HTTPS redirect.

    Orchestrators probe with the container's own address as Host header (the pod IP, 127.0.0.1)
    over plain HTTP; those probes must not depend on ALLOWED_HOSTS listing every such address.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.endpoints = {"/healthz": healthz, "/readyz": readyz}

    def __call__(self, request):
        endpoint = self.endpoints.get(request.path_info)
        if endpoint is not None:
            return endpoint(request)
        return self.get_response(request)


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return f"error: {exc.__class__.__name__}: {exc}"
    return "ok"


def _check_broker() -> str:
    try:
        from django_q.brokers import get_broker

        broker = get_broker()
        if not broker.ping():
            return "error: broker did not answer"
        broker.queue_size()  # for the ORM broker, this is what touches its table
    except Exception as exc:
        return f"error: {exc.__class__.__name__}: {exc}"
    return "ok"


def _check_data_dir() -> str:
    try:
        with tempfile.NamedTemporaryFile(dir=settings.DATA_DIR, prefix=".readyz-") as probe:
            probe.write(b"ok")
            probe.flush()
    except OSError as exc:
        return _failed("data_dir", exc, "data directory is not writable")
    return "ok"


def _failed(check: str, exc: Exception, summary: str = "") -> str:
    # The probe is unauthenticated: details (hosts, paths, users) go to the log, not the answer.
    logger.warning("readyz: %s check failed: %s", check, exc, exc_info=exc)
    return f"error: {summary or exc.__class__.__name__}"
