"""Reading cases for people: always scoped to the administrations their memberships grant.

Every case a view shows comes from ``cases_visible_to`` or ``get_case_for_user``; both go
through ``exactbridge.administrations.access``. The list and page selectors preload what their
templates read, so a page costs the same number of queries whatever the number of cases.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from cases.models import Approval, Case, Check
from exactbridge.administrations.access import WRITE_ROLES, get_for_user, scope_for_user
from exactbridge.administrations.models import Administration, Membership
from exactbridge.audit.models import AuditEvent
from intake.models import Document

S = Case.Status
PROBLEM_SEVERITIES = (Check.Severity.WARNING, Check.Severity.ERROR)
EDITED_ACTION = "case.edited"


@dataclass(frozen=True)
class Queue:
    name: str
    label: str
    statuses: frozenset[str]


# The dashboard's queues, in the order they are shown. Every status is in exactly one queue,
# so no case ever drops out of sight.
QUEUES: Mapping[str, Queue] = {
    queue.name: queue
    for queue in [
        Queue("incoming", _("Being read"), frozenset({S.RECEIVED, S.READING})),
        Queue("review", _("To review"), frozenset({S.NEEDS_REVIEW, S.UNREADABLE, S.DUPLICATE})),
        Queue("approval", _("Ready for approval"), frozenset({S.READY_FOR_APPROVAL})),
        Queue("second", _("Waiting for second approval"), frozenset({S.APPROVED})),
        Queue("posting", _("Approved, to be posted"), frozenset({S.READY_TO_POST, S.POSTING})),
        Queue("failed", _("Posting failed"), frozenset({S.POSTING_FAILED})),
        Queue("posted", _("Posted"), frozenset({S.POSTED})),
        Queue("rejected", _("Rejected"), frozenset({S.REJECTED})),
    ]
}
DEFAULT_QUEUE = "review"

# Sort keys people may ask for, and what they mean; anything else falls back to the default.
SORTS: Mapping[str, tuple[str, ...]] = {
    "-created": ("-created_at", "-id"),
    "created": ("created_at", "id"),
    "-amount": ("-total_amount", "-id"),
    "amount": ("total_amount", "id"),
    "-date": ("-document_date", "-id"),
    "date": ("document_date", "id"),
    "supplier": ("supplier_name", "id"),
    "-supplier": ("-supplier_name", "-id"),
}
DEFAULT_SORT = "-created"
PAGE_SIZE = 25


@dataclass(frozen=True)
class CaseFilters:
    search: str = ""
    supplier: str = ""
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    status: str = ""
    # A user id, "me" or "none"; empty: anyone.
    assignee: str = ""


def cases_visible_to(user) -> QuerySet[Case]:
    return scope_for_user(Case.objects.all(), user)


def queue_of(status: str) -> str:
    return next(name for name, queue in QUEUES.items() if status in queue.statuses)


def queue_counts(user, administration: Administration) -> dict[str, int]:
    """How many cases each queue holds, counted in one query.

    Grouped by status (which the queue index serves) and summed per queue here: filtered
    aggregates over the whole administration made PostgreSQL read the entire table.
    """
    # COUNT(*) rather than COUNT(id): PostgreSQL can then answer from the index alone.
    per_status = dict(
        cases_visible_to(user)
        .filter(administration=administration)
        .order_by()
        .values_list("status")
        .annotate(count=Count("*"))
    )
    return {
        name: sum(per_status.get(status, 0) for status in queue.statuses)
        for name, queue in QUEUES.items()
    }


def case_list(
    user,
    administration: Administration,
    *,
    queue: str = DEFAULT_QUEUE,
    filters: CaseFilters | None = None,
    sort: str = DEFAULT_SORT,
    page: int | str = 1,
    page_size: int = PAGE_SIZE,
) -> Page:
    """One page of the queue's cases, filtered, searched and sorted; related rows preloaded.

    Each case carries ``has_problems``: whether any of its checks is a warning or an error.
    """
    cases = _queue_cases(user, administration, queue)
    cases = _filtered(cases, filters or CaseFilters(), user)
    # The extracted data (a large JSON per case) is for the case page, not the list.
    cases = (
        cases.select_related("document", "assignee")
        .defer("extracted")
        .order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))
    )
    listed = Paginator(cases, page_size).get_page(page)
    # Asked for the page's cases only: as a subquery over the whole queue, PostgreSQL hashed
    # every problem check of the administration first (70 ms at 100,000 cases).
    shown = list(listed.object_list)
    troubled = set(
        Check.objects.filter(
            case__in=[case.pk for case in shown], severity__in=PROBLEM_SEVERITIES
        ).values_list("case_id", flat=True)
    )
    for case in shown:
        case.has_problems = case.pk in troubled
    listed.object_list = shown
    return listed


def cases_to_approve(user, administration: Administration, case_ids: list[int]) -> list[Case]:
    """The chosen cases of this administration that ``user`` may see, with ``has_problems``."""
    cases = cases_visible_to(user).filter(administration=administration, pk__in=case_ids)
    return list(_with_problems(cases.select_related("administration")).order_by("pk"))


def neighbours(user, case: Case, queue: str) -> tuple[int | None, int | None]:
    """The ids of the cases before and after ``case`` in ``queue``, in the default order.

    ``case`` need not be in the queue (any more): after an approval this finds the next one.
    """
    cases = _queue_cases(user, case.administration, queue).exclude(pk=case.pk)
    # The plain range bound beside each OR lets the database start its index walk at the case
    # instead of at one end of the administration's history.
    later = Q(created_at__lte=case.created_at) & (
        Q(created_at__lt=case.created_at) | Q(created_at=case.created_at, id__lt=case.pk)
    )
    earlier = Q(created_at__gte=case.created_at) & (
        Q(created_at__gt=case.created_at) | Q(created_at=case.created_at, id__gt=case.pk)
    )
    previous = cases.filter(earlier).order_by("created_at", "id").values_list("pk", flat=True)
    following = cases.filter(later).order_by("-created_at", "-id").values_list("pk", flat=True)
    return previous.first(), following.first()


def next_case_id(user, case: Case, queue: str) -> int | None:
    """The case to open after ``case`` leaves ``queue``: the next one, else the first one."""
    _, following = neighbours(user, case, queue)
    if following is not None:
        return following
    return (
        _queue_cases(user, case.administration, queue)
        .exclude(pk=case.pk)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )


def get_case_for_user(
    user, case_id: int | str, *, write: bool = False, administration_code: str | None = None
) -> Case:
    """The case, if ``user`` may see it (404 otherwise); with ``write``, change it (else 403)."""
    case = get_for_user(
        Case.objects.select_related("administration", "document", "assignee"),
        user,
        write=write,
        pk=case_id,
    )
    if administration_code is not None and case.administration.code != administration_code:
        raise Http404
    return case


def assignable_members(administration: Administration) -> list:
    """The people a case of ``administration`` can be assigned to."""
    memberships = (
        Membership.objects.filter(
            administration=administration,
            role__in=list(WRITE_ROLES),
            user__is_active=True,
            user__is_coworker=False,
        )
        .select_related("user")
        .order_by("user__username")
    )
    return [membership.user for membership in memberships]


def embedded_documents(case: Case) -> list[Document]:
    """The files that arrived inside the case's document (an e-invoice's PDF rendition)."""
    if case.document is None:
        return []
    return list(Document.objects.filter(parent=case.document).order_by("pk"))


def standing_approver_ids(case: Case) -> list[int]:
    """Who approved the case since it last went back for review, in order."""
    return list(
        Approval.objects.filter(case=case, withdrawn_at=None)
        .order_by("created_at", "id")
        .values_list("user_id", flat=True)
    )


def case_editor_ids(case: Case) -> set[int]:
    """Who changed the case's data (an audit event ``case.edited`` on the case)."""
    return set(
        _events_of(case)
        .filter(action=EDITED_ACTION, actor__isnull=False)
        .values_list("actor_id", flat=True)
    )


