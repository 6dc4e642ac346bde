"""The purchase-invoice flow against the simulator: an administration connected to it, with its
master data mirrored by a full sync, and UBL invoices built from what the mirror holds."""

from __future__ import annotations

import pytest

from cases.models import Case
from exactbridge.demo.ubl import Party, UblInvoice, build_ubl, invoice_for_order
from exactbridge.masterdata.models import PurchaseOrder, Relation
from exactbridge.online.sync import sync_administration
from intake.models import Document
from intake.pipeline import read_case_document
from intake.services import receive_document
from tests.masterdata.conftest import connected  # noqa: F401
from tests.online.conftest import admin, sim, sim_config, simulator_store  # noqa: F401

US = Party("Acme B.V.", "NL001234567B01")
# Seeded orders (exactbridge.simulator.seed_documents): every third order is received in full,
# the next one half of its first line, the third not at all.
FULLY_RECEIVED, PARTLY_RECEIVED, NOT_RECEIVED = 1, 2, 3


@pytest.fixture
def synced(connected, administration):  # noqa: F811
    """The administration with its mirror filled by a full sync of the simulator."""
    results = sync_administration(administration=administration, full=True)
    assert not [r for r in results if r.error], results
    return administration


def order(administration, number: int) -> PurchaseOrder:
    return PurchaseOrder.objects.live().get(administration=administration, order_number=number)


def supplier_of(order: PurchaseOrder) -> Relation:
    return Relation.objects.live().get(
        administration_id=order.administration_id, exact_id=order.supplier_exact_id
    )


def invoice_for(administration, number: int, invoice_number: str, **options) -> UblInvoice:
    return invoice_for_order(
        order(administration, number), number=invoice_number, customer=US, **options
    )


def read(administration, invoice: UblInvoice) -> Case:
    """The invoice received as an e-invoice and read through the whole pipeline."""
    case = receive_document(
        administration=administration,
        data=build_ubl(invoice),
        filename=f"{invoice.number}.xml",
        channel=Document.Channel.COMMAND,
    )
    return read_case_document(case_id=case.pk)


def check(case: Case, code: str):
    return case.checks.get(code=code)
