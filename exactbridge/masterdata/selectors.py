"""The lookups the processes make in the mirror. Every one is scoped to one administration and
returns live rows only (rows Exact deleted are kept as tombstones, see ``models.base``)."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

from django.db.models import F, Q, QuerySet

from exactbridge.administrations.models import Administration
from exactbridge.masterdata.models import (
    BankAccount,
    CostCenter,
    GLAccount,
    Item,
    OpenItem,
    PaymentCondition,
    PurchaseOrder,
    PurchaseOrderLine,
    Relation,
    SalesPriceAgreement,
    SyncState,
    VATCode,
)

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")


def compact(value: str | None) -> str:
    """A VAT number, IBAN or KvK number as the mirror stores it: upper case, letters and digits."""
    return _NOT_ALNUM.sub("", value or "").upper()


def _admin_id(administration: Administration | int) -> int:
    return getattr(administration, "pk", administration)


def relations_by_vat(administration: Administration | int, vat_number: str) -> QuerySet[Relation]:
    value = compact(vat_number)
    if not value:
        return Relation.objects.none()
    return Relation.objects.live().filter(
        administration_id=_admin_id(administration), vat_number=value
    )


def relations_by_kvk(administration: Administration | int, kvk_number: str) -> QuerySet[Relation]:
    value = compact(kvk_number)
    if not value:
        return Relation.objects.none()
    return Relation.objects.live().filter(
        administration_id=_admin_id(administration), kvk_number=value
    )


def relations_by_iban(administration: Administration | int, iban: str) -> QuerySet[Relation]:
    """Relations that have this IBAN as a (non-deleted) bank account in Exact."""
    admin_id = _admin_id(administration)
    owners = bank_accounts_by_iban(admin_id, iban).values("relation_exact_id")
    return Relation.objects.live().filter(administration_id=admin_id, exact_id__in=owners)


def relation_by_code(administration: Administration | int, code: str | int) -> Relation | None:
    return (
        Relation.objects.live()
        .filter(administration_id=_admin_id(administration), code=str(code).strip())
        .first()
    )


def relations_by_name(administration: Administration | int, name: str) -> QuerySet[Relation]:
    return Relation.objects.live().filter(
        administration_id=_admin_id(administration), name__icontains=name.strip()
    )


def bank_accounts_by_iban(administration: Administration | int, iban: str) -> QuerySet[BankAccount]:
    value = compact(iban)
    if not value:
        return BankAccount.objects.none()
    return BankAccount.objects.live().filter(
        administration_id=_admin_id(administration), iban=value
    )


def bank_accounts_of(
    administration: Administration | int, relation_exact_id: UUID
) -> QuerySet[BankAccount]:
    return BankAccount.objects.live().filter(
        administration_id=_admin_id(administration), relation_exact_id=relation_exact_id
    )


def purchase_order_by_number(
    administration: Administration | int, order_number: int
) -> PurchaseOrder | None:
    return (
        PurchaseOrder.objects.live()
        .filter(administration_id=_admin_id(administration), order_number=order_number)
        .first()
    )


def purchase_orders_of_supplier(
    administration: Administration | int, supplier_exact_id: UUID
) -> QuerySet[PurchaseOrder]:
    return PurchaseOrder.objects.live().filter(
        administration_id=_admin_id(administration), supplier_exact_id=supplier_exact_id
    )


def purchase_order_lines(order: PurchaseOrder) -> QuerySet[PurchaseOrderLine]:
    return order.lines.filter(deleted_at__isnull=True).order_by("line_number")


def gl_account_by_code(administration: Administration | int, code: str) -> GLAccount | None:
    return (
        GLAccount.objects.live()
        .filter(administration_id=_admin_id(administration), code=code.strip())
        .first()
    )


def vat_code_by_code(administration: Administration | int, code: str) -> VATCode | None:
    return (
        VATCode.objects.live()
        .filter(administration_id=_admin_id(administration), code=code.strip())
        .first()
    )


def active_cost_centers(administration: Administration | int) -> QuerySet[CostCenter]:
    return CostCenter.objects.live().filter(
        administration_id=_admin_id(administration), active=True
    )


def payment_condition_by_code(
    administration: Administration | int, code: str
) -> PaymentCondition | None:
    return (
        PaymentCondition.objects.live()
        .filter(administration_id=_admin_id(administration), code=code.strip())
        .first()
    )


def item_by_code(administration: Administration | int, code: str) -> Item | None:
    return (
        Item.objects.live()
        .filter(administration_id=_admin_id(administration), code=code.strip())
        .first()
    )


def sales_prices_for(
    administration: Administration | int,
    *,
    item_exact_id: UUID,
    customer_exact_id: UUID | None,
    on: date,
) -> QuerySet[SalesPriceAgreement]:
    """Prices valid on ``on``: the customer's agreements first, then the general prices, each by
    descending minimum quantity (the first row whose ``quantity_from`` is reached applies)."""
    rows = SalesPriceAgreement.objects.live().filter(
        administration_id=_admin_id(administration),
        item_exact_id=item_exact_id,
    )
    rows = rows.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
    rows = rows.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    customer = Q(customer_exact_id__isnull=True)
    if customer_exact_id is not None:
        customer |= Q(customer_exact_id=customer_exact_id)
    return rows.filter(customer).order_by(
        F("customer_exact_id").asc(nulls_last=True), "-quantity_from"
    )


def open_payables(
    administration: Administration | int, *, relation_exact_id: UUID | None = None
) -> QuerySet[OpenItem]:
    return _open_items(administration, OpenItem.Kind.PAYABLE, relation_exact_id)


def open_receivables(
    administration: Administration | int, *, relation_exact_id: UUID | None = None
) -> QuerySet[OpenItem]:
    return _open_items(administration, OpenItem.Kind.RECEIVABLE, relation_exact_id)


def _open_items(administration, kind: str, relation_exact_id: UUID | None) -> QuerySet[OpenItem]:
    rows = OpenItem.objects.live().filter(administration_id=_admin_id(administration), kind=kind)
    if relation_exact_id is not None:
        rows = rows.filter(relation_exact_id=relation_exact_id)
    return rows


def sync_states(administration: Administration | int) -> QuerySet[SyncState]:
    return SyncState.objects.filter(administration_id=_admin_id(administration))
