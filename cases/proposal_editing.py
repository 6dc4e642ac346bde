"""Correcting the coding of a proposed entry, line by line, while the case is being reviewed.

A person picks another GL account, VAT code, cost center, cost unit or project for a line. Each
code must exist, live and usable, in the mirror of the case's administration (``usable_codes``
is the one place that says which are; the pickers offer the same rows). The line is marked
corrected by whom and when, its amount stays, the posting plan is made again from the entry as
shown, and one ``case.edited`` event keeps the line before and after: so the editor rule of
approval applies, and ``approved_history`` weighs the line heavier once the case is approved.
"""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Case as Case_
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from cases.editing import _refuse_unless_editable
from cases.models import Case
from cases.proposal_entry import (
    PROPOSAL_CHECK,
    entry_action,
    missing_gl_account,
    missing_journal,
    proposal_check,
)
from cases.proposal_models import Proposal
from cases.proposals import Prepared, save_proposal
from cases.transitions import ActionRefused
from exactbridge.audit.chain import to_json_value
from exactbridge.audit.services import record_event
from exactbridge.helpers.messages import message
from exactbridge.masterdata.models import CostCenter, CostUnit, GLAccount, Project, VATCode

LINE_FIELDS = ("gl_account", "vat_code", "cost_center", "cost_unit", "project")
FIELD_LABELS = {
    "gl_account": gettext_lazy("GL account"),
    "vat_code": gettext_lazy("VAT code"),
    "cost_center": gettext_lazy("Cost center"),
    "cost_unit": gettext_lazy("Cost unit"),
    "project": gettext_lazy("Project"),
}
MODELS = {
    "gl_account": GLAccount,
    "vat_code": VATCode,
    "cost_center": CostCenter,
    "cost_unit": CostUnit,
    "project": Project,
}
PICKER_LIMIT = 20
CENT = Decimal("0.01")


class LineRefused(ActionRefused):
    """One or more codes are not usable; ``errors`` maps each field to its reason."""

    def __init__(self, errors: dict[str, str]):
        reasons = " ".join(f"{FIELD_LABELS[name]}: {error}" for name, error in errors.items())
        super().__init__(_("Nothing was saved. %(reasons)s") % {"reasons": reasons})
        self.errors = errors


def usable_codes(*, administration_id: int, kind: str, on: datetime.date) -> QuerySet:
    """The mirror's rows of ``kind`` a new entry dated ``on`` may use: live, not blocked, not
    inactive or ended."""
    rows = MODELS[kind].objects.live().filter(administration_id=administration_id)
    not_ended = Q(end_date__isnull=True) | Q(end_date__gte=on)
    if kind in ("gl_account", "vat_code"):
        return rows.filter(is_blocked=False)
    if kind == "project":
        return rows.filter(not_ended, block_entry=False)
    return rows.filter(not_ended, active=True)


def picker_choices(*, administration_id: int, kind: str, query: str) -> list:
    """Up to ``PICKER_LIMIT`` usable rows whose code starts with, or whose description holds,
    ``query``; codes that start with it first."""
    rows = usable_codes(administration_id=administration_id, kind=kind, on=timezone.localdate())
    query = query.strip()
    if not query:
        return list(rows.order_by("code")[:PICKER_LIMIT])
    starts = When(code__istartswith=query, then=Value(0))
    rows = rows.filter(Q(code__istartswith=query) | Q(description__icontains=query)).annotate(
        rank=Case_(starts, default=Value(1), output_field=IntegerField())
    )
    return list(rows.order_by("rank", "code")[:PICKER_LIMIT])


