"""Images a reader must refuse rather than decode: hundreds of megapixels, absurd dimensions,
broken chunks, and JPEG, GIF, TIFF and WebP headers that claim more than they hold."""

from __future__ import annotations

import struct
import zlib

from tests.intake.mutations.base import PNG, Mutation, corpus, deflated_zeros


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


def mutations() -> list[Mutation]:
    side = 30_000  # 900 Mpx of 1-bit black: 112 MB of scanlines, 110 kB compressed
    rows = side * (side // 8 + 1)
    rows -= rows % (1 << 20)  # whole MiB for the cheap deflate; the image is cut short
    built = {
        "png-900mpx-compressible": lambda rng: _png(
            side, side, deflated_zeros(rows, zlib_wrapper=True), bit_depth=1
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
