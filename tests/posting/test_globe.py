"""Exact Globe has no posting backend yet: its cases are refused clearly, never half-posted."""

from __future__ import annotations

import pytest

from cases.models import Case
from exactbridge.administrations.models import Administration
from exactbridge.posting.backends import PostingUnavailable
from exactbridge.posting.services import plan_posting, post_case
from tests import factories
from tests.posting.conftest import Demo, purchase_action, ready_to_post


@pytest.fixture
def globe(db):
    return factories.make_administration(code="globe", kind=Administration.Kind.GLOBE)


def test_planning_a_globe_posting_is_refused(globe):
    from cases.services import open_case

    case = open_case(administration=globe)

    with pytest.raises(PostingUnavailable, match="Exact Globe posting is not available yet"):
        plan_posting(case=case, action=purchase_action(Demo(supplier="s", gl_account="g"), "F"))


def test_a_globe_case_ready_to_post_fails_with_the_reason(globe):
    approver = factories.make_member(globe, "accountant", username="g", approval_limit=1000)
    case = ready_to_post(globe, approver, data=None, action=None)

    assert post_case(case_id=case.pk) == "failed"
    case.refresh_from_db()
    assert case.status == Case.Status.POSTING_FAILED
    assert case.get_status_reason_display() == "Exact Globe posting is not available yet."
