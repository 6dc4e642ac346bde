"""Two relations that fit the same evidence: the supplier stays unidentified, with both named,
unless further evidence on the invoice picks out one of them."""

from __future__ import annotations

import dataclasses
import uuid

from django.utils import timezone

from cases.models import Case
from exactbridge.masterdata.models import Relation
from exactbridge.posting.models import Posting
from tests.flow.conftest import FULLY_RECEIVED, check, invoice_for, order, read, supplier_of


def twin_of(relation: Relation) -> Relation:
    """A second supplier in Exact with the same VAT number (a branch, or a data-entry slip)."""
    return Relation.objects.create(
        administration_id=relation.administration_id,
        exact_id=uuid.uuid4(),
        code="2999",
        name=f"{relation.name} (filiaal)",
        is_supplier=True,
        vat_number=relation.vat_number,
        seen_at=timezone.now(),
    )


def test_two_relations_with_the_vat_number_and_nothing_else_leave_it_to_a_person(synced):
    supplier = supplier_of(order(synced, FULLY_RECEIVED))
    twin = twin_of(supplier)
    invoice = dataclasses.replace(invoice_for(synced, FULLY_RECEIVED, "INV-4001"), iban="")
    invoice = dataclasses.replace(
        invoice, supplier=dataclasses.replace(invoice.supplier, kvk_number="", name="Anders")
    )

    case = read(synced, invoice)

    assert case.status == Case.Status.NEEDS_REVIEW
    found = check(case, "supplier")
    assert found.severity == "warning"
    assert (
        f"2 relations in Exact fit VAT number {supplier.vat_number}" in found.get_message_display()
    )
    assert f"{supplier.code} {supplier.name}" in found.get_message_display()
    assert f"2999 {twin.name}" in found.get_message_display()
    assert case.proposal.supplier is None
    assert not Posting.objects.filter(case=case).exists()


def test_the_iban_picks_out_one_of_two_relations_with_the_vat_number(synced):
    supplier = supplier_of(order(synced, FULLY_RECEIVED))
    twin_of(supplier)

    case = read(synced, invoice_for(synced, FULLY_RECEIVED, "INV-4002"))

    assert case.proposal.supplier == supplier
    assert " by VAT number " in check(case, "supplier").get_message_display()
    assert " and IBAN " in check(case, "supplier").get_message_display()
    assert case.status == Case.Status.READY_FOR_APPROVAL, case.status_reason
