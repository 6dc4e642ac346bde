"""After a person corrects the invoice's data, the checks judge the supplier and the match
again, and ``refresh_proposal`` keeps the proposal and the posting plan in step."""

from __future__ import annotations

import dataclasses
import random

from cases.editing import edit_case_fields
from cases.models import Case
from cases.proposals import refresh_proposal
from exactbridge.posting.models import Posting
from exactbridge.simulator.seed_data import vat_number
from tests.flow.conftest import FULLY_RECEIVED, check, invoice_for, order, read, supplier_of


def test_correcting_the_vat_number_identifies_the_supplier_and_plans_the_entry(synced, accountant):
    supplier = supplier_of(order(synced, FULLY_RECEIVED))
    invoice = invoice_for(synced, FULLY_RECEIVED, "INV-7001")
    wrong = dataclasses.replace(
        invoice,
        iban="",
        supplier=dataclasses.replace(
            invoice.supplier, vat_number=vat_number(random.Random("typo")), kvk_number="", name="X"
        ),
    )
    case = read(synced, wrong)
    assert case.status == Case.Status.NEEDS_REVIEW
    assert not Posting.objects.filter(case=case).exists()

    case = edit_case_fields(case=case, user=accountant, changes={"vat_number": supplier.vat_number})
    proposal = refresh_proposal(case=case)

    assert check(case, "supplier").severity == "ok"
    assert (
        check(case, "match").get_message_display().startswith(f"Matched to order {FULLY_RECEIVED}")
    )
    assert proposal.supplier == supplier
    assert Posting.objects.get(case=case).action["supplier"] == str(supplier.exact_id)
    assert case.checks.filter(code="match").count() == 1
