"""Cases with a real document behind them, as controllers find them in the admin."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from cases.models import Case
from cases.services import CheckResult, record_checks
from cases.transitions import finish_reading, start_reading
from intake.services import receive_document


def make_documented_case(
    administration,
    *,
    filename: str = "factuur-2025-001.pdf",
    supplier: str = "Leverancier B.V.",
    number: str = "F-2025-001",
    total: str = "1234.56",
) -> Case:
    """A case read from an e-mailed PDF: received, read, checked, ready for approval."""
    case = receive_document(
        administration=administration,
        data=f"%PDF-1.4 {administration.code} {filename}".encode(),
        filename=filename,
        channel="email",
        origin={"from": "facturen@leverancier.example", "subject": f"Factuur {number}"},
    )
    start_reading(case)
    record_checks(case=case, results=[CheckResult("lines_add_up", "ok", "Lines add up")])
    return finish_reading(
        case,
        needs_review=False,
        fields={
            "total_amount": Decimal(total),
            "supplier_name": supplier,
            "invoice_number": number,
            "document_date": datetime.date(2025, 3, 1),
            "currency": "EUR",
        },
    )


@pytest.fixture
def own_case(administration):
    return make_documented_case(administration)


@pytest.fixture
def foreign_case(other_administration):
    return make_documented_case(
        other_administration,
        filename="geheim.pdf",
        supplier="Concurrent N.V.",
        number="SECRET-9",
    )
