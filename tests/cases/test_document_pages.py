"""The document beside the data: PDF pages as PNG (zoom, page through), an e-invoice through the
PDF it carried, or its contents as read; only for people who may see the case."""

import base64

import pytest
from django.urls import reverse

from intake.pipeline import read_case_document
from intake.services import receive_document

PDF = "pdf/facturx-xml-rechnung/EN16931_Einfach.pdf"
UBL = "ubl/peppol-bis3/examples/base-example.xml"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _receive(administration, data: bytes, filename: str):
    case = receive_document(
        administration=administration, data=data, filename=filename, channel="upload"
    )
    return read_case_document(case_id=case.pk)


def _ubl_carrying(pdf: bytes, ubl: bytes) -> bytes:
    """The Peppol example with a real PDF rendition embedded, as senders often add one."""
    reference = (
        "<cac:AdditionalDocumentReference><cbc:ID>rendition</cbc:ID><cac:Attachment>"
        '<cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="invoice.pdf">'
        f"{base64.b64encode(pdf).decode()}"
        "</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>"
    )
    return ubl.replace(
        b"<cac:AccountingSupplierParty>", reference.encode() + b"<cac:AccountingSupplierParty>", 1
    )


def _page_url(case, page=1, scale=None):
    url = reverse("cases:document_page", args=[case.administration.code, case.pk, page])
    return url + (f"?scale={scale}" if scale is not None else "")


@pytest.fixture
def pdf_case(administration, corpora):
    return _receive(administration, (corpora / PDF).read_bytes(), "EN16931_Einfach.pdf")


def test_a_pdf_page_is_rendered_as_png(client, accountant, pdf_case):
    client.force_login(accountant)

    response = client.get(_page_url(pdf_case))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(PNG_SIGNATURE)
    assert "private" in response["Cache-Control"]


def test_zooming_renders_a_larger_picture(client, accountant, pdf_case):
    from io import BytesIO

    from PIL import Image

    client.force_login(accountant)
    small = Image.open(BytesIO(client.get(_page_url(pdf_case, scale=1)).content))
    large = Image.open(BytesIO(client.get(_page_url(pdf_case, scale=2)).content))

    assert large.width == pytest.approx(2 * small.width, abs=2)


def test_an_unchanged_page_is_not_sent_again(client, accountant, pdf_case):
    client.force_login(accountant)
    first = client.get(_page_url(pdf_case))

    again = client.get(_page_url(pdf_case), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304


def test_a_page_past_the_end_is_404(client, accountant, pdf_case):
    client.force_login(accountant)

    assert client.get(_page_url(pdf_case, page=3)).status_code == 404
    assert client.get(_page_url(pdf_case, page=0)).status_code == 404


def test_outsider_gets_404_for_the_page(client, outsider, pdf_case):
    client.force_login(outsider)

    assert client.get(_page_url(pdf_case)).status_code == 404


def test_viewer_may_see_the_page(client, viewer, pdf_case):
    client.force_login(viewer)

    assert client.get(_page_url(pdf_case)).status_code == 200


def test_the_case_page_shows_the_pdf_beside_the_data(client, accountant, pdf_case):
    client.force_login(accountant)

    response = client.get(
        reverse("cases:case", args=["acme", pdf_case.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert _page_url(pdf_case) in response.text
    assert "Page 1 of 2" in response.text


def test_paging_through_shows_the_next_page(client, accountant, pdf_case):
    client.force_login(accountant)
    url = reverse("cases:case", args=["acme", pdf_case.pk])

    response = client.get(url + "?page=2", HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")

    assert response.text.lstrip().startswith('<div id="document"')
    assert "Page 2 of 2" in response.text
    assert client.get(_page_url(pdf_case, page=2)).status_code == 200


def test_an_e_invoice_is_shown_through_the_pdf_it_carried(
    client, accountant, administration, corpora
):
    data = _ubl_carrying((corpora / PDF).read_bytes(), (corpora / UBL).read_bytes())
    case = _receive(administration, data, "with-rendition.xml")
    client.force_login(accountant)

    page = client.get(reverse("cases:case", args=["acme", case.pk]), HTTP_ACCEPT_LANGUAGE="en")
    picture = client.get(_page_url(case))

    assert "The PDF that came with the e-invoice" in page.text
    assert picture.content.startswith(PNG_SIGNATURE)


def test_an_e_invoice_without_a_pdf_is_shown_as_read(client, accountant, administration, corpora):
    case = _receive(administration, (corpora / UBL).read_bytes(), "base-example.xml")
    client.force_login(accountant)

    page = client.get(reverse("cases:case", args=["acme", case.pk]), HTTP_ACCEPT_LANGUAGE="en")

    assert "An e-invoice without a PDF" in page.text
    assert "Snippet1" in page.text
    assert client.get(_page_url(case)).status_code == 404
