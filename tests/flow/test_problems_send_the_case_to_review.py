"""What needs a person: an unknown supplier, a changed IBAN, an invoice booked already, a price
above the tolerance, an order not yet received. Each says why in plain words."""

from __future__ import annotations

import dataclasses
import random
from decimal import Decimal

from cases.models import Case
from exactbridge.demo.ubl import Party, UblInvoice, UblLine
from exactbridge.masterdata.models import OpenItem, Relation
from exactbridge.posting.models import Posting
from exactbridge.simulator.seed_data import iban, vat_number
from tests.flow.conftest import (
    FULLY_RECEIVED,
    NOT_RECEIVED,
    US,
    check,
    invoice_for,
    read,
)


def test_an_unknown_supplier_is_not_identified_and_says_what_was_looked_for(synced):
    unknown_vat = vat_number(random.Random("nobody"))
    invoice = UblInvoice(
        number="X-1",
        issue_date=invoice_for(synced, FULLY_RECEIVED, "-").issue_date,
        supplier=Party("Nieuw Bedrijf B.V.", unknown_vat, "99999999"),
        customer=US,
        lines=(UblLine("Advies", Decimal(2), Decimal("95.00")),),
    )

    case = read(synced, invoice)

    assert case.status == Case.Status.NEEDS_REVIEW
    assert f"No relation in Exact has VAT number {unknown_vat}" in case.get_status_reason_display()
    assert "KvK number 99999999" in case.get_status_reason_display()
    assert check(case, "supplier").severity == "warning"
    assert not case.checks.filter(code="match").exists()
    assert case.proposal.supplier is None
    assert not Posting.objects.filter(case=case).exists()


def test_a_changed_iban_is_a_fraud_warning(synced):
    invoice = dataclasses.replace(
        invoice_for(synced, FULLY_RECEIVED, "INV-3001"), iban=iban(random.Random("fraud"))
    )

    case = read(synced, invoice)

    assert case.status == Case.Status.NEEDS_REVIEW
    found = check(case, "iban_known")
    assert found.severity == "warning"
    assert found.get_message_display().startswith("Possible fraud: IBAN")
    assert "by phone" in found.get_message_display()


def test_an_invoice_number_booked_already_is_an_error(synced):
    booked = OpenItem.objects.filter(administration=synced, kind="payable").first()
    supplier = Relation.objects.get(administration=synced, exact_id=booked.relation_exact_id)
    invoice = UblInvoice(
        number=booked.your_ref,
        issue_date=booked.invoice_date,
        supplier=Party(supplier.name, supplier.vat_number),
        customer=US,
        lines=(UblLine("Factuurregel", Decimal(1), Decimal("100.00")),),
    )

    case = read(synced, invoice)

    assert case.status == Case.Status.NEEDS_REVIEW
    found = check(case, "not_booked")
    assert found.severity == "error"
    assert f"Invoice {booked.your_ref} of {supplier.name} is already booked in Exact" in (
        found.get_message_display()
    )


def test_a_price_above_the_tolerance_is_an_exception_in_plain_words(synced):
    case = read(
        synced, invoice_for(synced, FULLY_RECEIVED, "INV-3002", price_factor=Decimal("1.03"))
    )

    assert case.status == Case.Status.NEEDS_REVIEW
    found = check(case, "match")
    assert found.severity == "warning"
    assert found.get_message_display().startswith(
        f"Not matched to order {FULLY_RECEIVED}: line 1: price 3.0% above order; "
        "line 2: price 3.0% above order"
    )
    assert case.proposal.match_status == "exception"
    assert "price 3.0% above order" in case.get_status_reason_display()


def test_a_price_within_the_administrations_tolerances_is_matched_and_says_by_how_much(synced):
    synced.price_tolerance_amount = Decimal("500")
    synced.total_tolerance_amount = Decimal("1000")
    synced.save()

    case = read(
        synced, invoice_for(synced, FULLY_RECEIVED, "INV-3003", price_factor=Decimal("1.01"))
    )

    assert case.status == Case.Status.READY_FOR_APPROVAL, case.get_status_reason_display()
    found = check(case, "match")
    assert found.severity == "info"
    assert found.get_message_display().startswith(
        f"Matched to order {FULLY_RECEIVED} within tolerance: line 1: price 1.0% above order"
    )


def test_an_order_not_yet_received_cannot_be_invoiced_in_three_way_mode(synced):
    case = read(synced, invoice_for(synced, NOT_RECEIVED, "INV-3004", received_only=False))

    assert case.status == Case.Status.NEEDS_REVIEW
    assert "no receipt yet" in check(case, "match").get_message_display()


def test_two_way_mode_matches_against_the_order_alone(synced):
    synced.receipts_required = False
    synced.save()

    case = read(synced, invoice_for(synced, NOT_RECEIVED, "INV-3005", received_only=False))

    assert case.status == Case.Status.READY_FOR_APPROVAL, case.get_status_reason_display()
    assert check(case, "match").get_message_display() == (
        f"Matched to order {NOT_RECEIVED} (two-way: goods receipts are not required)."
    )


def test_an_administration_is_created_with_its_own_tolerances(db):
    from exactbridge.administrations.services import create_administration

    created = create_administration(
        code="strict", name="Strict B.V.", price_tolerance_percent=Decimal("0.5"),
        receipts_required=False,
    )  # fmt: skip

    created.refresh_from_db()
    assert (created.price_tolerance_percent, created.receipts_required) == (Decimal("0.5"), False)
    assert created.total_tolerance_amount == Decimal("50")
