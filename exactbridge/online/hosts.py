"""The Exact Online country hosts (reference §1.1). A connection keeps its own host for good:
a division and its tokens belong to one host."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from exactbridge.online.models import DUTCH_HOST

COUNTRY_HOSTS = [
    (DUTCH_HOST, _("Netherlands")),  # V
    ("https://start.exactonline.be", _("Belgium")),  # V
    ("https://start.exactonline.de", _("Germany")),  # V
    ("https://start.exactonline.co.uk", _("United Kingdom")),  # S
    ("https://start.exactonline.fr", _("France")),  # S
    ("https://start.exactonline.es", _("Spain")),  # S
    ("https://start.exactonline.com", _("United States / international")),  # S
]


def host_choices() -> list[tuple[str, str]]:
    """The country hosts plus any extra ones configured (e.g. the local simulator)."""
    extra = [(url.rstrip("/"), url.rstrip("/")) for url in settings.EXACT_ONLINE_EXTRA_HOSTS]
    return [*COUNTRY_HOSTS, *extra]


def default_host() -> str:
    return settings.EXACT_ONLINE_BASE_URL.rstrip("/")
