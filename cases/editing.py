"""Correcting what was read from a document, field by field, while the case is being reviewed.

``validate_field`` is the one place that decides what a typed value means (the page asks it as
people type; ``edit_case_fields`` asks it again under the row lock). An edit stores the value as
certain and attributed to its editor, copies it to the list columns, checks the case again and
leaves one ``case.edited`` event with the values before and after.

Approvals: data can change only in NEEDS_REVIEW and READY_FOR_APPROVAL. Once someone approved,
the case is APPROVED or further on, and must be sent back for review first, which withdraws the
approvals (``send_back_for_review``). The edit itself is what ``approval_rules`` reads: whoever
changed the data cannot be the case's only approver.
"""

from __future__ import annotations

import copy
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from stdnum import iban as iban_number
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

from cases.display import HEADER_FIELDS
from cases.models import Case
from cases.proposals import refresh_proposal
from cases.services import record_checks
from cases.transitions import ActionRefused
from exactbridge.administrations.access import membership_for
from exactbridge.audit.chain import to_json_value
from exactbridge.audit.services import record_event
from exactbridge.helpers.currencies import ISO_4217
from exactbridge.helpers.dates import parse_typed_date
from exactbridge.helpers.numbers import parse_typed_amount
from intake.rechecks import rerun_checks

S = Case.Status
EDITABLE_STATUSES = frozenset({S.NEEDS_REVIEW, S.READY_FOR_APPROVAL})
# Past these the case holds someone's approval: it goes back for review before it changes.
APPROVED_STATUSES = frozenset({S.APPROVED, S.READY_TO_POST, S.POSTING_FAILED})

AMOUNT, DATE, IBAN, VAT, CURRENCY, TEXT = "amount", "date", "iban", "vat", "currency", "text"
FIELD_KINDS: dict[str, str] = {
    "supplier_name": TEXT,
    "vat_number": VAT,
    "kvk_number": TEXT,
    "iban": IBAN,
    "invoice_number": TEXT,
    "invoice_date": DATE,
    "due_date": DATE,
    "po_number": TEXT,
    "payment_reference": TEXT,
    "currency": CURRENCY,
    "net_total": AMOUNT,
    "vat_total": AMOUNT,
    "gross_total": AMOUNT,
    "payable_amount": AMOUNT,
    "buyer_name": TEXT,
}
EDITABLE_FIELDS = [name for name, _label in HEADER_FIELDS if name in FIELD_KINDS]
# Extracted field -> the Case column that copies it for lists and filters.
SUMMARY_COLUMNS = {
    "supplier_name": "supplier_name",
    "invoice_number": "invoice_number",
    "invoice_date": "document_date",
    "gross_total": "total_amount",
    "currency": "currency",
}
TEXT_LIMITS = {"supplier_name": 200, "buyer_name": 200}
TEXT_LIMIT = 100
CENT = Decimal("0.01")


class FieldsRefused(ActionRefused):
    """One or more values are not acceptable; ``errors`` maps each field to its reason."""

    def __init__(self, errors: dict[str, str]):
        labels = dict(HEADER_FIELDS)
        reasons = " ".join(f"{labels.get(name, name)}: {error}" for name, error in errors.items())
        super().__init__(_("Nothing was saved. %(reasons)s") % {"reasons": reasons})
        self.errors = errors


def validate_field(name: str, raw: str) -> tuple[Any, str | None]:
    """``raw`` as typed, read as field ``name``: ``(value, None)`` or ``(None, reason)``.

    Empty means "not on the document" (value None). Amounts come back as Decimal, dates as
    date, IBAN and VAT number in their compact form, currency codes in capitals.
    """
    kind = FIELD_KINDS.get(name)
    if kind is None:
        return None, _("This field cannot be changed.")
    text = raw.strip()
    if not text:
        return None, None
    try:
        return _PARSERS[kind](name, text), None
    except ValueError as refused:
        return None, str(refused)


def understood_as(name: str, value: Any) -> str:
    """How a valid value reads back to a person, so they see how their input was taken."""
    kind = FIELD_KINDS.get(name)
    if value is None or kind in (TEXT, CURRENCY, VAT):
        return ""
    if kind == AMOUNT:
        return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    if kind == DATE:
        return date_format(value, "DATE_FORMAT")
    return iban_number.format(value)


