"""Taking an e-mail apart: its headers, its attachments, its text. No models, no database.

Real mail is often malformed (a missing final boundary, raw 8-bit header bytes, unknown
charsets, encoded-words where they are not allowed). Everything here degrades instead of
raising: a header that cannot be decoded comes back as best-effort text, a part that cannot be
decoded comes back as its raw bytes, and the caller decides what becomes a document.
"""

from __future__ import annotations

import email
import hashlib
import mimetypes
import re
import unicodedata
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.message import Message

from django.utils.translation import gettext_noop

from exactbridge.helpers.messages import Message as Text
from exactbridge.helpers.messages import message as text

# Parts that belong to the message's envelope or signature, not documents somebody sent.
_NOT_DOCUMENTS = frozenset(
    {
        "application/pkcs7-signature",
        "application/x-pkcs7-signature",
        "application/pgp-signature",
        "application/pgp-keys",
        "message/delivery-status",
        "message/disposition-notification",
        "message/feedback-report",
        "text/rfc822-headers",
    }
)
# A forwarded message inside a forwarded message inside ...: deeper than this, the nested
# message is kept whole as one attachment instead of being taken apart.
MAX_NESTING = 5
_ENCODED_WORD = re.compile(r"=\?[^?]+\?[bBqQ]\?[^?]*\?=")
_RAW_FILENAME = re.compile(r'(?:^|;)\s*(?:file)?name\*?=\s*"?([^";]+)"?', re.IGNORECASE)
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes
    # The subject of the forwarded message it was found in, if it was inside one.
    inside: str = ""


@dataclass
class ParsedMessage:
    message_id: str
    sender: str
    to: str
    subject: str
    date: str
    # SHA-256 of the body (everything after the header block, line ends normalised): the same
    # message arriving by two routes differs only in its trace headers.
    body_sha256: str
    attachments: list[Attachment] = field(default_factory=list)
    # Why the message could not be taken apart, if it could not; then ``attachments`` is empty.
    problem: Text | str = ""

    def origin(self) -> dict[str, str]:
        return {
            "message_id": self.message_id,
            "from": self.sender,
            "to": self.to,
            "subject": self.subject,
            "date": self.date,
        }


def parse_message(data: bytes) -> ParsedMessage:
    """Headers and attachments of the raw message ``data``. Never raises for bad input."""
    body_sha256 = _body_hash(data)
    try:
        message = email.message_from_bytes(data, policy=policy.default)
    except Exception as exc:  # the parser is lenient; anything it does raise is a bad message
        return ParsedMessage(
            message_id="",
            sender="",
            to="",
            subject="",
            date="",
            body_sha256=body_sha256,
            problem=text(gettext_noop("The message is nested too deeply to be taken apart."))
            if isinstance(exc, RecursionError)
            else f"{exc.__class__.__name__}: {exc}"[:300],
        )
    parsed = ParsedMessage(
        message_id=header(message, "Message-ID").strip("<> \t")[:255],
        sender=header(message, "From")[:300],
        to=header(message, "To")[:1000],
        subject=header(message, "Subject")[:300],
        date=header(message, "Date")[:100],
        body_sha256=body_sha256,
    )
    try:
        if message.is_multipart():
            parsed.attachments = list(_attachments(message, depth=0, inside=""))
        elif message.get_content_maintype() != "text":
            # The whole message is one file (a scanner's mail, a bare attachment).
            parsed.attachments = [_attachment(message, inside="")]
    except RecursionError:
        parsed.problem = text(gettext_noop("The message is nested too deeply to be taken apart."))
    except Exception as exc:
        parsed.problem = f"{exc.__class__.__name__}: {exc}"[:300]
    return parsed


def header(message: Message, name: str) -> str:
    """The header's decoded text; best effort for malformed or undecodable values."""
    try:
        value = message.get(name)
        if value is None:
            return ""
        text = str(value)
    except Exception:  # the header registry chokes on some malformed values
        raw = next((v for k, v in message.raw_items() if k.lower() == name.lower()), "")
        text = _decode_words(str(raw))
    return " ".join(clean_text(text).split())


def clean_text(text: str) -> str:
    """Text safe for any database: raw 8-bit bytes read as UTF-8 where they are, no NULs."""
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # surrogates that are not escaped bytes
        text = text.encode("utf-8", "replace").decode("utf-8", "replace")
    return text.replace("\x00", "")


