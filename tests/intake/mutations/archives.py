"""Archives that expand without bound (zip, nested zip, gzip), a zip that climbs out of its
folder, and a UBL invoice carrying a zip bomb as its attachment."""

from __future__ import annotations

import base64
import functools
import random
import struct
import zlib

from tests.intake.mutations.base import (
    GIB,
    UBL_EMBEDDED,
    UBL_WITH_PDF,
    Mutation,
    corpus,
    deflated_zeros,
)


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


@functools.cache
def _crc32_of_zeros(size: int) -> int:
    crc, chunk = 0, bytes(1 << 20)
    for _ in range(size // len(chunk)):
        crc = zlib.crc32(chunk, crc)
    return crc


@functools.cache
def zip_bomb() -> bytes:
    """One member of 1 GiB of zeros, about 1 MB zipped."""
    deflated = deflated_zeros(GIB, zlib_wrapper=False)
    return _zip([("invoice.pdf", deflated, _crc32_of_zeros(GIB), GIB)])


def _nested_zip_bomb(rng: random.Random) -> bytes:
    """Sixteen copies of the 1 GiB bomb, each deflated again: 16 GiB from a few kB."""
    inner = zip_bomb()
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(inner) + compressor.flush()
    crc = zlib.crc32(inner)
    return _zip([(f"part{n}.zip", deflated, crc, len(inner)) for n in range(16)])


def _gzip_bomb(rng: random.Random) -> bytes:
    raw = deflated_zeros(GIB, zlib_wrapper=False)
    trailer = struct.pack("<II", _crc32_of_zeros(GIB), GIB & 0xFFFFFFFF)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + raw + trailer


def mutations() -> list[Mutation]:
    return [
        Mutation("zip-bomb-1gib", "archive", lambda rng: zip_bomb()),
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
                UBL_EMBEDDED, b">" + base64.b64encode(zip_bomb()) + b"<"
            ),
        ),
    ]
