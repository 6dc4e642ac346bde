"""Read UN/CEFACT Cross Industry Invoice D16B (Factur-X, ZUGFeRD 2.x, XRechnung CII) exactly."""

from django.utils.translation import gettext_noop
from lxml import etree

from exactbridge.helpers.messages import message
from intake.einvoice._reader import XmlReader, is_text_line, item_text
from intake.einvoice.ubl import CREDIT_NOTE_CODES, KVK_SCHEME
from intake.extracted import DocumentType, ExtractedInvoice, ExtractedLine, VatSubtotal

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
NAMESPACES = {"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT}
PREFIXES = {RSM: "rsm", RAM: "ram", UDT: "udt", QDT: "qdt"}


def read_cii(*, root: etree._Element) -> ExtractedInvoice:
    """Read a parsed rsm:CrossIndustryInvoice root element. Missing values stay None."""
    r = XmlReader(root=root, namespaces=NAMESPACES, prefixes=PREFIXES)
    guideline = r.text(
        root, "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"
    )
    document = r.first(root, "rsm:ExchangedDocument")
    transaction = r.first(root, "rsm:SupplyChainTradeTransaction")
    agreement = r.first(transaction, "ram:ApplicableHeaderTradeAgreement")
    settlement = r.first(transaction, "ram:ApplicableHeaderTradeSettlement")
    seller = r.first(agreement, "ram:SellerTradeParty")
    buyer = r.first(agreement, "ram:BuyerTradeParty")
    sums = r.first(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    type_code = r.text(document, "ram:TypeCode")
    currency = r.text(settlement, "ram:InvoiceCurrencyCode")
    if transaction is None:
        r.warn(
            message(
                gettext_noop(
                    "The CII document has no SupplyChainTradeTransaction; it carries no invoice "
                    "data."
                )
            )
        )
    invoice = ExtractedInvoice(
        format_name=format_name(guideline=guideline and guideline.value),
        document_type=(
            DocumentType.CREDIT_NOTE
            if type_code is not None and type_code.value in CREDIT_NOTE_CODES
            else DocumentType.INVOICE
        ),
        type_code=type_code,
        supplier_name=r.text(seller, "ram:Name"),
        vat_number=_vat_number(r, seller),
        kvk_number=r.text(
            seller, "ram:SpecifiedLegalOrganization/ram:ID[@schemeID=$scheme]", scheme=KVK_SCHEME
        ),
        iban=r.text(
            settlement,
            "ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID",
            "ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount"
            "/ram:ProprietaryID",
        ),
        invoice_number=r.text(document, "ram:ID"),
        invoice_date=r.cii_date(document, "ram:IssueDateTime/udt:DateTimeString"),
        due_date=r.cii_date(
            settlement, "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString"
        ),
        currency=currency,
        line_total=r.decimal(sums, "ram:LineTotalAmount"),
        allowance_total=r.decimal(sums, "ram:AllowanceTotalAmount"),
        charge_total=r.decimal(sums, "ram:ChargeTotalAmount"),
        net_total=r.decimal(sums, "ram:TaxBasisTotalAmount"),
        vat_total=_vat_total(r, sums, currency and currency.value),
        gross_total=r.decimal(sums, "ram:GrandTotalAmount"),
        prepaid_amount=r.decimal(sums, "ram:TotalPrepaidAmount"),
        payable_amount=r.decimal(sums, "ram:DuePayableAmount"),
        vat_breakdown=[
            VatSubtotal(
                rate=r.decimal(tax, "ram:RateApplicablePercent"),
                category=r.text(tax, "ram:CategoryCode"),
                taxable_amount=r.decimal(tax, "ram:BasisAmount"),
                tax_amount=r.decimal(tax, "ram:CalculatedAmount"),
            )
            for tax in r.all(settlement, "ram:ApplicableTradeTax")
        ],
        po_number=r.text(agreement, "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"),
        payment_reference=r.text(settlement, "ram:PaymentReference"),
        buyer_name=r.text(buyer, "ram:Name"),
        buyer_vat_number=_vat_number(r, buyer),
        lines=[
            line
            for item in r.all(transaction, "ram:IncludedSupplyChainTradeLineItem")
            if not is_text_line(line := _line(r, item))
        ],
        attachments=[
            attachment
            for element in r.all(
                agreement, "ram:AdditionalReferencedDocument/ram:AttachmentBinaryObject"
            )
            if (attachment := r.binary(element, filename_attr="filename", mime_attr="mimeCode"))
        ],
    )
    invoice.warnings = r.warnings
    invoice.notes = r.notes
    return invoice


def format_name(*, guideline: str | None) -> str:
    """A readable name of the CII profile, from the guideline (specification) identifier."""
    spec = (guideline or "").lower()
    if "xrechnung" in spec:
        return "UN/CEFACT CII (XRechnung)"
    family = "ZUGFeRD" if "zugferd" in spec else "Factur-X"
    for marker, profile in (
        ("extended", "EXTENDED"),
        ("basicwl", "BASIC WL"),
        ("basic", "BASIC"),
        ("minimum", "MINIMUM"),
        ("en16931", "EN16931"),
    ):
        if marker in spec:
            return f"UN/CEFACT CII ({family} {profile})"
    return "UN/CEFACT CII"


def _vat_number(r: XmlReader, party):
    # schemeID "VA" is the VAT identifier; "FC" is the national tax number.
    return r.text(party, "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']")


def _vat_total(r: XmlReader, sums, currency: str | None):
    # TaxTotalAmount may appear twice: in the invoice currency and in the tax currency.
    if currency:
        found = r.decimal(sums, "ram:TaxTotalAmount[@currencyID=$cur]", cur=currency)
        if found is not None:
            return found
    return r.decimal(sums, "ram:TaxTotalAmount")


def _line(r: XmlReader, item) -> ExtractedLine:
    product = r.first(item, "ram:SpecifiedTradeProduct")
    net_price = r.first(item, "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice")
    quantity_xpath = "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity"
    line_tax = "ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax"
    identifiers = ["ram:SellerAssignedID", "ram:GlobalID", "ram:BuyerAssignedID"]
    return ExtractedLine(
        line_id=r.text(item, "ram:AssociatedDocumentLineDocument/ram:LineID"),
        item_code=r.text(product, *identifiers),
        description=item_text(
            r.text(product, "ram:Name"),
            r.text(product, "ram:Description"),
            codes={found.value for xpath in identifiers if (found := r.text(product, xpath))},
        ),
        quantity=r.decimal(item, quantity_xpath),
        unit=r.attribute(r.first(item, quantity_xpath), "unitCode"),
        unit_price=r.decimal(net_price, "ram:ChargeAmount"),
        price_base_quantity=r.decimal(net_price, "ram:BasisQuantity"),
        amount=r.decimal(
            item,
            "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation"
            "/ram:LineTotalAmount",
        ),
        vat_rate=r.decimal(item, f"{line_tax}/ram:RateApplicablePercent"),
        vat_category=r.text(item, f"{line_tax}/ram:CategoryCode"),
    )
