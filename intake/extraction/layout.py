"""Words with their boxes, grouped into lines and runs, from a PDF's text layer or from OCR.

Boxes have their origin at the top left of the page, y growing downwards. For a PDF's text layer
the unit is the PDF point (1/72 inch); for OCR it is the pixel of the 300 dpi rendering (or of
the image as given). `Page.unit` says which.
"""

from __future__ import annotations

import ctypes
import io
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytesseract
from django.utils.translation import gettext_noop
from PIL import Image, ImageFilter, ImageOps
from pypdf import PdfReader
from pypdf.errors import LimitReachedError

from exactbridge.helpers.messages import message
from intake.extraction.errors import ExtractionError, ImageTooLarge, UnreadableDocument

RENDER_DPI = 300
OCR_LANGUAGES = "nld+eng"
# 50 Mpx: an A4 page at 600 dpi is 35 Mpx; anything bigger is no invoice scan.
MAX_IMAGE_PIXELS = 50_000_000
MAX_PAGES = 20
# The page descriptions (content streams) of all pages read, inflated: real invoices need a few
# MB; deflated zeros inflate a thousandfold.
MAX_CONTENT_BYTES = 100 * 1024 * 1024
OCR_TIMEOUT_SECONDS = 120
# Pictures on a text page worth reading (width, height in points): a letterhead or footer block,
# not a logo or an icon. At most MAX_PICTURES per page.
MIN_PICTURE_POINTS = (150, 40)
MAX_PICTURES = 4
# Pillow's own guard, process-wide: it warns above this and refuses above twice this. The
# explicit check in open_image refuses anything above it, before any pixel is decoded.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float = 1.0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class Run:
    """Words of one line that stand together (no wide gap between them)."""

    words: list[Word]
    page: int

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def x0(self) -> float:
        return min(word.x0 for word in self.words)

    @property
    def x1(self) -> float:
        return max(word.x1 for word in self.words)

    @property
    def y0(self) -> float:
        return min(word.y0 for word in self.words)

    @property
    def y1(self) -> float:
        return max(word.y1 for word in self.words)

    @property
    def height(self) -> float:
        return statistics.median(word.height for word in self.words)

    @property
    def confidence(self) -> float:
        return min(word.confidence for word in self.words)

    def box(self) -> str:
        return f"{self.x0:.0f},{self.y0:.0f},{self.x1:.0f},{self.y1:.0f}"


@dataclass
class Line(Run):
    runs: list[Run] = field(default_factory=list)


@dataclass
class Page:
    number: int
    width: float
    height: float
    unit: str  # "pt" or "px"
    lines: list[Line]


def pdf_text_pages(*, data: bytes) -> list[Page]:
    """The text layer of every page, as lines; raises UnreadableDocument when it can't be opened."""
    _refuse_inflation_bombs(data)
    pdf = _open_pdf(data)
    pages = []
    for index in range(min(len(pdf), MAX_PAGES)):
        page = pdf[index]
        width, height = page.get_size()
        textpage = page.get_textpage()
        words = list(_pdf_words(textpage, height))
        pages.append(Page(index + 1, width, height, "pt", group_lines(words, page=index + 1)))
    return pages


def ocr_pdf_pages(*, data: bytes) -> list[Page]:
    """Every page rendered at RENDER_DPI and read by tesseract."""
    pdf = _open_pdf(data)
    pages = []
    for index in range(min(len(pdf), MAX_PAGES)):
        if _too_large_to_render(pdf[index]):
            raise ImageTooLarge(
                message(
                    gettext_noop(
                        "A page of the PDF is too large to read (more than %(limit)d million "
                        "pixels at %(dpi)d dpi)."
                    ),
                    limit=MAX_IMAGE_PIXELS // 1_000_000,
                    dpi=RENDER_DPI,
                )
            )
        image = pdf[index].render(scale=RENDER_DPI / 72, grayscale=True).to_pil()
        pages.append(ocr_image(image, page=index + 1))
    return pages


def _too_large_to_render(pdf_page: pypdfium2.PdfPage) -> bool:
    """The image cap holds for rendered pages too: a page of 200 by 200 inches, rendered, is
    3.6 billion pixels."""
    width, height = pdf_page.get_size()
    return width * height * (RENDER_DPI / 72) ** 2 > MAX_IMAGE_PIXELS


