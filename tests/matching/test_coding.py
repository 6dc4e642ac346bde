"""Coding suggestions: order line first, then what people approved before, then defaults."""

import datetime as dt
from decimal import Decimal

from matching.coding import (
    ApprovedPosting,
    SupplierDefaults,
    learn,
    propose_posting,
    suggest_coding,
)
from matching.types import InvoiceLine, OrderLine
from tests.matching.builders import invoice, match, order

DAY = dt.date(2024, 5, 1)
LINE = InvoiceLine(1, "Copy paper A4 80g", Decimal(10), Decimal(5), "AB-1")
DEFAULTS = SupplierDefaults("ACME", "70", 14, {"gl_account": "4000", "vat_code": "21"})


def posted(gl, cost_center="100", item="AB-1", description="Copy paper A4 80g", corrected=False):
    coding = {"gl_account": gl, "vat_code": "21", "cost_center": cost_center}
    return ApprovedPosting("ACME", DAY, item, description, coding, corrected)


def test_the_matched_order_line_comes_first():
    order_line = OrderLine("4711", 1, "AB-1", "paper", Decimal(10), Decimal(5), gl_account="4600")
    memory = learn([posted("4500")] * 5)

    suggested = suggest_coding(
        supplier="ACME", line=LINE, order_line=order_line, memory=memory, defaults=DEFAULTS
    )

    assert suggested["gl_account"].value == "4600"
    assert suggested["gl_account"].source == "order"
    assert suggested["vat_code"].source == "history"  # the order line leaves it open


def test_history_for_the_item_says_how_often_with_a_confidence():
    memory = learn([posted("4500")] * 3 + [posted("4510")])

    suggested = suggest_coding(
        supplier="ACME", line=LINE, order_line=None, memory=memory, defaults=DEFAULTS
    )

    assert suggested["gl_account"].value == "4500"
    assert str(suggested["gl_account"].reason) == "approved 3 of 4 times for this supplier and item"
    assert 0 < suggested["gl_account"].confidence < 1


def test_a_like_description_is_used_when_the_item_code_is_missing():
    memory = learn(
        [posted("4500", item="", description="Copy paper A4 80g")] * 2
        + [posted("4300", item="", description="Hex bolt M8x40")] * 3
    )
    line = InvoiceLine(1, "copy papr A4 80g", Decimal(1), Decimal(5))

    suggested = suggest_coding(
        supplier="ACME", line=line, order_line=None, memory=memory, defaults=DEFAULTS
    )

    assert suggested["gl_account"].value == "4500"


def test_corrections_weigh_more_than_nods():
    memory = learn([posted("4500")] * 2 + [posted("4520", corrected=True)])

    suggested = suggest_coding(
        supplier="ACME", line=LINE, order_line=None, memory=memory, defaults=DEFAULTS
    )

    assert suggested["gl_account"].value == "4520"


def test_supplier_defaults_come_last():
    suggested = suggest_coding(
        supplier="ACME", line=LINE, order_line=None, memory=learn([]), defaults=DEFAULTS
    )

    assert suggested["gl_account"].value == "4000"
    assert suggested["gl_account"].source == "default"
    assert "cost_center" not in suggested


def test_learning_is_pure():
    history = [posted("4500"), posted("4510", corrected=True)]

    assert learn(history).tallies == learn(history).tallies


def test_posting_proposal_has_journal_due_date_and_coded_lines():
    inv = invoice([("AB-1", "Copy paper A4 80g", 10, "5.00")])
    result = match(inv, [order()])
    order_lines = {line.key: line for line in order().lines}

    proposal = propose_posting(
        invoice=inv, match=result, order_lines=order_lines, memory=learn([]), defaults=DEFAULTS
    )

    assert proposal.journal == "70"
    assert proposal.due_date == inv.date + dt.timedelta(days=14)
    assert proposal.total == Decimal("50.00")
    assert proposal.lines[0].coding["vat_code"].value == "21"