def edit_proposal_line(
    *, case: Case, user, line_index: int, changes: dict[str, str], request=None
) -> Proposal:
    """Store the codes ``user`` chose for line ``line_index`` (0-based) of the proposed entry
    and plan the posting again from the entry as it now reads.

    ``changes`` maps fields of ``LINE_FIELDS`` to codes as typed ("4200", or "4200 Kantoor…"
    as a picker shows it); empty clears a field, except the GL account, which a line needs.
    All or nothing: an unknown or unusable code raises ``LineRefused`` and nothing changes.
    Refused with ``ActionRefused`` outside review and approval, for a read-only member, or for
    a line the entry does not have. Returns the proposal (unchanged when nothing changed).
    """
    with transaction.atomic():
        locked = (
            Case.objects.select_for_update(of=("self",))
            .select_related("administration")
            .get(pk=case.pk)
        )
        _refuse_unless_editable(locked, user)
        proposal = Proposal.objects.filter(case=locked).select_related("supplier").first()
        lines = (proposal.entry.get("lines") or []) if proposal else []
        if not 0 <= line_index < len(lines):
            raise ActionRefused(_("The proposed entry has no such line."))
        entry = copy.deepcopy(proposal.entry)
        line = entry["lines"][line_index]
        on = datetime.date.fromisoformat(entry["entry_date"])

        chosen, errors = {}, {}
        for name, raw in changes.items():
            if name not in LINE_FIELDS:
                continue
            current = (line.get(name) or {}).get("value", "")
            row, error = _find_code(locked.administration_id, name, raw, on=on)
            if error:
                errors[name] = error
            elif (row.code if row else "") != current:
                chosen[name] = row
        if errors:
            raise LineRefused(errors)
        if not chosen:
            return proposal

        before = _coding_of(line)
        who = user.get_username()
        for name, row in chosen.items():
            line[name] = _corrected(row, name, who)
        if "vat_code" in chosen:
            _recompute_vat(line, chosen["vat_code"])
        line["corrected"] = True
        line["corrected_by"] = who
        line["corrected_at"] = timezone.now().isoformat()
        line["corrected_fields"] = sorted(set(line.get("corrected_fields", [])) | set(chosen))
        entry["missing"] = _missing(entry)
        action = entry_action(locked, entry, proposal.supplier)
        saved = save_proposal(
            case=locked,
            prepared=Prepared(
                supplier=proposal.supplier,
                supplier_reason=proposal.supplier_message,
                match_status=proposal.match_status,
                match=proposal.match,
                entry=entry,
                action=action,
            ),
        )
        locked.checks.filter(code=PROPOSAL_CHECK).delete()
        proposal_check(entry).as_row(locked).save()
        # Approvals are of the entry as it was (none stand in these statuses today).
        withdrawn = locked.approvals.filter(withdrawn_at=None).update(withdrawn_at=timezone.now())
        extra = {"approvals_withdrawn": withdrawn} if withdrawn else {}
        record_event(
            action="case.edited",
            actor=user,
            administration=locked.administration_id,
            target=locked,
            before={"proposal_line": before},
            after=to_json_value({"proposal_line": _coding_of(line), **extra}),
            request=request,
        )
    return saved


def _find_code(administration_id: int, kind: str, raw: str, *, on: datetime.date):
    """``(row, None)``, ``(None, None)`` for an empty value, or ``(None, reason)``."""
    text = raw.strip()
    if not text:
        if kind == "gl_account":
            return None, _("Every line needs a GL account.")
        return None, None
    # A picker shows "code description"; the code is what counts.
    candidates = [text, text.split()[0]] if " " in text else [text]
    everything = MODELS[kind].objects.live().filter(administration_id=administration_id)
    usable = usable_codes(administration_id=administration_id, kind=kind, on=on)
    for code in candidates:
        row = usable.filter(code__iexact=code).order_by("code").first()
        if row is not None:
            return row, None
    code = candidates[-1]
    if everything.filter(code__iexact=code).exists():
        return None, _("%(code)s is blocked or no longer in use in Exact.") % {"code": code}
    return None, _("Exact has no %(what)s %(code)s in this administration.") % {
        "what": str(FIELD_LABELS[kind]).lower(),
        "code": code,
    }


def _corrected(row, name: str, who: str) -> dict | None:
    if row is None:
        return None
    found = {
        "value": row.code,
        "name": row.description,
        "confidence": 1.0,
        "source": "person",
        "reason": message(gettext_noop("corrected by %(name)s"), name=who).to_json(),
    }
    if name == "gl_account":
        found["id"] = str(row.exact_id)
    return found


def _recompute_vat(line: dict, vat: VATCode | None) -> None:
    """The VAT the code charges on the line's amount; a note when the invoice charged another
    rate on it (Exact books what the code says)."""
    line.pop("vat_amount", None)
    line.pop("vat_note", None)
    if vat is None:
        return
    line["vat_amount"] = str((Decimal(line["amount"]) * vat.percentage / 100).quantize(CENT))
    rate = line.get("vat_rate")
    if rate not in (None, "") and Decimal(rate) != vat.percentage:
        line["vat_note"] = message(
            gettext_noop(
                "The invoice charges %(rate)s%% VAT on this line; VAT code %(code)s is "
                "%(percent)s%%."
            ),
            rate=Decimal(rate),
            code=vat.code,
            percent=vat.percentage.normalize(),
        ).to_json()


def _coding_of(line: dict) -> dict:
    return {
        "no": line.get("no"),
        **{name: (line.get(name) or {}).get("value", "") for name in LINE_FIELDS},
    }


def _missing(entry: dict) -> list[dict]:
    """What the entry still needs, as ``proposal_entry.build_entry`` names it."""
    missing = [
        missing_gl_account(line["no"], line["description"])
        for line in entry["lines"]
        if not (line.get("gl_account") or {}).get("id")
    ]
    if entry.get("journal") is None:
        missing.append(missing_journal())
    return missing
