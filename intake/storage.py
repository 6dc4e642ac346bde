"""Originals stored once, named by the SHA-256 of their bytes.

The bytes go to Django's ``storages["originals"]`` (a folder under DATA_DIR by default; any
Django storage backend, such as an S3-compatible one, by changing ``STORAGES``). Writing the same
bytes twice stores them once.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import storages


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _name(sha256: str) -> str:
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def store_original(data: bytes) -> str:
    """Store ``data`` (if it is not there yet) and return its SHA-256."""
    sha256 = content_hash(data)
    storage = storages["originals"]
    name = _name(sha256)
    if not storage.exists(name):
        saved_as = storage.save(name, ContentFile(data))
        if saved_as != name:
            # Another process stored the same bytes a moment ago; keep one copy.
            storage.delete(saved_as)
    return sha256


def read_original(sha256: str) -> bytes:
    with storages["originals"].open(_name(sha256), "rb") as handle:
        return handle.read()