def open_image(*, data: bytes) -> list[Image.Image]:
    """The frames of an image file (a multi-page TIFF has several), refusing decompression bombs."""
    try:
        image = Image.open(io.BytesIO(data))
        frames = []
        for index in range(min(getattr(image, "n_frames", 1), MAX_PAGES)):
            image.seek(index)
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            frames.append(ImageOps.exif_transpose(image.convert("L")))
        return frames
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLarge(
            message(
                gettext_noop(
                    "The image is too large to read (more than %(limit)d million pixels)."
                ),
                limit=MAX_IMAGE_PIXELS // 1_000_000,
            )
        ) from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise UnreadableDocument(
            message(
                gettext_noop("The image is damaged or of an unknown kind (%(detail)s)."),
                detail=str(exc),
            )
        ) from exc


def ocr_image(image: Image.Image, *, page: int) -> Page:
    """Read one page image with tesseract, after straightening a slight skew."""
    # A median filter takes out scanner speckle, which tesseract reads as punctuation.
    image = deskew(image.convert("L")).filter(ImageFilter.MedianFilter(3))
    words = _without_specks(_tesseract_words(image))
    return Page(page, image.width, image.height, "px", group_lines(words, page=page))


def ocr_pdf_images(*, data: bytes, pages: list[Page]) -> list[Page]:
    """`pages` (a text layer) with the words of their pictures added, in PDF points.

    For a PDF whose letterhead or footer — name, address, IBAN — is a picture of text. Only
    pictures of at least MIN_PICTURE_POINTS (logos are smaller) are read, from the page rendered
    at RENDER_DPI; pages without such pictures are returned as they are.
    """
    pdf = _open_pdf(data)
    result = []
    for page in pages:
        boxes = _picture_boxes(pdf[page.number - 1], page.height)
        if not boxes or _too_large_to_render(pdf[page.number - 1]):
            result.append(page)
            continue
        scale = RENDER_DPI / 72
        image = pdf[page.number - 1].render(scale=scale, grayscale=True).to_pil()
        words = [word for line in page.lines for word in line.words]
        for x0, y0, x1, y1 in boxes:
            crop = image.crop((int(x0 * scale), int(y0 * scale), int(x1 * scale), int(y1 * scale)))
            for word in _tesseract_words(crop):
                words.append(
                    Word(
                        word.text,
                        x0 + word.x0 / scale,
                        y0 + word.y0 / scale,
                        x0 + word.x1 / scale,
                        y0 + word.y1 / scale,
                        word.confidence,
                    )
                )
        lines = group_lines(words, page=page.number)
        result.append(Page(page.number, page.width, page.height, page.unit, lines))
    return result


def _picture_boxes(pdf_page: pypdfium2.PdfPage, page_height: float) -> list[tuple[float, ...]]:
    boxes = []
    for obj in pdf_page.get_objects(max_depth=3):
        if obj.type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        left, bottom, right, top = obj.get_bounds()
        width, height = right - left, top - bottom
        if width >= MIN_PICTURE_POINTS[0] and height >= MIN_PICTURE_POINTS[1]:
            boxes.append((max(left, 0), max(page_height - top, 0), right, page_height - bottom))
    return boxes[:MAX_PICTURES]


def _tesseract_words(image: Image.Image) -> list[Word]:
    try:
        data = pytesseract.image_to_data(
            image,
            lang=OCR_LANGUAGES,
            config="--psm 4",
            output_type=pytesseract.Output.DICT,
            timeout=OCR_TIMEOUT_SECONDS,
        )
    except (pytesseract.TesseractError, RuntimeError, OSError) as exc:
        raise ExtractionError(
            message(gettext_noop("Text recognition failed (%(detail)s)."), detail=str(exc))
        ) from exc
    words = []
    for i, text in enumerate(data["text"]):
        confidence = float(data["conf"][i])
        if not text.strip() or confidence < 0:
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        words.append(Word(text.strip(), x, y, x + w, y + h, min(confidence / 100, 0.99)))
    return words