def message_text(data: bytes) -> str:
    """The message's readable text: its headers that matter and its plain-text body.

    For reading a message that became a case itself (an order or a contract change by e-mail).
    HTML-only bodies are reduced to their text.
    """
    try:
        message = email.message_from_bytes(data, policy=policy.default)
        lines = [f"{name}: {header(message, name)}" for name in ("From", "Date", "Subject")]
        bodies = _text_bodies(message)
    except Exception:
        return data.decode("utf-8", "replace")
    plain = [text for subtype, text in bodies if subtype == "plain"]
    html = [_strip_html(text) for subtype, text in bodies if subtype == "html"]
    return "\n".join(lines) + "\n\n" + "\n\n".join(plain or html)


def safe_filename(name: str, *, content_type: str = "", fallback: str = "attachment") -> str:
    """A file name fit to show and store: no path, no control characters, at most 200 chars."""
    name = unicodedata.normalize("NFC", clean_text(name).replace("\ufffd", ""))
    name = _UNSAFE_IN_NAME.sub("_", name).strip(" ._")
    if not name:
        extension = (mimetypes.guess_extension(content_type) or ".bin") if content_type else ""
        name = fallback + extension
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: 199 - len(extension)] + dot + extension) if dot else name[:200]
    return name


def _attachments(message: Message, *, depth: int, inside: str):
    for part in message.iter_parts():
        content_type = part.get_content_type()
        if content_type in _NOT_DOCUMENTS:
            continue
        if content_type == "message/rfc822":
            nested = part.get_payload()
            nested = nested[0] if isinstance(nested, list) and nested else nested
            if depth < MAX_NESTING and isinstance(nested, Message):
                yield from _attachments(
                    nested, depth=depth + 1, inside=header(nested, "Subject") or inside
                )
            else:
                yield Attachment(
                    safe_filename(_filename(part), content_type=content_type, fallback="message"),
                    content_type,
                    _payload(part),
                    inside,
                )
        elif content_type == "multipart/report":
            continue  # a bounce or read receipt: the message itself is what matters
        elif part.is_multipart():
            yield from _attachments(part, depth=depth, inside=inside)
        elif _is_document(part, parent=message):
            yield _attachment(part, inside=inside)


def _attachment(part: Message, *, inside: str) -> Attachment:
    content_type = part.get_content_type()
    return Attachment(
        safe_filename(_filename(part), content_type=content_type),
        content_type,
        _payload(part),
        inside,
    )


def _is_document(part: Message, *, parent: Message) -> bool:
    """An attachment or an inline PDF/image; not the body text, not an HTML body's logo."""
    maintype = part.get_content_maintype()
    disposition = part.get_content_disposition()
    named = bool(_filename(part))
    if maintype == "text":
        return disposition == "attachment" or (named and disposition != "inline")
    # A picture the HTML body shows (a logo, a signature) stays in the message.
    shown_by_html = (
        maintype == "image"
        and parent.get_content_type() == "multipart/related"
        and bool(part.get("Content-ID"))
        and disposition != "attachment"
    )
    return not shown_by_html


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    if name and not _ENCODED_WORD.search(name):
        return name
    # Senders put encoded-words inside parameters (not allowed, common): decode them ourselves.
    for key, value in part.raw_items():
        if key.lower() in {"content-disposition", "content-type"}:
            match = _RAW_FILENAME.search(str(value).replace("\n", " "))
            if match:
                return _decode_words(match.group(1).strip())
    return name


def _payload(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if data is None:  # undecodable: keep the bytes as they came
        raw = part.get_payload()
        data = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else part.as_bytes()
    return data


def _text_bodies(message: Message) -> list[tuple[str, str]]:
    bodies = []
    for part in message.walk():
        if part.get_content_maintype() != "text" or part.get_content_disposition() == "attachment":
            continue
        try:
            text = part.get_content()
        except Exception:  # an unknown charset or a broken transfer encoding
            text = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
        bodies.append((part.get_content_subtype(), text))
    return bodies


def _strip_html(html: str) -> str:
    html = re.sub(r"(?is)<(script|style).*?</\1>", " ", html)
    html = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>", "\n", html)
    return re.sub(r"[ \t]+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _decode_words(value: str) -> str:
    try:
        return str(make_header(decode_header(value)))
    except Exception:
        return value


def _body_hash(data: bytes) -> str:
    normalised = data.replace(b"\r\n", b"\n")
    _, separator, body = normalised.partition(b"\n\n")
    return hashlib.sha256(body if separator else normalised).hexdigest()
