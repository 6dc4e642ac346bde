"""The size limit, checked before a channel reads a whole file into memory."""

from __future__ import annotations

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def too_large(name: str, size: int) -> str:
    """Why a file of ``size`` bytes is refused, in the words ``receive_document`` uses; empty
    when it is within the limit."""
    if size <= settings.MAX_DOCUMENT_BYTES:
        return ""
    return _("%(name)s is %(size)s; the limit is %(limit)s.") % {
        "name": name or _("The document"),
        "size": filesizeformat(size),
        "limit": filesizeformat(settings.MAX_DOCUMENT_BYTES),
    }
