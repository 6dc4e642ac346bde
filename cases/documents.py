"""Showing a case's document beside its data: PDF pages rendered to PNG, images as they are.

An e-invoice (XML) is shown through the PDF rendition it carried, kept as a child document by
intake; without one, the case page shows the extracted fields formatted as an invoice instead.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image

from intake import sniff
from intake.models import Document
from intake.storage import read_original

# Browsers show these as they are; other images (TIFF) are converted to PNG page by page.
SHOWN_AS_IS = frozenset({sniff.PNG, sniff.JPEG, sniff.GIF, sniff.WEBP})
MIN_SCALE, MAX_SCALE, DEFAULT_SCALE = 0.5, 4.0, 1.5


class PageNotFound(Exception):
    """The document has no such page, or cannot be shown as pages."""


@dataclass(frozen=True)
class Picture:
    data: bytes
    media_type: str


def shown_document(document: Document | None, children: list[Document]) -> Document | None:
    """The document to show in pages: the case's own, or an e-invoice's PDF rendition."""
    if document is None:
        return None
    if document.media_type == sniff.PDF or document.media_type in sniff.IMAGES:
        return document
    return next((child for child in children if child.media_type == sniff.PDF), None)


def page_count(document: Document) -> int:
    """How many pages ``document`` has (0 when it cannot be opened)."""
    data = read_original(document.sha256)
    try:
        if document.media_type == sniff.PDF:
            pdf = pdfium.PdfDocument(data)
            try:
                return len(pdf)
            finally:
                pdf.close()
        if document.media_type in SHOWN_AS_IS:
            return 1
        with Image.open(io.BytesIO(data)) as image:
            return getattr(image, "n_frames", 1)
    except (pdfium.PdfiumError, OSError, ValueError, Image.DecompressionBombError):
        return 0


def clamp_scale(value: str | None) -> float:
    try:
        scale = float(value) if value else DEFAULT_SCALE
    except ValueError:
        scale = DEFAULT_SCALE
    if scale != scale:  # NaN
        scale = DEFAULT_SCALE
    return min(max(scale, MIN_SCALE), MAX_SCALE)


def render_page(document: Document, *, page: int, scale: float) -> Picture:
    """Page ``page`` (from 1) of ``document`` as a picture; ``PageNotFound`` if there is none."""
    if page < 1:
        raise PageNotFound
    data = read_original(document.sha256)
    if document.media_type == sniff.PDF:
        return _render_pdf_page(data, page=page, scale=scale)
    if document.media_type in SHOWN_AS_IS:
        if page != 1:
            raise PageNotFound
        return Picture(data, document.media_type)
    if document.media_type in sniff.IMAGES:
        return _convert_image_frame(data, page=page)
    raise PageNotFound


def _render_pdf_page(data: bytes, *, page: int, scale: float) -> Picture:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PageNotFound from exc
    try:
        if not 1 <= page <= len(pdf):
            raise PageNotFound
        bitmap = pdf[page - 1].render(scale=scale)
        out = io.BytesIO()
        bitmap.to_pil().save(out, format="PNG", optimize=False)
        return Picture(out.getvalue(), sniff.PNG)
    finally:
        pdf.close()


def _convert_image_frame(data: bytes, *, page: int) -> Picture:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.seek(page - 1)
            out = io.BytesIO()
            image.convert("RGB").save(out, format="PNG")
    except (EOFError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise PageNotFound from exc
    return Picture(out.getvalue(), sniff.PNG)
