"""Polling IMAP mailboxes: every message in the folder is taken in, then moved on.

A message taken in (or taken in before) moves to the mailbox's processed folder; one that
cannot be taken in (over the size limit, or failing unexpectedly) to its failed folder. So the
folder read holds only what is still to do, nothing is read twice and nothing disappears: the
message itself stays on the server. Taking in is idempotent (``ingest_message``), so a poll
cut off between taking in and moving repeats harmlessly.

Nothing raises out of ``poll_mailbox``: problems are written on the mailbox (``last_error``).
"""

from __future__ import annotations

import base64
import contextlib
import imaplib
import logging
import ssl
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from exactbridge.encryption import SecretUnreadable
from intake.channel_models import Mailbox
from intake.channels.email import ingest_message
from intake.services import DocumentTooLarge

logger = logging.getLogger(__name__)


class MailboxError(Exception):
    """The mailbox cannot be read now; the message says why, for the administrator."""


@dataclass
class PollResult:
    taken_in: int = 0
    already_received: int = 0
    failed: list[str] = field(default_factory=list)
    error: str = ""


def enabled_mailbox_ids() -> list[int]:
    return list(Mailbox.objects.filter(enabled=True).order_by("pk").values_list("pk", flat=True))


def poll_mailbox(*, mailbox_id: int) -> PollResult | None:
    """Take in up to ``INTAKE_MAILBOX_BATCH`` messages. None when disabled or already polling."""
    mailbox = (
        Mailbox.objects.select_related("administration").filter(pk=mailbox_id, enabled=True).first()
    )
    if mailbox is None or not _claim(mailbox):
        return None
    result = PollResult()
    try:
        _poll(mailbox, result)
    except MailboxError as exc:
        result.error = str(exc)
    except (imaplib.IMAP4.error, OSError, SecretUnreadable) as exc:
        result.error = _("The mailbox cannot be read: %(error)s") % {"error": _describe(exc)}
    except Exception as exc:
        logger.exception("Polling mailbox %s failed", mailbox_id)
        result.error = _("Polling failed unexpectedly: %(error)s") % {"error": _describe(exc)}
    finally:
        problems = [result.error, *result.failed] if result.error else result.failed
        Mailbox.objects.filter(pk=mailbox.pk).update(
            last_polled_at=timezone.now(), last_error="\n".join(problems)[:4000], busy_until=None
        )
    return result


def _claim(mailbox: Mailbox) -> bool:
    """Whether this poll may run: no other poll of the same mailbox is under way."""
    now = timezone.now()
    until = now + timedelta(seconds=settings.Q_CLUSTER["timeout"] + 60)
    claimed = (
        Mailbox.objects.filter(pk=mailbox.pk)
        .filter(Q(busy_until__isnull=True) | Q(busy_until__lt=now))
        .update(busy_until=until)
    )
    return claimed == 1


def _poll(mailbox: Mailbox, result: PollResult) -> None:
    connection = _connect(mailbox)
    try:
        _check(connection.login(mailbox.username, mailbox.password), _("Signing in failed."))
        capabilities = _capabilities(connection)
        for folder in (mailbox.processed_folder, mailbox.failed_folder):
            connection.create(mailbox_name(folder))  # "already exists" is fine
        _check(
            connection.select(mailbox_name(mailbox.folder)),
            _("The folder %(folder)s cannot be opened.") % {"folder": mailbox.folder},
        )
        status, data = connection.uid("SEARCH", None, "ALL")
        _check((status, data), _("The folder cannot be searched."))
        uids = (data[0] or b"").split()[: settings.INTAKE_MAILBOX_BATCH]
        for uid in uids:
            _take(connection, mailbox, uid, result, capabilities)
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            connection.logout()


def _take(
    connection, mailbox: Mailbox, uid: bytes, result: PollResult, capabilities: frozenset[str]
) -> None:
    label = f"UID {uid.decode()}"
    status, data = connection.uid("FETCH", uid, "(BODY.PEEK[])")
    raw = _message_bytes(data) if status == "OK" else None
    target = mailbox.failed_folder
    if raw is None:
        result.failed.append(_("%(message)s could not be fetched.") % {"message": label})
    else:
        try:
            ingested = ingest_message(
                administration=mailbox.administration,
                data=raw,
                origin={"mailbox": str(mailbox), "mailbox_id": mailbox.pk, "uid": uid.decode()},
            )
        except DocumentTooLarge as exc:
            result.failed.append(f"{label}: {exc}")
        except Exception as exc:
            logger.exception("Taking in %s of mailbox %s failed", label, mailbox.pk)
            result.failed.append(f"{label}: {_describe(exc)}")
        else:
            target = mailbox.processed_folder
            if ingested.already_received:
                result.already_received += 1
            else:
                result.taken_in += 1
    _move(connection, uid, target, capabilities)


def _move(connection, uid: bytes, folder: str, capabilities: frozenset[str]) -> None:
    name = mailbox_name(folder)
    if "MOVE" in capabilities:
        status, data = connection.uid("MOVE", uid, name)
        _check((status, data), _("Moving a message to %(folder)s failed.") % {"folder": folder})
        return
    status, data = connection.uid("COPY", uid, name)
    _check((status, data), _("Copying a message to %(folder)s failed.") % {"folder": folder})
    connection.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)")
    if "UIDPLUS" in capabilities:
        connection.uid("EXPUNGE", uid)  # only this message, not others marked deleted
    else:
        connection.expunge()


def _connect(mailbox: Mailbox):
    timeout = settings.INTAKE_MAILBOX_TIMEOUT
    if mailbox.use_ssl:
        return imaplib.IMAP4_SSL(
            mailbox.host, mailbox.port, ssl_context=ssl.create_default_context(), timeout=timeout
        )
    connection = imaplib.IMAP4(mailbox.host, mailbox.port, timeout=timeout)
    if "STARTTLS" in connection.capabilities:
        connection.starttls(ssl_context=ssl.create_default_context())
    return connection


def _capabilities(connection) -> frozenset[str]:
    """What the server can do once signed in (many servers announce MOVE only then)."""
    status, data = connection.capability()
    if status == "OK" and data and isinstance(data[-1], bytes):
        return frozenset(data[-1].decode("ascii", "replace").upper().split())
    return frozenset(connection.capabilities)


def _check(response, message: str) -> None:
    status, data = response
    if status != "OK":
        detail = b" ".join(d for d in data if isinstance(d, bytes)).decode("utf-8", "replace")
        raise MailboxError(f"{message} {detail}".strip())


def _message_bytes(data) -> bytes | None:
    for item in data or []:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    return None


def _describe(exc: Exception) -> str:
    return f"{exc.__class__.__name__}: {exc}"[:500]


def mailbox_name(name: str) -> str:
    """A folder name as IMAP wants it: modified UTF-7 (RFC 3501 5.1.3), quoted."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            utf16 = "".join(pending).encode("utf-16-be")
            out.append("&" + base64.b64encode(utf16).decode().rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for char in name:
        if " " <= char <= "~":
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    encoded = "".join(out).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{encoded}"'
