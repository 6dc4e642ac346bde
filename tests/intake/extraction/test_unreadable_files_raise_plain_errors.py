import io

import pytest
from PIL import Image

from intake.extraction import (
    ExtractionError,
    ImageTooLarge,
    UnreadableDocument,
    extract_from_image,
    extract_from_pdf,
    layout,
)


def test_an_image_with_too_many_pixels_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(layout, "MAX_IMAGE_PIXELS", 10_000)
    buffer = io.BytesIO()
    Image.new("L", (200, 200), 255).save(buffer, format="PNG")

    with pytest.raises(ImageTooLarge, match="too large"):
        extract_from_image(data=buffer.getvalue())


def test_a_damaged_image_is_unreadable():
    with pytest.raises(UnreadableDocument, match="damaged"):
        extract_from_image(data=b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)


def test_a_damaged_pdf_is_unreadable():
    with pytest.raises(UnreadableDocument, match="damaged"):
        extract_from_pdf(data=b"%PDF-1.7\n" + b"garbage" * 20)


def test_errors_share_one_base_for_the_pipeline_to_catch():
    assert issubclass(ImageTooLarge, ExtractionError)
    assert issubclass(UnreadableDocument, ExtractionError)


def test_a_blank_image_reads_as_an_invoice_without_fields():
    buffer = io.BytesIO()
    Image.new("L", (600, 800), 255).save(buffer, format="PNG")

    invoice = extract_from_image(data=buffer.getvalue())

    assert invoice.format_name == "image-ocr"
    assert invoice.to_expected_dict() == {"lines": []}
