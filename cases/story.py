"""One page per case that tells its whole story in order: where the document came from, every
audit event of the case, its document and its posting (who, when, what, before → after), the
checks, approvals and notes, and the Exact entry. Printable; read access is enough.

The page runs a fixed number of queries however long the story is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cases import selectors
from cases.display import action_label, actor_name
from cases.models import Approval, Case, Check, Note
from cases.services import record_case_viewed
from exactbridge.audit.models import AuditEvent
from exactbridge.helpers.messages import Message
from intake.models import Document

# Values an event carries besides the case's own fields.
EXTRA_LABELS = {
    "document_id": _("source document"),
    "approvals": _("approvals given"),
    "required": _("approvals required"),
    "text": _("note"),
}
# Bookkeeping ids that say nothing to a reader.
HIDDEN_KEYS = {"approval_id", "note_id", "updated_at"}
ORIGIN_LABELS = {
    "from": _("From"),
    "subject": _("Subject"),
    "forwarded_subject": _("Forwarded message"),
    "message_id": _("Message-ID"),
    "mailbox": _("Mailbox"),
    "folder": _("Watched folder"),
    "path": _("Path"),
    "filename": _("File name"),
    "token_name": _("API token"),
    "api_token": _("API token prefix"),
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class StoryEntry:
    event: AuditEvent
    subject: str
    what: str
    who: str
    changes: list[Change]


@dataclass
class Story:
    case: Case
    document: Document | None
    origin: list[tuple[str, str]]
    embedded: list[Document]
    entries: list[StoryEntry]
    checks: list[Check]
    approvals: list[Approval]
    notes: list[Note]
    postings: list[Any] = field(default_factory=list)
    exact_entry: dict[str, str] = field(default_factory=dict)


@require_GET
def case_story(request, code: str, case_id: int):
    case = selectors.get_case_for_user(request.user, case_id, administration_code=code)
    record_case_viewed(case=case, user=request.user, request=request)
    return render(
        request,
        "cases/story.html",
        {"story": build_story(case), "case": case, "administration": case.administration},
    )


def build_story(case: Case) -> Story:
    """Everything that happened to ``case``, oldest first, with what a reader needs preloaded."""
    document = _document(case)
    embedded = list(Document.objects.filter(parent_id=case.document_id)) if document else []
    postings = postings_of(case)
    events = list(_events(case, document, postings))
    users = _users_named_in(events)
    return Story(
        case=case,
        document=document,
        origin=_origin_rows(document.origin if document else {}),
        embedded=embedded,
        entries=[_entry(event, users) for event in events],
        checks=list(case.checks.all()),
        approvals=list(case.approvals.select_related("user")),
        notes=list(case.notes.select_related("author")),
        postings=postings,
        exact_entry=exact_entry_of(case, postings),
    )


# --- Posting hook ------------------------------------------------------------------------------
# exactbridge.posting is looked up, not imported: the story works with or without a ``Posting``
# model that points at its case. The Exact entry is read from the case (``exact_entry_number``
# / ``exact_entry_id``, set when it is posted) or else from its posting (``entry_number`` /
# ``entry_id``).

CASE_ENTRY_FIELDS = ("exact_entry_number", "exact_entry_id")
POSTING_ENTRY_FIELDS = ("entry_number", "entry_id")


def posting_model() -> type[Model] | None:
    """The Posting model, when exactbridge.posting has one that points at a case."""
    try:
        model = apps.get_model("posting", "Posting")
    except LookupError:
        return None
    try:
        model._meta.get_field("case")
    except FieldDoesNotExist:
        return None
    return model


def postings_of(case: Case) -> list[Any]:
    model = posting_model()
    if model is None:
        return []
    return list(model.objects.filter(case=case).order_by("pk"))


def exact_entry_of(case: Case, postings: list[Any]) -> dict[str, str]:
    """The Exact entry's ``number`` and ``id`` where posting left them; empty before that."""
    sources = [(case, CASE_ENTRY_FIELDS)] + [(p, POSTING_ENTRY_FIELDS) for p in reversed(postings)]
    for source, (number_field, id_field) in sources:
        number, entry_id = getattr(source, number_field, ""), getattr(source, id_field, "")
        if number or entry_id:
            return {"number": str(number or ""), "id": str(entry_id or "")}
    return {}


# --- Reading -----------------------------------------------------------------------------------


