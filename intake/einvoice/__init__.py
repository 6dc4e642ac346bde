"""E-invoices read exactly: UBL 2.1 (Peppol BIS 3.0, SI-UBL 2.0) and UN/CEFACT CII (Factur-X).

    read_einvoice(data=xml_bytes)              -> ExtractedInvoice
    facturx.read_facturx(pdf_bytes=pdf_bytes)  -> ExtractedInvoice | None  (XML inside a PDF)

Everything that can go wrong with the input raises one of READ_ERRORS, each with a
plain-language ``message`` to put on the case; anything else is a bug.
"""

from enum import StrEnum

from django.utils.translation import gettext_noop
from lxml import etree

from exactbridge.helpers.messages import message
from exactbridge.helpers.safexml import MalformedXmlError, UnsafeXmlError, XmlError, parse_xml
from intake.einvoice import cii, ubl
from intake.einvoice._reader import EInvoiceError, NotAnEInvoice, UnreadablePdf
from intake.extracted import ExtractedInvoice

__all__ = [
    "READ_ERRORS",
    "EInvoiceError",
    "EInvoiceSyntax",
    "MalformedXmlError",
    "NotAnEInvoice",
    "UnreadablePdf",
    "UnsafeXmlError",
    "detect_format",
    "read_einvoice",
]

READ_ERRORS = (XmlError, EInvoiceError)

_ZUGFERD_1_NS = "urn:ferd:CrossIndustryDocument:invoice:1p0"


class EInvoiceSyntax(StrEnum):
    UBL_INVOICE = "ubl-invoice"
    UBL_CREDIT_NOTE = "ubl-credit-note"
    CII = "cii"


def detect_format(*, xml_bytes: bytes) -> EInvoiceSyntax:
    """Which e-invoice syntax `xml_bytes` is in; raises one of READ_ERRORS if none."""
    return _syntax(parse_xml(data=xml_bytes))


def read_einvoice(*, data: bytes) -> ExtractedInvoice:
    """Read an e-invoice XML document; raises one of READ_ERRORS on unusable input."""
    root = parse_xml(data=data)
    if _syntax(root) is EInvoiceSyntax.CII:
        return cii.read_cii(root=root)
    return ubl.read_ubl(root=root)


def _syntax(root: etree._Element) -> EInvoiceSyntax:
    qname = etree.QName(root)
    known = {
        (ubl.INVOICE_NS, "Invoice"): EInvoiceSyntax.UBL_INVOICE,
        (ubl.CREDIT_NOTE_NS, "CreditNote"): EInvoiceSyntax.UBL_CREDIT_NOTE,
        (cii.RSM, "CrossIndustryInvoice"): EInvoiceSyntax.CII,
    }
    syntax = known.get((qname.namespace, qname.localname))
    if syntax is not None:
        return syntax
    if qname.namespace == _ZUGFERD_1_NS:
        raise NotAnEInvoice(
            message(
                gettext_noop("This is a ZUGFeRD 1.0 invoice; that older format is not read yet.")
            )
        )
    raise NotAnEInvoice(
        message(
            gettext_noop(
                "This XML is not an e-invoice (its root element is %(root)s); expected a UBL "
                "Invoice or CreditNote, or a UN/CEFACT CrossIndustryInvoice."
            ),
            root=f"{{{qname.namespace}}}{qname.localname}" if qname.namespace else qname.localname,
        )
    )
