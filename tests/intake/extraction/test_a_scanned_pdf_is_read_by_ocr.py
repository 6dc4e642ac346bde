import io
from decimal import Decimal

from PIL import Image

from intake.extraction import extract_from_pdf
from tests.intake.extraction.synthetic import make_scan


def test_a_pdf_without_text_layer_is_rendered_and_read_by_ocr():
    png, expected = make_scan(1)
    buffer = io.BytesIO()
    Image.open(io.BytesIO(png)).save(buffer, format="PDF", resolution=300)

    invoice = extract_from_pdf(data=buffer.getvalue())

    assert invoice.format_name == "pdf-ocr"
    assert invoice.invoice_number.value == expected["invoice_number"]
    assert invoice.gross_total.value == Decimal(str(expected["amount"]))
    assert "pixels" in invoice.invoice_number.source
    assert invoice.invoice_number.confidence < 1.0