def _document(case: Case) -> Document | None:
    if case.document_id is None:
        return None
    return (
        Document.objects.select_related("parent", "received_by").filter(pk=case.document_id).first()
    )


def _events(case: Case, document: Document | None, postings: list[Any]):
    models = [Case, Document]
    posting = posting_model()
    if posting is not None:
        models.append(posting)
    types = ContentType.objects.get_for_models(*models)
    wanted = Q(object_type=types[Case], object_id=str(case.pk))
    if document is not None:
        document_ids = [str(document.pk)]
        if document.parent_id:
            document_ids.append(str(document.parent_id))
        wanted |= Q(object_type=types[Document], object_id__in=document_ids)
    if postings:
        wanted |= Q(object_type=types[posting], object_id__in=[str(p.pk) for p in postings])
    events = AuditEvent.objects.filter(wanted).select_related("actor", "object_type")
    return events.order_by("created_at", "id")


def _users_named_in(events: list[AuditEvent]) -> dict[int, str]:
    ids = set()
    for event in events:
        for values in (event.before, event.after):
            if isinstance(values, dict) and isinstance(values.get("assignee_id"), int):
                ids.add(values["assignee_id"])
    if not ids:
        return {}
    return {user.pk: user.display_name for user in get_user_model().objects.filter(pk__in=ids)}


def _origin_rows(origin: dict) -> list[tuple[str, str]]:
    return [
        (str(ORIGIN_LABELS.get(key, key)), str(value))
        for key, value in origin.items()
        if value not in (None, "") and key not in {"mailbox_id", "body_sha256", "uid"}
    ]


# --- Plain language ----------------------------------------------------------------------------


def _entry(event: AuditEvent, users: dict[int, str]) -> StoryEntry:
    type_model = event.object_type.model if event.object_type_id else ""
    subject = {"case": _("Case"), "document": _("Document"), "posting": _("Posting")}
    return StoryEntry(
        event=event,
        subject=str(subject.get(type_model, event.object_repr)),
        what=action_label(event.action),
        who=actor_name(event),
        changes=_changes(event.before, event.after, users),
    )


def _changes(before: Any, after: Any, users: dict[int, str]) -> list[Change]:
    before = _with_reason(before if isinstance(before, dict) else {})
    after = _with_reason(after if isinstance(after, dict) else {})
    changes = []
    for key in [*before, *(key for key in after if key not in before)]:
        if key in HIDDEN_KEYS:
            continue
        old, new = before.get(key), after.get(key)
        if key in before and key in after and old == new:
            continue
        changes.append(
            Change(
                label=_label(key),
                before=_shown(key, old, users) if key in before else "",
                after=_shown(key, new, users) if key in after else "",
            )
        )
    return changes


def _with_reason(values: dict) -> dict:
    """The reason and its values (kept side by side) as one message, for the reader."""
    if "status_reason" not in values:
        return values
    values = dict(values)
    params = values.pop("status_reason_params", None)
    values["status_reason"] = Message.from_columns(values["status_reason"], params)
    return values


def _case_field(key: str):
    try:
        model_field = Case._meta.get_field(key.removesuffix("_id"))
    except FieldDoesNotExist:
        return None
    return model_field if model_field.concrete else None


def _label(key: str) -> str:
    if key in EXTRA_LABELS:
        return str(EXTRA_LABELS[key])
    model_field = _case_field(key)
    return str(model_field.verbose_name) if model_field is not None else key


def _shown(key: str, value: Any, users: dict[int, str]) -> str:
    """The value as a reader expects it: choices by their label, amounts and dates localised."""
    if isinstance(value, Message):
        return value.render() or "—"
    if value is None or value == "":
        return "—"
    if key == "assignee_id":
        return users.get(value, f"#{value}")
    if key in {"duplicate_of_id", "document_id"}:
        return f"#{value}"
    model_field = _case_field(key)
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field is not None and model_field.get_internal_type() == "DecimalField":
        try:
            return formats.number_format(Decimal(str(value)), 2, force_grouping=True)
        except InvalidOperation:
            return str(value)
    if isinstance(value, str) and model_field is not None:
        if model_field.get_internal_type() == "DateField" and (day := parse_date(value)):
            return formats.date_format(day, "SHORT_DATE_FORMAT")
        if model_field.get_internal_type() == "DateTimeField" and (moment := parse_datetime(value)):
            return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    return str(value)
