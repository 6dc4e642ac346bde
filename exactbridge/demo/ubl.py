"""UBL 2.1 invoices (Peppol BIS Billing 3.0) for the demo, built with lxml.

``build_ubl`` writes one invoice or credit note from a plain description; ``invoice_for_order``
describes the invoice a supplier would send for one of its purchase orders in the mirror, with
amounts and VAT that add up, so the demo (and the tests) read real e-invoices end to end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from lxml import etree

from exactbridge.masterdata.models import BankAccount, Item, PurchaseOrder, Relation

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
PEPPOL = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
CENT = Decimal("0.01")
# Exact's units as UN/ECE Recommendation 20 codes.
UNIT_CODES = {"pc": "C62", "box": "BX", "m": "MTR", "kg": "KGM", "l": "LTR", "h": "HUR"}


@dataclass(frozen=True)
class Party:
    name: str
    vat_number: str = ""
    kvk_number: str = ""
    city: str = ""


@dataclass(frozen=True)
class UblLine:
    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal = Decimal("21")
    item_code: str = ""
    unit: str = "C62"

    @property
    def amount(self) -> Decimal:
        return _money(self.quantity * self.unit_price)


@dataclass(frozen=True)
class UblInvoice:
    number: str
    issue_date: dt.date
    supplier: Party
    customer: Party
    lines: tuple[UblLine, ...]
    iban: str = ""
    order_reference: str = ""
    due_date: dt.date | None = None
    currency: str = "EUR"
    credit_note: bool = False
    notes: tuple[str, ...] = field(default=())


def build_ubl(invoice: UblInvoice) -> bytes:
    kind = "CreditNote" if invoice.credit_note else "Invoice"
    root = etree.Element(
        _q(CREDIT_NOTE_NS if invoice.credit_note else INVOICE_NS, kind),
        nsmap={
            None: CREDIT_NOTE_NS if invoice.credit_note else INVOICE_NS,
            "cac": CAC,
            "cbc": CBC,
        },
    )
    _cbc(root, "CustomizationID", PEPPOL)
    _cbc(root, "ProfileID", "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0")
    _cbc(root, "ID", invoice.number)
    _cbc(root, "IssueDate", invoice.issue_date.isoformat())
    if invoice.due_date and not invoice.credit_note:
        _cbc(root, "DueDate", invoice.due_date.isoformat())
    _cbc(root, f"{kind}TypeCode", "381" if invoice.credit_note else "380")
    for note in invoice.notes:
        _cbc(root, "Note", note)
    _cbc(root, "DocumentCurrencyCode", invoice.currency)
    if invoice.order_reference:
        _cbc(_cac(root, "OrderReference"), "ID", invoice.order_reference)
    _party(_cac(root, "AccountingSupplierParty"), invoice.supplier)
    _party(_cac(root, "AccountingCustomerParty"), invoice.customer)
    if invoice.iban:
        means = _cac(root, "PaymentMeans")
        _cbc(means, "PaymentMeansCode", "58")
        if invoice.due_date and invoice.credit_note:
            _cbc(means, "PaymentDueDate", invoice.due_date.isoformat())
        _cbc(means, "PaymentID", invoice.number)
        _cbc(_cac(means, "PayeeFinancialAccount"), "ID", invoice.iban)

    rates: dict[Decimal, Decimal] = {}
    for line in invoice.lines:
        rates[line.vat_rate] = rates.get(line.vat_rate, Decimal(0)) + line.amount
    vat = {rate: _money(base * rate / 100) for rate, base in rates.items()}
    tax_total = _cac(root, "TaxTotal")
    _amount(tax_total, "TaxAmount", sum(vat.values(), Decimal(0)), invoice.currency)
    for rate, base in rates.items():
        subtotal = _cac(tax_total, "TaxSubtotal")
        _amount(subtotal, "TaxableAmount", base, invoice.currency)
        _amount(subtotal, "TaxAmount", vat[rate], invoice.currency)
        _category(_cac(subtotal, "TaxCategory"), rate)
    net = sum((line.amount for line in invoice.lines), Decimal(0))
    gross = net + sum(vat.values(), Decimal(0))
    totals = _cac(root, "LegalMonetaryTotal")
    _amount(totals, "LineExtensionAmount", net, invoice.currency)
    _amount(totals, "TaxExclusiveAmount", net, invoice.currency)
    _amount(totals, "TaxInclusiveAmount", gross, invoice.currency)
    _amount(totals, "PayableAmount", gross, invoice.currency)

    quantity_name = "CreditedQuantity" if invoice.credit_note else "InvoicedQuantity"
    for number, line in enumerate(invoice.lines, start=1):
        row = _cac(root, f"{kind}Line")
        _cbc(row, "ID", str(number))
        _cbc(row, quantity_name, _plain(line.quantity), unitCode=line.unit)
        _amount(row, "LineExtensionAmount", line.amount, invoice.currency)
        item = _cac(row, "Item")
        _cbc(item, "Name", line.description)
        if line.item_code:
            _cbc(_cac(item, "BuyersItemIdentification"), "ID", line.item_code)
        _category(_cac(item, "ClassifiedTaxCategory"), line.vat_rate)
        _amount(_cac(row, "Price"), "PriceAmount", line.unit_price, invoice.currency, places=4)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- invoices from the mirror ------------------------------------------------------------------
def supplier_party(relation: Relation) -> Party:
    return Party(relation.name, relation.vat_number, relation.kvk_number, relation.city)


def main_iban(relation: Relation) -> str:
    accounts = BankAccount.objects.live().filter(
        administration_id=relation.administration_id, relation_exact_id=relation.exact_id
    )
    main = accounts.order_by("-is_main", "iban").first()
    return main.iban if main else ""


def invoice_for_order(
    order: PurchaseOrder,
    *,
    number: str,
    customer: Party,
    issue_date: dt.date | None = None,
    price_factor: Decimal = Decimal(1),
    received_only: bool = True,
    with_reference: bool = True,
) -> UblInvoice:
    """The invoice the order's supplier sends: its lines at the order price (times
    ``price_factor``), for what was received (or ordered), quoting the order number."""
    supplier = Relation.objects.live().get(
        administration_id=order.administration_id, exact_id=order.supplier_exact_id
    )
    rows = list(order.lines.filter(deleted_at__isnull=True).order_by("line_number"))
    items = {
        item.exact_id: item
        for item in Item.objects.filter(
            administration_id=order.administration_id,
            exact_id__in=[row.item_exact_id for row in rows],
        )
    }
    lines = []
    for row in rows:
        quantity = row.received_quantity if received_only else row.quantity
        if not quantity:
            continue
        item = items.get(row.item_exact_id)
        price = (row.net_price or row.unit_price or Decimal(0)) * price_factor
        lines.append(
            UblLine(
                description=row.description or (item.description if item else row.item_code),
                quantity=quantity.normalize(),
                unit_price=price.quantize(Decimal("0.0001")),
                item_code=row.item_code,
                unit=UNIT_CODES.get(item.unit if item else "pc", "C62"),
            )
        )
    issued = issue_date or (order.order_date or dt.date.today()) + dt.timedelta(days=14)
    return UblInvoice(
        number=number,
        issue_date=issued,
        supplier=supplier_party(supplier),
        customer=customer,
        lines=tuple(lines),
        iban=main_iban(supplier),
        order_reference=str(order.order_number) if with_reference else "",
        due_date=issued + dt.timedelta(days=30),
    )


# --- XML helpers -------------------------------------------------------------------------------
def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _cac(parent, name: str):
    return etree.SubElement(parent, _q(CAC, name))


def _cbc(parent, name: str, text: str, **attributes):
    element = etree.SubElement(parent, _q(CBC, name), **attributes)
    element.text = text
    return element


def _amount(parent, name: str, value: Decimal, currency: str, *, places: int = 2):
    quantum = Decimal(1).scaleb(-places)
    return _cbc(parent, name, str(value.quantize(quantum)), currencyID=currency)


def _category(parent, rate: Decimal) -> None:
    _cbc(parent, "ID", "S" if rate else "Z")
    _cbc(parent, "Percent", _plain(rate))
    _cbc(_cac(parent, "TaxScheme"), "ID", "VAT")


def _party(parent, party: Party) -> None:
    node = _cac(parent, "Party")
    _cbc(_cac(node, "PartyName"), "Name", party.name)
    address = _cac(node, "PostalAddress")
    if party.city:
        _cbc(address, "CityName", party.city)
    _cbc(_cac(address, "Country"), "IdentificationCode", "NL")
    if party.vat_number:
        scheme = _cac(node, "PartyTaxScheme")
        _cbc(scheme, "CompanyID", party.vat_number)
        _cbc(_cac(scheme, "TaxScheme"), "ID", "VAT")
    legal = _cac(node, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", party.name)
    if party.kvk_number:
        _cbc(legal, "CompanyID", party.kvk_number, schemeID="0106")


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"
