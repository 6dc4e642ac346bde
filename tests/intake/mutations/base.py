"""What every family of bad input shares: the ``Mutation``, the corpus files they start from
and the cheap zero-filled deflate stream behind every bomb."""

from __future__ import annotations

import functools
import random
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

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
FACTURX_FR = "pdf/facturx-embedded-only/Facture_FR_BASICWL.pdf"
TEXT_PDF = "pdf/invoice2data/AzureInterior.pdf"
PNG = "pdf/invoice2data/SammyMaystoneLinesTest.png"
MAIL_WITH_PDF = "email/mikel-mail/attachment_pdf.eml"
MAIL_TEXT_ONLY = "email/flanker/text-only.eml"

GIB = 1 << 30


@functools.cache
def deflated_zeros(size: int, *, zlib_wrapper: bool) -> bytes:
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
