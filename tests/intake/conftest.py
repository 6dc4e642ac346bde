"""Shared by the intake tests: corpus file lists (needed at collection time), reading."""

from decimal import Decimal
from pathlib import Path

import pytest

from intake.einvoice import read_einvoice
from intake.extracted import ExtractedInvoice
from tests.conftest import CORPORA


def corpus_files(folder: str, *suffixes: str) -> list[str]:
    """Paths relative to the corpora folder, for parametrize ids; open them via `corpora`."""
    root = CORPORA / folder
    return sorted(
        str(path.relative_to(CORPORA))
        for path in root.rglob("*")
        if path.is_file() and path.name.lower().endswith(suffixes)
    )


def value(found):
    return None if found is None else found.value


@pytest.fixture
def read_corpus_xml(corpora: Path):
    def read(relative: str) -> ExtractedInvoice:
        return read_einvoice(data=(corpora / relative).read_bytes())

    return read


def comparable(invoice: ExtractedInvoice) -> dict:
    """Every value an invoice carries, without the paths (which differ between syntaxes)."""
    return {
        "document_type": invoice.document_type,
        "type_code": value(invoice.type_code),
        "header": invoice.to_expected_dict() | {"lines": None},
        "payable_amount": value(invoice.payable_amount),
        "prepaid_amount": value(invoice.prepaid_amount),
        "payment_reference": value(invoice.payment_reference),
        "buyer": (value(invoice.buyer_name), value(invoice.buyer_vat_number)),
        "vat_breakdown": sorted(
            (
                value(row.category) or "",
                value(row.rate) or Decimal(0),
                value(row.taxable_amount),
                value(row.tax_amount),
            )
            for row in invoice.vat_breakdown
        ),
        "lines": [
            (
                value(line.item_code),
                value(line.description),
                value(line.quantity),
                value(line.unit),
                value(line.unit_price),
                value(line.amount),
                value(line.vat_rate),
                value(line.vat_category),
            )
            for line in invoice.lines
        ],
        "attachments": [(a.filename, a.mime_type, a.content) for a in invoice.attachments],
    }
