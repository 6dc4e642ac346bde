"""A case read from a real e-invoice of the corpora, through the real reading pipeline."""

from __future__ import annotations

from cases.models import Case
from tests.conftest import CORPORA

# Peppol's base example: IBAN "IBAN32423940" (not valid) and VAT number SE123456789101.
BASE_EXAMPLE = CORPORA / "ubl/peppol-bis3/examples/base-example.xml"


def read_invoice_case(administration, path=BASE_EXAMPLE) -> Case:
    from intake.pipeline import read_case_document
    from intake.services import receive_document

    case = receive_document(
        administration=administration,
        data=path.read_bytes(),
        filename=path.name,
        channel="upload",
    )
    return read_case_document(case_id=case.pk)
