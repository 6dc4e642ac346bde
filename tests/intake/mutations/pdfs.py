"""PDFs that fight back: password protection, hand-made files each with one structural flaw,
damaged cross-reference tables, compression bombs and hostile XML inside a Factur-X PDF."""

from __future__ import annotations

import functools
import io
import random
import secrets
from collections.abc import Callable
from unittest import mock

from pypdf import PdfWriter

from tests.intake.mutations.base import (
    CII,
    FACTURX,
    FACTURX_FR,
    GIB,
    TEXT_PDF,
    Mutation,
    corpus,
    deflated_zeros,
)
from tests.intake.mutations.xml_documents import DOCTYPES, with_doctype


@functools.cache
def _xxe_payload() -> bytes:
    return with_doctype(CII, DOCTYPES["external-file-entity"], "&x;")(random.Random(0))


def _write(writer: PdfWriter, rng: random.Random) -> bytes:
    buffer = io.BytesIO()
    # pypdf draws file identifiers and encryption salts from `secrets`; from the seed instead.
    with mock.patch.object(secrets, "token_bytes", rng.randbytes):
        writer.write(buffer)
    return buffer.getvalue()


def _encrypted(relative: str, user: str, owner: str | None, algorithm: str | None) -> Callable:
    def build(rng: random.Random) -> bytes:
        writer = PdfWriter(clone_from=io.BytesIO(corpus(relative)))
        with mock.patch.object(secrets, "token_bytes", rng.randbytes):
            writer.encrypt(user, owner, algorithm=algorithm)
        return _write(writer, rng)

    return build


def _facturx_with(payload: Callable[[], bytes], relative: str = FACTURX) -> Callable:
    """The Factur-X PDF with its factur-x.xml replaced by ``payload()``."""

    def build(rng: random.Random) -> bytes:
        writer = PdfWriter(clone_from=io.BytesIO(corpus(relative)))
        [embedded] = [f for f in writer.attachment_list if f.name == "factur-x.xml"]
        embedded.content = payload()
        return _write(writer, rng)

    return build


def _text_pdf_with_attachment(name: str, payload: Callable[[], bytes]) -> Callable:
    def build(rng: random.Random) -> bytes:
        writer = PdfWriter(clone_from=io.BytesIO(corpus(TEXT_PDF)))
        writer.add_attachment(name, payload())
        return _write(writer, rng)

    return build


