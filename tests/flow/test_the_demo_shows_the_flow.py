"""Connected to the simulator, the demo reads invoices from its suppliers: some ready for
approval with a proposal, some in review with their reasons; a second run adds nothing."""

from __future__ import annotations

from cases.models import Case
from exactbridge.demo.services import connect_to_simulator, load_administrations, load_people
from tests.online.simulator import control


def test_the_demo_invoices_land_in_both_queues(db, sim):
    control(sim, "config", {"minutely_limit": 100000})
    load_administrations()
    load_people()

    lines = connect_to_simulator(sim.base_url)

    cases = {case.invoice_number: case for case in Case.objects.filter(administration__code="demo")}
    assert len(cases) == 6, lines
    ready = [c for c in cases.values() if c.status == Case.Status.READY_FOR_APPROVAL]
    assert {c.invoice_number for c in ready} == {"DEMO-2026001", "DEMO-2026002", "DEMO-2026004"}
    assert all(c.proposal.entry["lines"] and c.posting for c in ready)
    assert "price 3.0% above order" in cases["DEMO-2026003"].status_reason
    assert "Possible fraud" in cases["DEMO-2026005"].status_reason
    assert "No relation in Exact has VAT number NL241656655B01" in (
        cases["DEMO-2026006"].status_reason
    )

    again = connect_to_simulator(sim.base_url)

    assert "demo invoices: already there" in again
    assert Case.objects.filter(administration__code="demo").count() == 6
