"""Byte damage to real files: truncation, flipped bits, overwritten, zeroed, duplicated or
removed chunks, applied to XML, PDF, PNG and e-mail sources."""

from __future__ import annotations

import functools
import random

from tests.intake.mutations.base import (
    CII,
    FACTURX,
    FACTURX_FR,
    MAIL_TEXT_ONLY,
    MAIL_WITH_PDF,
    PNG,
    TEXT_PDF,
    UBL,
    UBL_WITH_PDF,
    Mutation,
    corpus,
)

# Text PDFs whose damage leaves no text layer are read by OCR, and so is every PNG that
# survives its damage: those get the fast-failing damage only.
DAMAGED_SOURCES = {
    "ubl": (UBL, "all"),
    "ubl-credit-note": ("ubl/en16931-cen/ubl-tc434-creditnote1.xml", "all"),
    "ubl-with-pdf": (UBL_WITH_PDF, "all"),
    "cii": (CII, "all"),
    "facturx": (FACTURX, "all"),
    "facturx-fr": (FACTURX_FR, "all"),
    "text-pdf": (TEXT_PDF, "all"),
    "png": (PNG, "truncations"),
    "mail-with-pdf": (MAIL_WITH_PDF, "all"),
    "mail-forwarded": ("email/mikel-mail/attachment_message_rfc822.eml", "all"),
    "mail-text-only": (MAIL_TEXT_ONLY, "all"),
}

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


def mutations() -> list[Mutation]:
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