def _pdf(*objects: bytes, trailer: bytes = b"/Root 1 0 R") -> bytes:
    """A hand-made PDF with a correct xref table, so that only the named flaw is wrong."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", length: int | None = None) -> bytes:
    length = len(data) if length is None else length
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (length, extra, data)


_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
# A text layer long enough to be read as it is: a page without one is read by OCR, which is slow.
_PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font "
    b"<< /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> /XObject << /Im1 5 0 R "
    b">> >> >>"
)
_CONTENT = (
    b"BT /F1 12 Tf 72 720 Td (Invoice 2024-001 from Example Supplies, total 121.00 EUR) Tj ET"
)
_PICTURE = _stream(
    b"\x80",
    b"/Type /XObject /Subtype /Image /Width 1 /Height 1 "
    b"/ColorSpace /DeviceGray /BitsPerComponent 8",
)
_TEXT = _stream(_CONTENT)


def _flate_bomb(size: int) -> bytes:
    return _stream(deflated_zeros(size, zlib_wrapper=True), b"/Filter /FlateDecode")


def _hand_made() -> list[Mutation]:
    def pdf(*objects: bytes, trailer: bytes = b"/Root 1 0 R"):
        return lambda rng: _pdf(*objects, trailer=trailer)

    embedded_files = b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 5 0 R >> >>"
    hand_made = {
        "header-only": lambda rng: b"%PDF-1.7\n",
        "header-and-eof": lambda rng: b"%PDF-1.7\n%%EOF\n",
        "header-then-random": lambda rng: b"%PDF-1.4\n" + rng.randbytes(10_000),
        "no-root-in-trailer": pdf(_CATALOG, _PAGES, _PAGE, _TEXT, trailer=b""),
        "root-is-missing-object": pdf(_CATALOG, _PAGES, _PAGE, _TEXT, trailer=b"/Root 99 0 R"),
        "root-is-a-number": pdf(b"42", _PAGES, _PAGE, _TEXT),
        "pages-loop": pdf(_CATALOG, b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>", _PAGE, _TEXT),
        "pages-kids-not-array": pdf(_CATALOG, b"<< /Type /Pages /Kids 7 /Count 1 >>", _PAGE, _TEXT),
        "page-count-huge": pdf(
            _CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>", _PAGE, _TEXT
        ),
        "contents-self-reference": pdf(_CATALOG, _PAGES, _PAGE.replace(b"4 0 R", b"3 0 R"), _TEXT),
        "stream-length-huge": pdf(_CATALOG, _PAGES, _PAGE, _stream(_CONTENT, length=10**11)),
        "stream-length-negative": pdf(_CATALOG, _PAGES, _PAGE, _stream(_CONTENT, length=-5)),
        "nested-arrays-5k": pdf(
            _CATALOG,
            _PAGES,
            _PAGE.replace(b"/Contents", b"/X " + b"[" * 5_000 + b"]" * 5_000 + b" /Contents"),
            _TEXT,
        ),
        "nested-dicts-5k": pdf(
            _CATALOG,
            _PAGES,
            _PAGE.replace(b"/Contents", b"/X " + b"<</A " * 5_000 + b">>" * 5_000 + b" /Contents"),
            _TEXT,
        ),
        "total-20-digits": pdf(
            _CATALOG,
            _PAGES,
            _PAGE,
            _stream(
                _CONTENT + b" BT /F1 12 Tf 72 700 Td (Total EUR 12345678901234567890.00) Tj ET"
            ),
        ),
        "content-flate-bomb-4gib": lambda rng: _pdf(_CATALOG, _PAGES, _PAGE, _flate_bomb(4 * GIB)),
        # 200 by 200 inches: 3.6 billion pixels when rendered for OCR.
        "page-200in-square-without-text": pdf(
            _CATALOG, _PAGES, _PAGE.replace(b"595 842", b"14400 14400"), _stream(b"")
        ),
        "page-200in-square-with-picture": pdf(
            _CATALOG,
            _PAGES,
            _PAGE.replace(b"595 842", b"14400 14400"),
            _stream(_CONTENT + b" q 400 0 0 100 72 500 cm /Im1 Do Q"),
            _PICTURE,
        ),
        "embedded-files-loop": pdf(embedded_files, _PAGES, _PAGE, _TEXT, b"<< /Kids [5 0 R] >>"),
        "embedded-files-names-odd": pdf(
            embedded_files, _PAGES, _PAGE, _TEXT, b"<< /Names [(factur-x.xml)] >>"
        ),
        "embedded-flate-bomb-256mb": pdf(
            embedded_files,
            _PAGES,
            _PAGE,
            _TEXT,
            b"<< /Names [(factur-x.xml) 6 0 R] >>",
            b"<< /Type /Filespec /F (factur-x.xml) /EF << /F 7 0 R >> >>",
            _flate_bomb(256 << 20),
        ),
        "af-loop": pdf(
            b"<< /Type /Catalog /Pages 2 0 R /AF 5 0 R >>", _PAGES, _PAGE, _TEXT, b"[5 0 R]"
        ),
        "af-filespec-without-stream": pdf(
            b"<< /Type /Catalog /Pages 2 0 R /AF [5 0 R] >>",
            _PAGES,
            _PAGE,
            _TEXT,
            b"<< /Type /Filespec /F (factur-x.xml) /EF << /F 99 0 R >> >>",
        ),
        "encrypt-dict-garbage": pdf(
            _CATALOG, _PAGES, _PAGE, _TEXT, trailer=b"/Root 1 0 R /Encrypt 3 0 R"
        ),
    }
    return [Mutation(f"pdf-{name}", "pdf-structure", build) for name, build in hand_made.items()]


def _edit(relative: str, old: bytes, new: bytes) -> Callable:
    """The corpus file with the last ``old`` replaced by ``new``."""

    def build(rng: random.Random) -> bytes:
        data = corpus(relative)
        at = data.rfind(old)
        assert at >= 0, (relative, old)
        return data[:at] + new + data[at + len(old) :]

    return build


def _damaged_structure() -> list[Mutation]:
    found = []
    for source, relative in (("facturx", FACTURX), ("text-pdf", TEXT_PDF)):
        edits = {
            "startxref-beyond-eof": _edit(
                relative, b"startxref", b"startxref\n999999999\n%%EOF\n%"
            ),
            "startxref-zero": _edit(relative, b"startxref", b"startxref\n0\n%%EOF\n%"),
            "no-eof-marker": _edit(relative, b"%%EOF", b""),
            "no-trailer": _edit(relative, b"trailer", b"xxxxxxx"),
            "xref-keyword-broken": _edit(relative, b"xref", b"xxxx"),
            "junk-before-header": lambda rng, r=relative: rng.randbytes(500) + corpus(r),
            "header-after-2kb-junk": lambda rng, r=relative: b"%" * 2048 + corpus(r),
        }
        found += [
            Mutation(f"{source}-{name}", "pdf-structure", build) for name, build in edits.items()
        ]
    return found


def _passwords() -> list[Mutation]:
    passwords = {
        "facturx-password-rc4": _encrypted(FACTURX, "secret", None, "RC4-128"),
        "facturx-password-aes256": _encrypted(FACTURX, "secret", None, "AES-256"),
        "facturx-owner-password-only": _encrypted(FACTURX, "", "owner", "AES-128"),
        "text-pdf-password-aes128": _encrypted(TEXT_PDF, "secret", None, "AES-128"),
        "text-pdf-password-rc4-40": _encrypted(TEXT_PDF, "secret", None, "RC4-40"),
    }
    return [Mutation(name, "pdf-password", build) for name, build in passwords.items()]


def _facturx_payloads() -> list[Mutation]:
    payloads = {
        "xxe": _xxe_payload,
        "billion-laughs": lambda: with_doctype(CII, DOCTYPES["billion-laughs"], "&lol9;")(
            random.Random(0)
        ),
        "external-dtd": lambda: with_doctype(CII, DOCTYPES["external-dtd"], "")(random.Random(0)),
        "xxe-utf16": lambda: _xxe_payload().decode().replace("UTF-8", "UTF-16").encode("utf-16"),
        "empty": lambda: b"",
        "binary": lambda: bytes(range(256)) * 8,
        "truncated": lambda: corpus(CII)[: len(corpus(CII)) // 2],
        "not-an-invoice": lambda: b"<html><body>hi</body></html>",
        "zugferd1": lambda: (
            b'<x:CrossIndustryDocument xmlns:x="urn:ferd:CrossIndustryDocument:invoice:1p0"/>'
        ),
    }
    found = [
        Mutation(f"facturx-xml-is-{name}", "facturx-payload", _facturx_with(payload))
        for name, payload in payloads.items()
    ]
    found += [
        Mutation(
            "facturx-fr-xml-is-xxe",
            "facturx-payload",
            _facturx_with(_xxe_payload, FACTURX_FR),
        ),
        Mutation(
            "text-pdf-with-xxe-factur-x-xml",
            "facturx-payload",
            _text_pdf_with_attachment("factur-x.xml", _xxe_payload),
        ),
        Mutation(
            "text-pdf-with-xxe-other-xml",
            "facturx-payload",
            _text_pdf_with_attachment("invoice.xml", _xxe_payload),
        ),
    ]
    return found


def mutations() -> list[Mutation]:
    return [*_hand_made(), *_damaged_structure(), *_passwords(), *_facturx_payloads()]