def deskew(image: Image.Image, *, max_degrees: float = 4.0) -> Image.Image:
    """Rotate the page so its text lines run level; the angle that gives the sharpest rows wins.

    Text rows make the profile of dark pixels per row spiky when level; a skew smears it.
    """
    small = image.copy()
    small.thumbnail((1000, 1000))
    ink = ImageOps.invert(small.filter(ImageFilter.MedianFilter(3))).point(
        lambda v: 255 if v > 96 else 0
    )
    best_angle, best_score = 0.0, -1.0
    steps = int(max_degrees / 0.25)
    for step in range(-steps, steps + 1):
        angle = step * 0.25
        rotated = ink.rotate(angle, resample=Image.Resampling.NEAREST, expand=False)
        profile = list(rotated.resize((1, rotated.height), Image.Resampling.BOX).tobytes())
        score = sum((b - a) ** 2 for a, b in pairwise(profile))
        if score > best_score:
            best_angle, best_score = angle, score
    if best_angle == 0:
        return image
    return image.rotate(best_angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


def group_lines(words: Iterable[Word], *, page: int) -> list[Line]:
    """Words that share a baseline band become a line; a wide gap inside a line splits runs."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.y0 + w.y1) / 2):
        centre = (word.y0 + word.y1) / 2
        best, best_overlap = None, 0.0
        for candidate in lines[-4:]:
            top = statistics.median(w.y0 for w in candidate)
            bottom = statistics.median(w.y1 for w in candidate)
            if not top - 0.1 * word.height <= centre <= bottom + 0.1 * word.height:
                continue
            overlap = min(bottom, word.y1) - max(top, word.y0)
            if overlap > best_overlap and bottom - top < 2.5 * max(word.height, 1):
                best, best_overlap = candidate, overlap
        if best is not None:
            best.append(word)
        else:
            lines.append([word])
    result = []
    for members in lines:
        members.sort(key=lambda w: w.x0)
        result.append(Line(members, page, runs=_split_runs(members, page)))
    result.sort(key=lambda line: (line.y0 + line.y1) / 2)
    return result


def _without_specks(words: list[Word]) -> list[Word]:
    """Drop OCR "words" that are dust: far flatter than the text, or punctuation read badly."""
    if not words:
        return words
    typical = statistics.median(word.height for word in words)
    return [
        word
        for word in words
        if word.height >= 0.45 * typical
        and (any(char.isalnum() for char in word.text) or word.confidence >= 0.5)
    ]


def _split_runs(words: list[Word], page: int) -> list[Run]:
    height = statistics.median(word.height for word in words)
    runs = [[words[0]]]
    for previous, word in pairwise(words):
        if word.x0 - previous.x1 > 1.2 * height:
            runs.append([word])
        else:
            runs[-1].append(word)
    return [Run(members, page) for members in runs]


def _open_pdf(data: bytes) -> pypdfium2.PdfDocument:
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        detail = str(exc)
        if "password" in detail.lower():
            raise UnreadableDocument(
                message(gettext_noop("The PDF is protected with a password."))
            ) from exc
        raise UnreadableDocument(
            message(
                gettext_noop("The PDF is damaged and cannot be opened (%(detail)s)."),
                detail=detail,
            )
        ) from exc


def _refuse_inflation_bombs(data: bytes) -> None:
    """pdfium inflates a page's content streams whole, without a limit (4 MB of deflated zeros
    took it 5 GB); pypdf inflates with one, so it looks first."""
    inflated = 0
    try:
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages[:MAX_PAGES]:
            contents = page.get_contents()
            inflated += len(contents.get_data()) if contents is not None else 0
    except LimitReachedError:
        inflated = MAX_CONTENT_BYTES + 1
    except Exception:  # other damage is pdfium's to judge; it reads more than pypdf does
        return
    if inflated > MAX_CONTENT_BYTES:
        raise UnreadableDocument(
            message(
                gettext_noop(
                    "The PDF holds compressed page contents that expand without bound; it is "
                    "not read."
                )
            )
        )


def _pdf_words(textpage: pypdfium2.PdfTextPage, page_height: float) -> Iterable[Word]:
    """Characters joined into words. The vertical extent comes from the baseline and font size,
    not from the glyph, so that all words of a line get the same band."""
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:
        text = "".join(textpage.get_text_range(i, 1) or " " for i in range(count))
    chars: list[tuple[str, float, float, float, float]] = []
    x, y = ctypes.c_double(), ctypes.c_double()
    for index, char in enumerate(text):
        if char.isspace() or char == "\x00":
            yield from _chars_to_word(chars)
            chars = []
            continue
        left, _bottom, right, _top = textpage.get_charbox(index)
        pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, ctypes.byref(x), ctypes.byref(y))
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index)
        if size < 2:  # text drawn at size 1 and scaled by its matrix: measure the glyph box
            _left, low, _right, high = textpage.get_charbox(index, loose=True)
            size = max((high - low) * 0.85, 1.0)
        top, bottom = page_height - (y.value + 0.75 * size), page_height - (y.value - 0.2 * size)
        if chars:
            previous = chars[-1]
            previous_size = previous[4] - previous[3]
            # pdfium marks word gaps with spaces; a wide gap without one is a column break.
            if left - previous[2] > 0.8 * previous_size or abs(bottom - previous[4]) > 0.4 * size:
                yield from _chars_to_word(chars)
                chars = []
        chars.append((char, left, right, top, bottom))
    yield from _chars_to_word(chars)


def _chars_to_word(chars) -> Iterable[Word]:
    if not chars:
        return
    yield Word(
        "".join(c[0] for c in chars),
        min(c[1] for c in chars),
        min(c[3] for c in chars),
        max(c[2] for c in chars),
        max(c[4] for c in chars),
    )
