"""A PDF whose text names no IBAN, VAT or KvK number has its larger pictures read by OCR: the
supplier's details may be printed as an image (one small OCR run)."""

from intake.extraction import extract_from_pdf


def test_supplier_and_iban_in_a_picture_footer_are_read(corpora):
    invoice = extract_from_pdf(data=(corpora / "pdf/invoice2data/saeco.pdf").read_bytes())

    assert invoice.format_name == "pdf-text"
    assert invoice.supplier_name.value == "e-Luscious Nederland B.V."
    assert invoice.iban.value == "NL58RABO0198723202"
    assert invoice.iban.confidence < 1.0
    assert invoice.invoice_number.value == "VF1005193039"  # the text layer is still read
