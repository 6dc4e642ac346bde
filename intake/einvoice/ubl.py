"""Read UBL 2.1 Invoice and CreditNote (Peppol BIS Billing 3.0, SI-UBL 2.0, EN 16931) exactly."""

from django.utils.translation import gettext_noop
from lxml import etree

from exactbridge.helpers.messages import message
from intake.einvoice._reader import XmlReader, is_text_line, item_text
from intake.extracted import DocumentType, ExtractedInvoice, ExtractedLine, VatSubtotal

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NAMESPACES = {"cac": CAC, "cbc": CBC}
PREFIXES = {INVOICE_NS: "", CREDIT_NOTE_NS: "", CAC: "cac", CBC: "cbc"}

# UNTDID 1001 codes that EN 16931 treats as credit notes.
CREDIT_NOTE_CODES = frozenset(
    {"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"}
)
KVK_SCHEME = "0106"


def read_ubl(*, root: etree._Element) -> ExtractedInvoice:
    """Read a parsed UBL Invoice or CreditNote root element. Missing values stay None."""
    r = XmlReader(root=root, namespaces=NAMESPACES, prefixes=PREFIXES)
    is_credit_note = etree.QName(root).namespace == CREDIT_NOTE_NS
    kind = "CreditNote" if is_credit_note else "Invoice"
    type_code = r.text(root, f"cbc:{kind}TypeCode")
    credit_code = type_code is not None and type_code.value in CREDIT_NOTE_CODES
    if is_credit_note and type_code is not None and not credit_code:
        r.warn(
            message(
                gettext_noop(
                    "This UBL CreditNote has type code %(code)s, which is not a credit-note code."
                ),
                code=type_code.value,
            )
        )
    customization = r.text(root, "cbc:CustomizationID")
    currency = r.text(root, "cbc:DocumentCurrencyCode")
    supplier = r.first(root, "cac:AccountingSupplierParty/cac:Party")
    customer = r.first(root, "cac:AccountingCustomerParty/cac:Party")
    totals = r.first(root, "cac:LegalMonetaryTotal")
    invoice = ExtractedInvoice(
        format_name=format_name(kind=kind, customization=customization and customization.value),
        document_type=(
            DocumentType.CREDIT_NOTE if is_credit_note or credit_code else DocumentType.INVOICE
        ),
        type_code=type_code,
        supplier_name=_party_name(r, supplier),
        vat_number=_vat_number(r, supplier),
        kvk_number=r.text(
            supplier,
            "cac:PartyLegalEntity/cbc:CompanyID[@schemeID=$scheme]",
            "cac:PartyIdentification/cbc:ID[@schemeID=$scheme]",
            "cbc:EndpointID[@schemeID=$scheme]",
            scheme=KVK_SCHEME,
        ),
        iban=r.text(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID"),
        invoice_number=r.text(root, "cbc:ID"),
        invoice_date=r.iso_date(root, "cbc:IssueDate"),
        # UBL 2.1 CreditNote has no DueDate; Peppol puts it on the payment means.
        due_date=r.iso_date(root, "cbc:DueDate", "cac:PaymentMeans/cbc:PaymentDueDate"),
        currency=currency,
        line_total=r.decimal(totals, "cbc:LineExtensionAmount"),
        allowance_total=r.decimal(totals, "cbc:AllowanceTotalAmount"),
        charge_total=r.decimal(totals, "cbc:ChargeTotalAmount"),
        net_total=r.decimal(totals, "cbc:TaxExclusiveAmount"),
        vat_total=_vat_total(r, currency and currency.value),
        gross_total=r.decimal(totals, "cbc:TaxInclusiveAmount"),
        prepaid_amount=r.decimal(totals, "cbc:PrepaidAmount"),
        payable_amount=r.decimal(totals, "cbc:PayableAmount"),
        vat_breakdown=_vat_breakdown(r),
        po_number=r.text(root, "cac:OrderReference/cbc:ID"),
        payment_reference=r.text(root, "cac:PaymentMeans/cbc:PaymentID"),
        buyer_name=_party_name(r, customer),
        buyer_vat_number=_vat_number(r, customer),
        lines=[
            line
            for element in r.all(root, f"cac:{kind}Line")
            if not is_text_line(line := _line(r, element, kind))
        ],
        attachments=[
            attachment
            for element in r.all(
                root,
                "cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject",
            )
            if (attachment := r.binary(element, filename_attr="filename", mime_attr="mimeCode"))
        ],
    )
    invoice.warnings = r.warnings
    invoice.notes = r.notes
    return invoice


def format_name(*, kind: str, customization: str | None) -> str:
    """A readable name of the UBL flavour, from the CustomizationID."""
    spec = (customization or "").lower()
    if "nlcius" in spec:
        return "SI-UBL 2.0"
    if "simplerinvoicing" in spec:
        return "SI-UBL 1.x"
    if "xrechnung" in spec:
        return f"UBL 2.1 {kind} / XRechnung"
    if "peppol.eu:2017:poacc:billing:3.0" in spec:
        return f"UBL 2.1 {kind} / Peppol BIS 3.0"
    if "en16931" in spec:
        return f"UBL 2.1 {kind} / EN 16931"
    return f"UBL 2.1 {kind}"


def _party_name(r: XmlReader, party):
    # The legal name (BT-27) is what EN 16931 requires; the trading name is the fallback.
    return r.text(party, "cac:PartyLegalEntity/cbc:RegistrationName", "cac:PartyName/cbc:Name")


def _vat_number(r: XmlReader, party):
    return r.text(
        party, "cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID)='VAT']/cbc:CompanyID"
    )


def _vat_total(r: XmlReader, currency: str | None):
    # A second TaxTotal may state the VAT in the tax currency; the one in the document
    # currency is the invoice's VAT total (BT-110).
    if currency:
        found = r.decimal(r.root, "cac:TaxTotal/cbc:TaxAmount[@currencyID=$cur]", cur=currency)
        if found is not None:
            return found
    return r.decimal(
        r.root, "cac:TaxTotal[cac:TaxSubtotal]/cbc:TaxAmount", "cac:TaxTotal/cbc:TaxAmount"
    )


def _vat_breakdown(r: XmlReader) -> list[VatSubtotal]:
    return [
        VatSubtotal(
            rate=r.decimal(subtotal, "cac:TaxCategory/cbc:Percent"),
            category=r.text(subtotal, "cac:TaxCategory/cbc:ID"),
            taxable_amount=r.decimal(subtotal, "cbc:TaxableAmount"),
            tax_amount=r.decimal(subtotal, "cbc:TaxAmount"),
        )
        for subtotal in r.all(r.root, "cac:TaxTotal/cac:TaxSubtotal")
    ]


def _line(r: XmlReader, line, kind: str) -> ExtractedLine:
    quantity_xpath = "cbc:CreditedQuantity" if kind == "CreditNote" else "cbc:InvoicedQuantity"
    item = r.first(line, "cac:Item")
    identifiers = [
        "cac:SellersItemIdentification/cbc:ID",
        "cac:StandardItemIdentification/cbc:ID",
        "cac:BuyersItemIdentification/cbc:ID",
    ]
    return ExtractedLine(
        line_id=r.text(line, "cbc:ID"),
        item_code=r.text(item, *identifiers),
        description=item_text(
            r.text(item, "cbc:Name"),
            r.text(item, "cbc:Description"),
            codes={found.value for xpath in identifiers if (found := r.text(item, xpath))},
        ),
        quantity=r.decimal(line, quantity_xpath),
        unit=r.attribute(r.first(line, quantity_xpath), "unitCode"),
        unit_price=r.decimal(line, "cac:Price/cbc:PriceAmount"),
        price_base_quantity=r.decimal(line, "cac:Price/cbc:BaseQuantity"),
        amount=r.decimal(line, "cbc:LineExtensionAmount"),
        vat_rate=r.decimal(item, "cac:ClassifiedTaxCategory/cbc:Percent"),
        vat_category=r.text(item, "cac:ClassifiedTaxCategory/cbc:ID"),
    )
