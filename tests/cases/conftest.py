"""Builders for cases at a given point of their life, through the real transitions."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from cases.models import Case
from cases.services import CheckResult, open_case, record_checks
from cases.transitions import finish_reading, start_reading
from exactbridge.administrations.services import get_coworker, grant_membership
from tests import factories


def make_case(
    administration,
    *,
    total: str | None = "100.00",
    supplier: str = "Leverancier B.V.",
    number: str = "F-1",
    date: datetime.date | None = datetime.date(2025, 3, 1),
    review: bool = False,
    problems: bool = False,
) -> Case:
    """A case that was read: ready for approval, or (``review``) waiting for review."""
    case = open_case(administration=administration)
    start_reading(case)
    if problems:
        record_checks(case=case, results=[CheckResult("iban", "warning", "IBAN unknown")])
    else:
        record_checks(case=case, results=[CheckResult("lines_add_up", "ok", "Lines add up")])
    return finish_reading(
        case,
        needs_review=review,
        fields={
            "total_amount": Decimal(total) if total is not None else None,
            "supplier_name": supplier,
            "invoice_number": number,
            "document_date": date,
            "currency": "EUR",
        },
    )


@pytest.fixture
def ready_case(administration):
    return make_case(administration)


@pytest.fixture
def big_case(administration):
    """Above the administration's two-approver threshold (set by ``four_eyes``)."""
    return make_case(administration, total="20000.00", number="F-BIG")


@pytest.fixture
def four_eyes(administration):
    administration.four_eyes_threshold = Decimal("10000")
    administration.save(update_fields=["four_eyes_threshold"])
    return administration


@pytest.fixture
def second_approver(administration):
    return factories.make_member(
        administration, "admin", username="second", approval_limit=Decimal("100000")
    )


@pytest.fixture
def coworker(administration):
    coworker = get_coworker()
    grant_membership(
        administration=administration,
        user=coworker,
        role="accountant",
        approval_limit=Decimal("100000"),
    )
    return coworker


def mark_edited(case: Case, user) -> None:
    """What inline editing will record when ``user`` changes the case's data."""
    from exactbridge.audit.services import record_event

    record_event(
        action="case.edited",
        actor=user,
        administration=case.administration,
        target=case,
        before={"invoice_number": case.invoice_number},
        after={"invoice_number": case.invoice_number + "-corrected"},
    )
