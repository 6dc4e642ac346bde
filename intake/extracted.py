"""What every extractor (e-invoice XML, PDF text, OCR) returns: values with confidence and origin.

Plain dataclasses, no Django models, so extractors stay pure and the pipeline decides what to
store. A field that the document does not carry is None, never an empty Field.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, Generic, TypeVar

from exactbridge.helpers.messages import Message

T = TypeVar("T")


@dataclass(frozen=True)
class Field(Generic[T]):
    """One extracted value.

    `confidence` runs from 0 to 1 (1.0 = read from structured data, no guessing). `source` says
    where it came from: an XML path such as
    "/Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID", or for
    page-based extractors "page 1, box x,y,w,h".
    """

    value: T
    confidence: float
    source: str


class DocumentType(StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


@dataclass(frozen=True)
class VatSubtotal:
    """One row of the VAT breakdown: per rate and category."""

    rate: Field[Decimal] | None
    category: Field[str] | None
    taxable_amount: Field[Decimal] | None
    tax_amount: Field[Decimal] | None


@dataclass(frozen=True)
class Attachment:
    """A file carried inside the document, e.g. the PDF rendition of a UBL invoice."""

    filename: str
    mime_type: str
    content: bytes
    source: str


@dataclass
class ExtractedLine:
    line_id: Field[str] | None = None
    item_code: Field[str] | None = None
    description: Field[str] | None = None
    quantity: Field[Decimal] | None = None
    unit: Field[str] | None = None
    # The price for `price_base_quantity` units (1 when absent), as printed.
    unit_price: Field[Decimal] | None = None
    price_base_quantity: Field[Decimal] | None = None
    amount: Field[Decimal] | None = None
    vat_rate: Field[Decimal] | None = None
    vat_category: Field[str] | None = None


@dataclass
class ExtractedInvoice:
    """The invoice as read. Amounts are Decimal and kept as printed (credit notes included)."""

    format_name: str
    document_type: DocumentType = DocumentType.INVOICE
    type_code: Field[str] | None = None
    supplier_name: Field[str] | None = None
    vat_number: Field[str] | None = None
    kvk_number: Field[str] | None = None
    iban: Field[str] | None = None
    invoice_number: Field[str] | None = None
    invoice_date: Field[datetime.date] | None = None
    due_date: Field[datetime.date] | None = None
    currency: Field[str] | None = None
    line_total: Field[Decimal] | None = None
    allowance_total: Field[Decimal] | None = None
    charge_total: Field[Decimal] | None = None
    net_total: Field[Decimal] | None = None
    vat_total: Field[Decimal] | None = None
    gross_total: Field[Decimal] | None = None
    prepaid_amount: Field[Decimal] | None = None
    payable_amount: Field[Decimal] | None = None
    vat_breakdown: list[VatSubtotal] = field(default_factory=list)
    po_number: Field[str] | None = None
    payment_reference: Field[str] | None = None
    buyer_name: Field[str] | None = None
    buyer_vat_number: Field[str] | None = None
    lines: list[ExtractedLine] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    # What the reader found wrong or missing in what it read: each sends the case to review.
    warnings: list[Message] = field(default_factory=list)
    # What people should know but need not review (an embedded file skipped, a field filled in
    # from the page): shown with the case's status.
    notes: list[Message] = field(default_factory=list)

    def to_expected_dict(self) -> dict[str, Any]:
        """The values in the keys of corpora/README.md's expected-results format.

        Dates become ISO strings, amounts stay Decimal; absent values are left out, as the
        evaluation counts only keys that are present.
        """
        header = {
            "issuer": self.supplier_name,
            "vat_number": self.vat_number,
            "kvk_number": self.kvk_number,
            "iban": self.iban,
            "invoice_number": self.invoice_number,
            "po_number": self.po_number,
            "date": self.invoice_date,
            "due_date": self.due_date,
            "currency": self.currency,
            "amount": self.gross_total,
            "amount_untaxed": self.net_total,
            "amount_tax": self.vat_total,
        }
        result: dict[str, Any] = _plain(header)
        result["lines"] = [
            _plain(
                {
                    "description": line.description,
                    "quantity": line.quantity,
                    "unit_price": line.unit_price,
                    "amount": line.amount,
                    "vat_rate": line.vat_rate,
                }
            )
            for line in self.lines
        ]
        return result


def _plain(fields: dict[str, Field[Any] | None]) -> dict[str, Any]:
    plain: dict[str, Any] = {}
    for key, found in fields.items():
        if found is None:
            continue
        value = found.value
        plain[key] = value.isoformat() if isinstance(value, datetime.date) else value
    return plain
