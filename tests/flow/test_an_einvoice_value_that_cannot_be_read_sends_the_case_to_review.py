"""An e-invoice holding a value the reader cannot take (a date written "10-05-2024", an amount
"1,00") is missing that field: the case goes to review with the reader's warning as the reason,
in the reader's language. A skipped embedded file leaves the data whole: a note, no review."""

from __future__ import annotations

import dataclasses

from django.utils import translation

from cases.models import Case
from exactbridge.demo.ubl import build_ubl
from intake.models import Document
from intake.pipeline import read_case_document
from intake.services import receive_document
from tests.flow.conftest import FULLY_RECEIVED, invoice_for

BROKEN_ATTACHMENT = (
    b"<cac:AdditionalDocumentReference><cbc:ID>1</cbc:ID><cac:Attachment>"
    b'<cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="INV.pdf">'
    b"this is not base64!</cbc:EmbeddedDocumentBinaryObject></cac:Attachment>"
    b"</cac:AdditionalDocumentReference><cac:AccountingSupplierParty>"
)


def _read_in_dutch(administration, data: bytes) -> Case:
    with translation.override("nl"):
        case = receive_document(
            administration=administration,
            data=data,
            filename="invoice.xml",
            channel=Document.Channel.COMMAND,
        )
        return read_case_document(case_id=case.pk)


def _reason(case: Case, language: str) -> str:
    with translation.override(language):
        return case.get_status_reason_display()


def test_a_due_date_the_reader_cannot_read_sends_the_case_to_review_saying_so(synced):
    invoice = invoice_for(synced, FULLY_RECEIVED, "INV-5001")
    written = invoice.due_date.isoformat().encode()
    data = build_ubl(invoice)
    assert _read_in_dutch(synced, data).status == Case.Status.READY_FOR_APPROVAL

    day = invoice.due_date.strftime("%d-%m-%Y")
    case = _read_in_dutch(
        synced,
        build_ubl(dataclasses.replace(invoice, number="INV-5002")).replace(
            b"<cbc:DueDate>" + written, b"<cbc:DueDate>" + day.encode()
        ),
    )

    assert case.status == Case.Status.NEEDS_REVIEW
    assert case.extracted["due_date"] is None
    assert _reason(case, "en") == (
        f"/Invoice/cbc:DueDate holds '{day}', which is not a date this reader understands."
    )
    assert _reason(case, "nl") == (
        f"/Invoice/cbc:DueDate bevat '{day}', wat geen datum is die deze lezer begrijpt."
    )


def test_an_amount_the_reader_cannot_read_sends_the_case_to_review(synced):
    data = build_ubl(invoice_for(synced, FULLY_RECEIVED, "INV-5003"))
    start = data.index(b"<cbc:PayableAmount")
    end = data.index(b"</cbc:PayableAmount>")
    payable = data[start:end].rsplit(b">", 1)[1]

    case = _read_in_dutch(
        synced,
        data[:start] + data[start:end].replace(payable, payable.replace(b".", b",")) + data[end:],
    )

    assert case.status == Case.Status.NEEDS_REVIEW
    assert _reason(case, "en").startswith(
        "/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount holds '"
    )
    assert _reason(case, "en").endswith("', which is not a number; it was not read.")


def test_an_embedded_file_that_cannot_be_decoded_is_a_note_not_a_reason_for_review(synced):
    data = build_ubl(invoice_for(synced, FULLY_RECEIVED, "INV-5004")).replace(
        b"<cac:AccountingSupplierParty>", BROKEN_ATTACHMENT, 1
    )

    case = _read_in_dutch(synced, data)

    assert case.status == Case.Status.READY_FOR_APPROVAL
    assert case.document.children.count() == 0
    assert _reason(case, "en") == (
        "The attachment at /Invoice/cac:AdditionalDocumentReference/cac:Attachment"
        "/cbc:EmbeddedDocumentBinaryObject is not valid base64 and was skipped."
    )
    assert _reason(case, "nl").startswith("De bijlage bij /Invoice/cac:AdditionalDocumentReference")
