"""What a file is, judged from its bytes — never from its name or the sender's say-so."""

from __future__ import annotations

import codecs
import re

PDF = "application/pdf"
XML = "application/xml"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
GIF = "image/gif"
WEBP = "image/webp"
ZIP = "application/zip"
EMAIL = "message/rfc822"
TEXT = "text/plain"
EMPTY = "application/x-empty"
UNKNOWN = "application/octet-stream"

IMAGES = frozenset({PNG, JPEG, TIFF, GIF, WEBP})

_MAGIC = [
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"PK\x03\x04", ZIP),
]
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]")
_EMAIL_HEADERS = (b"from:", b"received:", b"mime-version:", b"message-id:", b"return-path:")


def sniff(data: bytes) -> str:
    if not data.strip():
        return EMPTY
    head = data[:4096]
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    # A PDF may carry some junk before its header; readers accept it within the first 1 KB.
    if b"%PDF-" in head[:1024]:
        return PDF
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<?xml") or re.match(rb"<[A-Za-z_][\w.:-]*[\s>/]", text):
        return XML
    if _looks_like_email(text):
        return EMAIL
    if _is_text(head):
        return TEXT
    return UNKNOWN


def _looks_like_email(head: bytes) -> bool:
    header_block = head.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    lines = [line for line in header_block.splitlines() if line and line[:1] not in b" \t"]
    if lines and lines[0].startswith(b"From "):
        lines = lines[1:]  # the envelope line of an mbox-saved message
    if not lines or not all(_HEADER_LINE.match(line) for line in lines[:5]):
        return False
    names = {line.split(b":", 1)[0].lower() + b":" for line in lines}
    return any(name in names for name in _EMAIL_HEADERS)


def _is_text(head: bytes) -> bool:
    # Incremental decoding tolerates a character cut in half at the end of the sample.
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return b"\x00" not in head
