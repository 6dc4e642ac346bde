"""Demo data: what the product needs to show itself, loaded idempotently.

``DEMO_STEPS`` is the ordered list of loaders; each part of the product appends its own step
(the Exact connection, documents and cases, ...) and returns lines for the summary it prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

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


def _demo_codes() -> list[str]:
    return [spec["code"] for spec in DEMO_ADMINISTRATIONS]


DEMO_STEPS: list[Callable[[], list[str]]] = [load_administrations, load_people]


def load_demo() -> list[str]:
    """Run every demo step; running it again changes nothing that is already there."""
    lines: list[str] = []
    for step in DEMO_STEPS:
        with transaction.atomic():
            lines.extend(step())
    return lines
