"""E-mail in odd encodings and charsets, without its boundaries, with truncated, mislabelled or
hostile attachments, nested beyond reason."""

from __future__ import annotations

import base64
import random
from collections.abc import Callable

from tests.intake.mutations.archives import zip_bomb
from tests.intake.mutations.base import TEXT_PDF, UBL, Mutation, corpus
from tests.intake.mutations.xml_documents import DOCTYPES, with_doctype

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


def mutations() -> list[Mutation]:
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
            encoded=_b64(with_doctype(UBL, DOCTYPES["billion-laughs"], "&lol9;")(random.Random(0))),
        ),
        "attachment-zip-bomb": lambda n: _with_attachment(
            n,
            b"",
            part_headers=b"Content-Type: application/zip\r\nContent-Disposition: attachment; "
            b'filename="invoices.zip"\r\nContent-Transfer-Encoding: base64\r\n',
            encoded=_b64(zip_bomb()),
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