def case_history(case: Case) -> QuerySet[AuditEvent]:
    """What happened to the case, oldest first; page views are left out."""
    return _events_of(case).exclude(action="case.viewed").order_by("created_at", "id")


def _events_of(case: Case) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type=ContentType.objects.get_for_model(Case), object_id=str(case.pk)
    )


def _with_problems(cases: QuerySet[Case]) -> QuerySet[Case]:
    problems = Check.objects.filter(case=OuterRef("pk"), severity__in=PROBLEM_SEVERITIES)
    return cases.annotate(has_problems=Exists(problems))


def _queue_cases(user, administration: Administration, queue: str) -> QuerySet[Case]:
    statuses = QUEUES[queue].statuses if queue in QUEUES else QUEUES[DEFAULT_QUEUE].statuses
    return cases_visible_to(user).filter(administration=administration, status__in=statuses)


def _filtered(cases: QuerySet[Case], filters: CaseFilters, user) -> QuerySet[Case]:
    if filters.search:
        cases = cases.filter(
            Q(supplier_name__icontains=filters.search)
            | Q(invoice_number__icontains=filters.search)
            | Q(document__filename__icontains=filters.search)
        )
    if filters.supplier:
        cases = cases.filter(supplier_name__icontains=filters.supplier)
    if filters.amount_min is not None:
        cases = cases.filter(total_amount__gte=filters.amount_min)
    if filters.amount_max is not None:
        cases = cases.filter(total_amount__lte=filters.amount_max)
    if filters.date_from is not None:
        cases = cases.filter(document_date__gte=filters.date_from)
    if filters.date_to is not None:
        cases = cases.filter(document_date__lte=filters.date_to)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.assignee == "me":
        cases = cases.filter(assignee=user)
    elif filters.assignee == "none":
        cases = cases.filter(assignee=None)
    elif filters.assignee.isdigit():
        cases = cases.filter(assignee_id=int(filters.assignee))
    return cases
