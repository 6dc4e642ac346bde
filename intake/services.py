"""Taking documents in: every channel ends here, so every original is stored the same way."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import Case
from cases.services import open_case
from cases.transitions import mark_duplicate
from exactbridge.helpers.messages import message
from intake import sniff
from intake.models import Document
from intake.storage import store_original


class DocumentTooLarge(Exception):
    """Refused at the door: larger than MAX_DOCUMENT_MB. Nothing was stored."""


def too_large(name: str, size: int) -> str:
    """Why a file of ``size`` bytes is refused; empty when it is within the limit. Channels ask
    before reading a whole file into memory; ``receive_document`` asks again."""
    if size <= settings.MAX_DOCUMENT_BYTES:
        return ""
    return _("%(name)s is %(size)s; the limit is %(limit)s.") % {
        "name": name or _("The document"),
        "size": filesizeformat(size),
        "limit": filesizeformat(settings.MAX_DOCUMENT_BYTES),
    }


def receive_document(
    *,
    administration,
    data: bytes,
    filename: str = "",
    channel: str,
    origin: dict | None = None,
    parent: Document | None = None,
    actor=None,
    request=None,
) -> Case:
    """Store the original, record the document and open its case.

    The same bytes already received in this administration make the new case a duplicate of
    the first one (kept, flagged, never dropped); anything else is queued for reading.
    """
    refusal = too_large(filename, len(data))
    if refusal:
        raise DocumentTooLarge(refusal)
    # The original is safe on disk before anything else happens to it.
    sha256 = store_original(data)
    with transaction.atomic():
        document = Document.objects.create(
            administration=administration,
            sha256=sha256,
            size=len(data),
            media_type=sniff.sniff(data),
            filename=filename[:255],
            channel=channel,
            origin=origin or {},
            parent=parent,
            received_by=actor if actor is not None and actor.is_authenticated else None,
        )
        case = open_case(
            administration=administration, document=document, actor=actor, request=request
        )
        first = (
            Case.objects.filter(
                administration=administration, document__sha256=sha256, duplicate_of=None
            )
            .exclude(pk=case.pk)
            .order_by("pk")
            .first()
        )
        if first is not None:
            return mark_duplicate(
                case,
                of=first,
                reason=message(
                    gettext_noop(
                        "The same file (identical bytes) was received before, as case #%(id)s "
                        "on %(date)s."
                    ),
                    id=first.pk,
                    date=timezone.localdate(first.created_at),
                ),
                actor=actor,
            )
        transaction.on_commit(lambda: _enqueue_reading(case.pk))
    return case


def _enqueue_reading(case_id: int) -> None:
    from intake.tasks import enqueue_reading

    enqueue_reading(case_id)
