"""Documents kept as context only: stored and recorded like any other, but opening no case."""

from __future__ import annotations

from django.db import transaction

from exactbridge.audit.services import record_event
from intake import sniff
from intake.models import Document
from intake.storage import store_original


def keep_context_document(
    *,
    administration,
    data: bytes,
    filename: str,
    channel: str,
    origin: dict,
    actor=None,
    request=None,
) -> Document:
    """Store ``data`` and record it as a document without a case.

    For the e-mail around attachments: the attachments are the work (each its own case, with
    this document as their parent); the message says who sent them, when and why.
    """
    sha256 = store_original(data)
    with transaction.atomic():
        document = Document.objects.create(
            administration=administration,
            sha256=sha256,
            size=len(data),
            media_type=sniff.sniff(data),
            filename=filename[:255],
            channel=channel,
            origin=origin,
            received_by=actor if actor is not None and actor.is_authenticated else None,
        )
        record_event(
            action="document.kept_as_context",
            actor=actor,
            administration=administration,
            target=document,
            after={"sha256": sha256, "channel": channel, "filename": document.filename},
            request=request,
        )
    return document
