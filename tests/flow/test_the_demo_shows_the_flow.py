"""Connected to the simulator, the demo reads invoices from its suppliers (some ready for
approval with a proposal, some in review with their reasons), then moves some on so that every
state shows; a second run adds nothing."""

from __future__ import annotations

from cases.models import Case
from exactbridge.demo.services import connect_to_simulator, load_administrations, load_people
from tests.online.simulator import control


def test_the_demo_invoices_land_in_every_queue(db, sim):
    control(sim, "config", {"minutely_limit": 100000})
    load_administrations()
    load_people()

    lines = connect_to_simulator(sim.base_url)

    read = "\n".join(lines)
    for number in ("DEMO-2026001", "DEMO-2026002", "DEMO-2026004"):
        assert f"demo invoice {number}" in read and "Ready for approval" in read
    cases = {case.invoice_number: case for case in Case.objects.filter(administration__code="demo")}
    assert len(cases) == 7, lines  # six invoices and an empty scan
    assert cases["DEMO-2026001"].status == Case.Status.POSTED
    assert cases["DEMO-2026001"].exact_entry_number
    assert cases["DEMO-2026002"].status == Case.Status.POSTING_FAILED
    assert cases["DEMO-2026003"].status == Case.Status.APPROVED  # waiting for a second approver
    assert any(
        "3.0% above order" in check.get_message_display()
        for check in cases["DEMO-2026003"].checks.all()
    )
    ready = cases["DEMO-2026004"]
    assert ready.status == Case.Status.READY_FOR_APPROVAL
    assert ready.proposal.entry["lines"] and ready.posting
    assert "Possible fraud" in cases["DEMO-2026005"].get_status_reason_display()
    assert cases["DEMO-2026006"].status == Case.Status.REJECTED
    assert cases[""].status == Case.Status.UNREADABLE

    again = connect_to_simulator(sim.base_url)

    assert "demo invoices: already there" in again
    assert Case.objects.filter(administration__code="demo").count() == 7
