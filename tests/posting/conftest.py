"""Posting against the simulator: a connected administration, the simulator's demo master data,
and cases approved and ready to post, built through the real intake and transitions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from cases.models import Case
from cases.transitions import approve_case, finish_reading, start_reading
from exactbridge.online import odata, services
from exactbridge.online.client import ExactOnlineClient
from exactbridge.posting.actions import EntryLine, PurchaseEntryAction
from exactbridge.posting.services import plan_posting
from intake.models import Document
from intake.services import receive_document
from tests.online import conftest as online
from tests.online.simulator import browser_authorizes

PDF = "pdf/invoice2data/QualityHosting.pdf"

# The simulator over loopback, as the Exact Online tests have it.
simulator_store = online.simulator_store
sim = online.sim
sim_config = online.sim_config


@dataclass(frozen=True)
class Demo:
    """Ids of the simulator's seeded master data, as read through the client."""

    supplier: str
    gl_account: str
    journal: str = "60"
    vat_code: str = "1  "
    cost_center: str = "300"


@pytest.fixture
def connected(sim, sim_config, administration):
    """The administration connected to the simulator through the browser flow."""
    url, pending = services.start_authorization(
        administration=administration,
        base_url=sim.base_url,
        client_id=sim_config["client_id"],
        client_secret=sim_config["client_secret"],
        redirect_uri=sim_config["redirect_uri"],
    )
    answer = browser_authorizes(url)
    checked = services.check_callback(stored=pending.as_session(), state=answer["state"])
    return services.complete_authorization(
        administration=administration, pending=checked, code=answer["code"]
    )


@pytest.fixture
def demo(connected) -> Demo:
    client = ExactOnlineClient(connected)
    supplier = next(
        client.get_collection(
            "crm/Accounts", select=["ID"], filter=odata.eq("Code", odata.account_code(2001))
        )
    )
    gl_accounts = client.get_collection(
        "financial/GLAccounts", select=["ID"], filter=odata.eq("Code", "4000")
    )
    gl_account = next(gl_accounts)
    return Demo(supplier=supplier["ID"], gl_account=gl_account["ID"])


@pytest.fixture
def pdf(corpora) -> bytes:
    return (corpora / PDF).read_bytes()


def purchase_action(demo: Demo, number: str, amount: str = "100.00") -> PurchaseEntryAction:
    return PurchaseEntryAction(
        journal=demo.journal,
        supplier=demo.supplier,
        supplier_invoice_number=number,
        entry_date=datetime.date(2026, 3, 2),
        due_date=datetime.date(2026, 4, 1),
        description=f"Hosting {number}",
        lines=(
            EntryLine(
                gl_account=demo.gl_account,
                amount=Decimal(amount),
                vat_code=demo.vat_code,
                cost_center=demo.cost_center,
                description="Hosting maart",
            ),
        ),
    )


def ready_to_post(administration, approver, *, data: bytes | None, action, filename="f.pdf"):
    """A case with its document (if any), read, approved and planned (with an action):
    READY_TO_POST."""
    if data is None:
        from cases.services import open_case

        case = open_case(administration=administration)
    else:
        case = receive_document(
            administration=administration,
            data=data,
            filename=filename,
            channel=Document.Channel.COMMAND,
        )
    start_reading(case)
    case = finish_reading(
        case,
        needs_review=False,
        fields={"total_amount": Decimal("121.00"), "invoice_number": "F", "currency": "EUR"},
    )
    case = approve_case(case, user=approver)
    assert case.status == Case.Status.READY_TO_POST
    if action is not None:
        plan_posting(case=case, action=action)
    return case
