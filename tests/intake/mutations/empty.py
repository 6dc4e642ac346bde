"""Empty and nearly empty files: nothing, whitespace, a byte-order mark, a bare magic number."""

from __future__ import annotations

from tests.intake.mutations.base import Mutation

EMPTY = {
    "empty": b"",
    "one-space": b" ",
    "newline": b"\n",
    "whitespace-mix": b" \r\n\t\x0b\x0c \n",
    "crlf-x1000": b"\r\n" * 1000,
    "nul": b"\x00",
    "nul-x4096": b"\x00" * 4096,
    "utf8-bom-only": b"\xef\xbb\xbf",
    "utf8-bom-and-whitespace": b"\xef\xbb\xbf   \n",
    "utf16-bom-only": b"\xff\xfe",
    "pdf-magic-only": b"%PDF-",
    "xml-declaration-only": b'<?xml version="1.0" encoding="UTF-8"?>',
    "xml-declaration-unclosed": b"<?xml",
    "png-magic-only": b"\x89PNG\r\n\x1a\n",
    "zip-magic-only": b"PK\x03\x04",
    "empty-zip": b"PK\x05\x06" + bytes(18),
    "mail-header-only": b"From: someone@example.com\n",
}


def mutations() -> list[Mutation]:
    return [Mutation(name, "empty", lambda rng, d=data: d) for name, data in EMPTY.items()]
