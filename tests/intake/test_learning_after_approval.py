"""After the final approval, corrections on a page-read invoice teach the reader the layout."""

from decimal import Decimal

import pytest

from cases.transitions import approve_case, finish_reading, start_reading
from exactbridge.audit.services import record_event
from intake.learning_flow import corrected_fields, learn_from_approved_case
from intake.learning_models import LayoutHint
from intake.services import receive_document


@pytest.fixture
def page_read_case(administration, corpora):
    data = (corpora / "pdf/invoice2data/QualityHosting.pdf").read_bytes()
    case = receive_document(
        administration=administration, data=data, filename="q.pdf", channel="upload"
    )
    start_reading(case)
    return finish_reading(
        case,
        needs_review=False,
        fields={
            "total_amount": Decimal("100"),
            "supplier_name": "QualityHosting AG",
            "extracted": {
                "format_name": "pdf-text",
                "invoice_number": {"value": "30064443", "confidence": 1.0, "source": "edited"},
            },
        },
    )


def test_learns_the_fields_people_corrected(page_read_case, accountant):
    record_event(
        action="case.edited",
        actor=accountant,
        administration=page_read_case.administration,
        target=page_read_case,
        before={"invoice_number": "wrong"},
        after={"invoice_number": "30064443"},
    )

    assert corrected_fields(page_read_case) == {"invoice_number"}
    assert learn_from_approved_case(case_id=page_read_case.pk) >= 1
    assert LayoutHint.objects.filter(field="invoice_number").exists()


def test_nothing_to_learn_without_corrections(page_read_case):
    assert learn_from_approved_case(case_id=page_read_case.pk) == 0
    assert not LayoutHint.objects.exists()


def test_final_approval_queues_the_learning(
    page_read_case, approver, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("cases.tasks.async_task", lambda name, *a, **k: queued.append(name))

    with django_capture_on_commit_callbacks(execute=True):
        approve_case(page_read_case, user=approver)

    assert "intake.tasks.learn_from_case" in queued