def input_value(name: str, value: Any) -> str:
    """A stored value as the input shows it; reading it back gives the same value."""
    if value is None:
        return ""
    if FIELD_KINDS.get(name) == AMOUNT:
        # Two decimals, so "1234.500" is never shown (it would read as 1,234,500).
        quantized = value.quantize(CENT)
        return str(quantized if quantized == value else value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class EditRow:
    """One editable field as the case page shows it."""

    name: str
    label: str
    kind: str
    value: str  # what the input holds: the stored value, or what was typed and refused
    saved: str  # the stored value, for "Esc cancels"
    confidence: float | None
    source: str
    error: str = ""

    @property
    def uncertain(self) -> bool:
        return self.confidence is not None and self.confidence < 0.9


def edit_rows(
    extracted: dict | None,
    *,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> list[EditRow]:
    """Every editable field, read or not, in reading order; ``typed`` values that were refused
    stay in their inputs beside their ``errors``."""
    typed, errors = typed or {}, errors or {}
    rows = []
    for name, label in HEADER_FIELDS:
        if name not in FIELD_KINDS:
            continue
        field = (extracted or {}).get(name)
        field = field if isinstance(field, dict) else {}
        saved = input_value(name, stored_value(name, extracted))
        rows.append(
            EditRow(
                name=name,
                label=str(label),
                kind=FIELD_KINDS[name],
                value=typed[name] if name in errors and name in typed else saved,
                saved=saved,
                confidence=field.get("confidence"),
                source=field.get("source") or "",
                error=errors.get(name, ""),
            )
        )
    return rows


def stored_value(name: str, extracted: dict | None) -> Any:
    """The typed value of field ``name`` in a case's extracted JSON, None when absent."""
    field = (extracted or {}).get(name)
    raw = field.get("value") if isinstance(field, dict) else None
    if raw is None:
        return None
    kind = FIELD_KINDS.get(name)
    if kind == AMOUNT:
        return Decimal(str(raw))
    if kind == DATE:
        return datetime.date.fromisoformat(raw)
    return raw


def edit_case_fields(*, case: Case, user, changes: dict[str, str], request=None) -> Case:
    """Store the values ``user`` typed (field name -> text) and check the case again.

    All or nothing: any invalid value raises ``FieldsRefused`` and nothing changes. Values that
    read as what is stored already are no change; when nothing changes, nothing is recorded.
    Refused with ``ActionRefused`` outside review and approval, or for a read-only member.
    """
    with transaction.atomic():
        locked = (
            Case.objects.select_for_update(of=("self",))
            .select_related("administration", "document")
            .get(pk=case.pk)
        )
        _refuse_unless_editable(locked, user)
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name, raw in changes.items():
            stored = stored_value(name, locked.extracted)
            if raw.strip() == input_value(name, stored):
                continue
            value, error = validate_field(name, raw)
            if error is not None:
                errors[name] = error
            elif value != stored:
                before[name], after[name] = stored, value
        if errors:
            raise FieldsRefused(errors)
        if not after:
            return locked

        source = f"edited by {user.get_username()}"
        extracted = (
            copy.deepcopy(locked.extracted) if locked.extracted else {"format_name": "edited"}
        )
        for name, value in after.items():
            extracted[name] = None if value is None else _field_json(value, source)
        locked.extracted = extracted
        columns = {
            SUMMARY_COLUMNS[name]: _column_value(SUMMARY_COLUMNS[name], value)
            for name, value in after.items()
            if name in SUMMARY_COLUMNS
        }
        for column, value in columns.items():
            setattr(locked, column, value)
        locked.save(update_fields=["extracted", *columns, "updated_at"])
        # Approvals are of the data as it was. None stand in these statuses today (approving
        # moves the case on, going back withdraws them); should one, it no longer counts.
        withdrawn = locked.approvals.filter(withdrawn_at=None).update(withdrawn_at=timezone.now())
        record_checks(case=locked, results=rerun_checks(case=locked))
        # The proposal follows the data: a corrected supplier or amount re-plans the entry.
        refresh_proposal(case=locked)
        extra = {"approvals_withdrawn": withdrawn} if withdrawn else {}
        record_event(
            action="case.edited",
            actor=user,
            administration=locked.administration_id,
            target=locked,
            before=to_json_value(before),
            after=to_json_value({**after, **extra}),
            request=request,
        )
    return locked


def _refuse_unless_editable(case: Case, user) -> None:
    membership = membership_for(user, case.administration_id)
    if membership is None or not membership.can_write:
        raise ActionRefused(_("Your role in this administration does not allow changing cases."))
    if case.status in APPROVED_STATUSES:
        raise ActionRefused(
            _("This case has been approved; send it back for review to change its data.")
        )
    if case.status not in EDITABLE_STATUSES:
        raise ActionRefused(
            _("This case is %(status)s; its data can be changed only during review or approval.")
            % {"status": case.get_status_display().lower()}
        )


def _field_json(value: Any, source: str) -> dict[str, Any]:
    return {"value": to_json_value(value), "confidence": 1.0, "source": source}


def _column_value(column: str, value: Any) -> Any:
    if value is None:
        return None if Case._meta.get_field(column).null else ""
    return value


# Parsers: text in, typed value out, ValueError with a reason a person can act on.


def _parse_amount(name: str, text: str) -> Decimal:
    return parse_typed_amount(text)


def _parse_date(name: str, text: str) -> datetime.date:
    return parse_typed_date(text)


def _parse_iban(name: str, text: str) -> str:
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}", iban_number.compact(text)):
        raise ValueError(_("An IBAN starts with a country code, as in NL91ABNA0417164300."))
    try:
        return iban_number.validate(text)
    except InvalidChecksum:
        raise ValueError(_("This IBAN's check digits do not match: a typing error?")) from None
    except InvalidLength:
        raise ValueError(_("This IBAN has the wrong length for its country.")) from None
    except ValidationError:
        raise ValueError(_("This is not an IBAN of a known country.")) from None


def _parse_vat(name: str, text: str) -> str:
    compact = "".join(ch for ch in text if ch.isalnum()).upper()
    if not compact[:2].isalpha():
        raise ValueError(_("Start with the country code, as in NL123456789B01."))
    # Greece writes EL in VAT numbers; numbers from outside the EU are kept as written.
    if compact[:2].lower() not in eu_vat.MEMBER_STATES | {"el"}:
        return compact
    try:
        return eu_vat.validate(compact)
    except ValidationError:
        raise ValueError(_("This is not a valid VAT number for its country.")) from None


def _parse_currency(name: str, text: str) -> str:
    code = text.upper()
    if code not in ISO_4217:
        raise ValueError(_("%(code)s is not a currency code, such as EUR.") % {"code": text})
    return code


def _parse_text(name: str, text: str) -> str:
    limit = TEXT_LIMITS.get(name, TEXT_LIMIT)
    if len(text) > limit:
        raise ValueError(_("At most %(limit)d characters.") % {"limit": limit})
    return text


_PARSERS = {
    AMOUNT: _parse_amount,
    DATE: _parse_date,
    IBAN: _parse_iban,
    VAT: _parse_vat,
    CURRENCY: _parse_currency,
    TEXT: _parse_text,
}
