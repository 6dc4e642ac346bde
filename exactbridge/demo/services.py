"""Demo data: what the product needs to show itself, loaded idempotently.

``DEMO_STEPS`` is the ordered list of loaders; each part of the product appends its own step
(the Exact connection, documents and cases, ...) and returns lines for the summary it prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from exactbridge.accounts.services import create_user
from exactbridge.administrations.models import Administration, Membership
from exactbridge.administrations.services import (
    create_administration,
    get_coworker,
    grant_membership,
)

DEMO_ADMINISTRATIONS = [
    {
        "code": "demo",
        "name": "Demo Groothandel B.V.",
        "kind": Administration.Kind.ONLINE,
        "division": 1_234_567,
        "four_eyes_threshold": Decimal("10000"),
    },
    {
        "code": "demo-globe",
        "name": "Demo Productie B.V.",
        "kind": Administration.Kind.GLOBE,
        "division": 100,
        "four_eyes_threshold": Decimal("25000"),
    },
]


@dataclass(frozen=True)
class DemoPerson:
    username: str
    role: str
    approval_limit: Decimal | None
    staff: bool = False
    superuser: bool = False

    @property
    def password(self) -> str:
        # Known passwords are the point of a demo; load_demo refuses to run in production.
        return f"demo-{self.username}-2026"


DEMO_PEOPLE = [
    DemoPerson("accountant", Membership.Role.ACCOUNTANT, Decimal("5000")),
    DemoPerson("approver", Membership.Role.ACCOUNTANT, Decimal("250000")),
    DemoPerson("viewer", Membership.Role.VIEWER, None),
    DemoPerson("controller", Membership.Role.CONTROLLER, None, staff=True),
    DemoPerson("admin", Membership.Role.ADMIN, Decimal("1000000"), staff=True, superuser=True),
]


def load_administrations() -> list[str]:
    lines = []
    for spec in DEMO_ADMINISTRATIONS:
        if Administration.objects.filter(code=spec["code"]).exists():
            lines.append(f"administration {spec['code']}: already there")
            continue
        create_administration(**spec)
        lines.append(f"administration {spec['code']}: created ({spec['name']})")
    return lines


def load_people() -> list[str]:
    user_model = get_user_model()
    administrations = list(Administration.objects.filter(code__in=_demo_codes()))
    lines = []
    for person in DEMO_PEOPLE:
        user = user_model.objects.filter(username=person.username).first()
        if user is None:
            user = create_user(
                username=person.username,
                email=f"{person.username}@demo.exactbridge.test",
                password=person.password,
                first_name=person.username.title(),
                is_staff=person.staff,
                is_superuser=person.superuser,
            )
            state = "created"
        else:
            state = "already there"
        for administration in administrations:
            grant_membership(
                administration=administration,
                user=user,
                role=person.role,
                approval_limit=person.approval_limit,
            )
        lines.append(
            f"user {person.username:<11} password {person.password:<24} "
            f"role {person.role} ({state})"
        )
    coworker = get_coworker()
    for administration in administrations:
        # The coworker prepares work; it has no approval limit, so it can never approve.
        grant_membership(
            administration=administration, user=coworker, role=Membership.Role.ACCOUNTANT
        )
    lines.append("user coworker    (the AI coworker; cannot sign in)")
    return lines


# Real public documents from the project's corpora (beside the checkout in development; absent
# in the container, where the demo starts without documents).
CORPORA = Path(settings.BASE_DIR).parent / "shared" / "corpora"
DEMO_DOCUMENTS = [
    "ubl/peppol-bis3/examples/base-example.xml",
    "ubl/peppol-bis3/examples/base-creditnote-correction.xml",
    "ubl/si-ubl-2.0-testset/SI-UBL-2.0_ok_full.xml",
    "ubl/en16931-cen/guide-example1.xml",
    "pdf/facturx-xml-rechnung/EN16931_Einfach.pdf",
    "pdf/facturx-xml-rechnung/EN16931_Rabatte.pdf",
    "pdf/invoice2data/QualityHosting.pdf",
    "pdf/invoice2data/coolblue1.pdf",
    "pdf/invoice2data/oyo.png",
]


def load_documents() -> list[str]:
    """A handful of real invoices read into the demo administration, so cases show up."""
    from intake.models import Document
    from intake.pipeline import read_case_document
    from intake.services import receive_document

    administration = Administration.objects.get(code=DEMO_ADMINISTRATIONS[0]["code"])
    if Document.objects.filter(administration=administration).exists():
        return ["documents: already there"]
    if not CORPORA.is_dir():
        return [f"documents: none loaded ({CORPORA} not found)"]
    lines = []
    for relative in DEMO_DOCUMENTS:
        path = CORPORA / relative
        case = receive_document(
            administration=administration,
            data=path.read_bytes(),
            filename=path.name,
            channel=Document.Channel.COMMAND,
            origin={"demo": relative},
        )
        case = read_case_document(case_id=case.pk) or case
        lines.append(f"document {path.name:<45} case #{case.pk} {case.get_status_display()}")
    return lines


def connect_to_simulator(base_url: str) -> list[str]:
    """Connect the demo administration to a running Exact Online simulator through the same
    authorization-code flow an admin goes through in the browser (the simulator consents at
    once, so a plain HTTP request stands in for the browser)."""
    from urllib.parse import parse_qs, urlparse

    import requests

    from exactbridge.online import services as online
    from exactbridge.online.models import ExactOnlineConnection

    administration = Administration.objects.get(code=DEMO_ADMINISTRATIONS[0]["code"])
    if ExactOnlineConnection.objects.filter(administration=administration).exists():
        return [f"exact online: {administration.code} already connected", *load_demo_invoices()]
    config = requests.get(f"{base_url}/_simulator/config", timeout=10).json()
    url, pending = online.start_authorization(
        administration=administration,
        base_url=base_url,
        client_id=config["client_id"],
        client_secret=config["client_secret"],
        redirect_uri=config["redirect_uri"],
    )
    consent = requests.get(url, allow_redirects=False, timeout=10)
    answer = {k: v[0] for k, v in parse_qs(urlparse(consent.headers["Location"]).query).items()}
    pending = online.check_callback(stored=pending.as_session(), state=answer["state"])
    connection = online.complete_authorization(
        administration=administration, pending=pending, code=answer["code"]
    )
    return [
        f"exact online: {administration.code} connected to the simulator at {base_url}, "
        f"division {connection.division}",
        *load_demo_invoices(),
    ]


# Purchase invoices the demo suppliers send for their orders in the simulator: (order number,
# what is special about the invoice). Orders 1, 4, 7, 10 and 13 are received in full there.
DEMO_INVOICES = [
    (1, "exact"),
    (4, "exact"),
    (7, "price 3% above the order"),
    (10, "no order reference"),
    (13, "changed IBAN"),
    (None, "unknown supplier"),
]
UNKNOWN_SUPPLIER = ("Nieuwe Leverancier B.V.", "NL241656655B01", "NL96INGB0795812870")


def load_demo_invoices() -> list[str]:
    """With the demo administration connected to the simulator: mirror its master data, then
    read a handful of UBL invoices its suppliers send for their orders, so that the queues show
    cases ready for approval with a proposal, and cases needing review with their reasons."""
    import dataclasses
    import datetime as dt

    from exactbridge.demo import ubl
    from exactbridge.masterdata.models import PurchaseOrder
    from exactbridge.online.sync import sync_administration
    from intake.models import Document
    from intake.pipeline import read_case_document
    from intake.services import receive_document

    administration = Administration.objects.get(code=DEMO_ADMINISTRATIONS[0]["code"])
    if Document.objects.filter(administration=administration, origin__demo="simulator").exists():
        return ["demo invoices: already there"]
    failed = [r for r in sync_administration(administration=administration, full=True) if r.error]
    if failed:
        return [f"demo invoices: none (sync of {r.entity} failed: {r.error})" for r in failed]
    customer = ubl.Party(administration.name)
    lines = []
    for number, (order_number, what) in enumerate(DEMO_INVOICES, start=1):
        invoice_number = f"DEMO-{2026000 + number}"
        if order_number is None:
            name, vat, iban = UNKNOWN_SUPPLIER
            invoice = ubl.UblInvoice(
                number=invoice_number,
                issue_date=dt.date(2026, 3, 2),
                supplier=ubl.Party(name, vat, city="Utrecht"),
                customer=customer,
                lines=(ubl.UblLine("Advieswerkzaamheden maart", Decimal(6), Decimal("95.00")),),
                iban=iban,
            )
        else:
            order = (
                PurchaseOrder.objects.live()
                .filter(administration=administration, order_number=order_number)
                .first()
            )
            if order is None:
                lines.append(f"demo invoice for order {order_number}: order not in the mirror")
                continue
            invoice = ubl.invoice_for_order(
                order,
                number=invoice_number,
                customer=customer,
                price_factor=Decimal("1.03") if "price" in what else Decimal(1),
                with_reference="reference" not in what,
            )
            if "IBAN" in what:
                invoice = dataclasses.replace(invoice, iban=UNKNOWN_SUPPLIER[2])
        case = receive_document(
            administration=administration,
            data=ubl.build_ubl(invoice),
            filename=f"{invoice_number}.xml",
            channel=Document.Channel.COMMAND,
            origin={"demo": "simulator", "scenario": what},
        )
        case = read_case_document(case_id=case.pk) or case
        lines.append(
            f"demo invoice {invoice_number} ({what}): case #{case.pk} {case.get_status_display()}"
        )
    return lines + _cases_in_every_state(administration)


def _cases_in_every_state(administration: Administration) -> list[str]:
    """Move some demo cases on, as people and Exact would, so that every queue of the
    dashboard has something in it: posted, waiting for a second approval, refused by Exact,
    rejected, unreadable."""
    import dataclasses
    import uuid

    from cases.models import Case
    from cases.transitions import approve_case, mark_reviewed, reject_case
    from exactbridge.posting.actions import from_json
    from exactbridge.posting.models import Posting
    from exactbridge.posting.services import plan_posting, post_case
    from intake.models import Document
    from intake.pipeline import read_case_document
    from intake.services import receive_document

    people = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_NAMES)}
    approvers = [people["approver"], people["admin"]]
    ready = list(
        Case.objects.filter(
            administration=administration,
            status=Case.Status.READY_FOR_APPROVAL,
            document__origin__demo="simulator",
        ).order_by("pk")
    )
    lines = []

    def approve(case: Case, by: list) -> Case:
        for person in by:
            if case.status in {Case.Status.READY_FOR_APPROVAL, Case.Status.APPROVED}:
                case = approve_case(case, user=person)
        return case

    if ready:  # approved by two, then posted as the worker would: it shows its entry number
        case = approve(ready.pop(0), approvers)
        post_case(case_id=case.pk)
        lines.append(f"demo: case #{case.pk} approved and posted to the simulator")
    if ready:  # refused by Exact: its entry names a GL account Exact does not have
        case = ready.pop(0)
        action = from_json(Posting.objects.get(case=case).action)
        wrong = [dataclasses.replace(line, gl_account=str(uuid.uuid4())) for line in action.lines]
        plan_posting(case=case, action=dataclasses.replace(action, lines=tuple(wrong)))
        post_case(case_id=approve(case, approvers).pk)
        lines.append(f"demo: case #{case.pk} approved, refused by Exact (posting failed)")
    overpriced = Case.objects.filter(
        administration=administration, document__origin__scenario__startswith="price"
    ).first()
    if overpriced is not None and overpriced.status == Case.Status.NEEDS_REVIEW:
        # The accountant accepts the price deviation; one approver has signed so far.
        overpriced = mark_reviewed(overpriced, user=people["accountant"])
        overpriced = approve(overpriced, approvers[:1])
        lines.append(f"demo: case #{overpriced.pk} {overpriced.get_status_display()}")
    unknown = Case.objects.filter(
        administration=administration, document__origin__scenario="unknown supplier"
    ).first()
    if unknown is not None and unknown.status == Case.Status.NEEDS_REVIEW:
        reject_case(
            unknown,
            user=people["accountant"],
            reason="Geen leverancier van ons; doorgestuurd naar de afzender.",
        )
        lines.append(f"demo: case #{unknown.pk} rejected")
    empty = receive_document(
        administration=administration,
        data=b"",
        filename="scan-0001.pdf",
        channel=Document.Channel.COMMAND,
        origin={"demo": "simulator", "scenario": "empty scan"},
    )
    empty = read_case_document(case_id=empty.pk) or empty
    lines.append(f"demo: case #{empty.pk} {empty.get_status_display()} (an empty scan)")
    return lines


DEMO_NAMES = [person.username for person in DEMO_PEOPLE]


def _demo_codes() -> list[str]:
    return [spec["code"] for spec in DEMO_ADMINISTRATIONS]


DEMO_STEPS: list[Callable[[], list[str]]] = [load_administrations, load_people, load_documents]


def load_demo() -> list[str]:
    """Run every demo step; running it again changes nothing that is already there."""
    lines: list[str] = []
    for step in DEMO_STEPS:
        with transaction.atomic():
            lines.extend(step())
    return lines
