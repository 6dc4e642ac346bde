"""E-mail as a channel: one message in, its attachments out as cases.

- Each attachment (and each inline PDF or image) becomes a document with its own case, whose
  parent is the message. Attachments of a forwarded message (message/rfc822) count too.
- The message itself is kept as a context document without a case when it has attachments.
  Without any, the message *is* the document (an order or a contract change written in the
  mail) and gets the case. So does a message that cannot be taken apart: that case is
  unreadable, with the reason.
- The size limit applies to the whole message (an attachment is always smaller than the
  message that carries it, encoded).
- Zip files are kept as documents as they are, never unpacked, so no archive can expand
  without bound here.
- Taking the same message in twice creates nothing the second time. "The same" is the same
  Message-ID and the same body in the same administration: Message-IDs alone are not unique in
  practice, and the same message reaching two mailboxes differs only in its trace headers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import Case
from cases.transitions import mark_unreadable
from exactbridge.administrations.models import Administration
from exactbridge.administrations.services import get_coworker
from exactbridge.helpers import messages
from intake.channels.context import keep_context_document
from intake.channels.mime import ParsedMessage, parse_message, safe_filename
from intake.models import Document
from intake.services import DocumentTooLarge, receive_document, too_large

EMAIL = Document.Channel.EMAIL


@dataclass
class IngestedMessage:
    message: Document
    cases: list[Case] = field(default_factory=list)
    # Taken in before: nothing new was created; ``cases`` are the ones opened then.
    already_received: bool = False


def ingest_message(
    *, administration, data: bytes, origin: dict | None = None, actor=None, request=None
) -> IngestedMessage:
    """Take one raw e-mail in. Raises ``DocumentTooLarge`` (storing nothing) for a message
    over the size limit; every other problem ends as a case with its reason."""
    refusal = too_large(_("The e-mail"), len(data))
    if refusal:
        raise DocumentTooLarge(refusal)
    parsed = parse_message(data)
    message_origin = {**parsed.origin(), "body_sha256": parsed.body_sha256, **(origin or {})}
    with transaction.atomic():
        # One ingest per administration at a time, so the same message arriving twice at once
        # (two mailboxes, two workers) is taken in once.
        Administration.objects.select_for_update().get(pk=administration.pk)
        earlier = _earlier_message(administration, parsed)
        if earlier is not None:
            cases = Case.objects.filter(Q(document=earlier) | Q(document__parent=earlier))
            return IngestedMessage(
                message=earlier, cases=list(cases.order_by("pk")), already_received=True
            )
        filename = safe_filename(parsed.subject, fallback="message")[:200] + ".eml"
        if parsed.problem or not parsed.attachments:
            case = receive_document(
                administration=administration,
                data=data,
                filename=filename,
                channel=EMAIL,
                origin=message_origin,
                actor=actor,
                request=request,
            )
            if parsed.problem and case.status == Case.Status.RECEIVED:
                reason = messages.message(
                    gettext_noop(
                        "The e-mail could not be taken apart (%(problem)s). The original "
                        "message is kept."
                    ),
                    problem=parsed.problem,
                )
                case = mark_unreadable(case, reason=reason, actor=get_coworker())
            message, cases = case.document, [case]
        else:
            message = keep_context_document(
                administration=administration,
                data=data,
                filename=filename,
                channel=EMAIL,
                origin=message_origin,
                actor=actor,
                request=request,
            )
            cases = []
        for attachment in parsed.attachments:
            attachment_origin = {
                "message_id": parsed.message_id,
                "from": parsed.sender,
                "subject": parsed.subject,
                "filename": attachment.filename,
            }
            if attachment.inside:
                attachment_origin["forwarded_subject"] = attachment.inside
            cases.append(
                receive_document(
                    administration=administration,
                    data=attachment.data,
                    filename=attachment.filename,
                    channel=EMAIL,
                    origin=attachment_origin,
                    parent=message,
                    actor=actor,
                    request=request,
                )
            )
    return IngestedMessage(message=message, cases=cases)


def _earlier_message(administration, parsed: ParsedMessage) -> Document | None:
    return (
        Document.objects.filter(
            administration=administration,
            channel=EMAIL,
            parent=None,
            origin__message_id=parsed.message_id,
            origin__body_sha256=parsed.body_sha256,
        )
        .order_by("pk")
        .first()
    )
