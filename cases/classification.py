"""A person correcting what kind of document a case is.

The kind decides what a case becomes in Exact (a purchase entry, a credit note, nothing yet),
so a correction is a change of the case's data like an edit of its fields: allowed only during
review and approval, recorded as ``case.edited`` with the kind before and after (so whoever
corrected it counts as an editor for the approval rules), the checks and the proposal made
again for the new kind. Intake learns the correction for the sender
(``intake.kind_learning``), so that sender's next document is classified the same way.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.editing import APPROVED_STATUSES, EDITABLE_STATUSES
from cases.models import Case
from cases.proposal_models import Proposal
from cases.proposals import PURCHASE_KINDS, refresh_proposal
from cases.services import record_checks
from cases.transitions import ActionRefused
from exactbridge.administrations.access import membership_for
from exactbridge.audit.models import AuditEvent
from exactbridge.audit.services import record_event
from intake.kind_learning import (
    LEARNABLE_KINDS,
    distinctive_words,
    document_text,
    learn_kind,
    sender_keys_of_case,
)
from intake.rechecks import rerun_checks


def correct_case_kind(*, case: Case, user, kind: str, request=None) -> Case:
    """Make ``case`` of ``kind``, check it again and learn the kind for its sender.

    Refused with ``ActionRefused`` for a kind that is not one of ``Case.Kind`` (or "not yet
    known"), for a read-only member, and once the case has been approved (send it back for
    review first) or is past approval. Correcting to the kind it has already changes nothing.
    """
    if kind not in LEARNABLE_KINDS:
        raise ActionRefused(_("Choose what kind of document this is."))
    with transaction.atomic():
        locked = (
            Case.objects.select_for_update(of=("self",))
            .select_related("administration", "document")
            .get(pk=case.pk)
        )
        _refuse_unless_correctable(locked, user)
        before = locked.kind
        if before == kind:
            return locked
        corrected_before = _kind_corrected_before(locked)
        locked.kind = kind
        locked.save(update_fields=["kind", "updated_at"])
        # Approvals are of the case as it was (none stand in these statuses today).
        locked.approvals.filter(withdrawn_at=None).update(withdrawn_at=timezone.now())
        if locked.extracted:
            record_checks(case=locked, results=rerun_checks(case=locked))
        if kind in PURCHASE_KINDS:
            refresh_proposal(case=locked)
        else:
            _withdraw_proposal(locked)
        learn_kind(
            administration=locked.administration,
            keys=sender_keys_of_case(locked),
            kind=kind,
            words=distinctive_words(document_text(locked.document)),
            forget=before if corrected_before else None,
        )
        record_event(
            action="case.edited",
            actor=user,
            administration=locked.administration_id,
            target=locked,
            before={"kind": before},
            after={"kind": kind},
            request=request,
        )
    return locked


def _refuse_unless_correctable(case: Case, user) -> None:
    membership = membership_for(user, case.administration_id)
    if membership is None or not membership.can_write:
        raise ActionRefused(_("Your role in this administration does not allow changing cases."))
    if case.status in APPROVED_STATUSES:
        raise ActionRefused(
            _("This case has been approved; send it back for review to change its kind.")
        )
    if case.status not in EDITABLE_STATUSES:
        raise ActionRefused(
            _("This case is %(status)s; its kind can be changed only during review or approval.")
            % {"status": case.get_status_display().lower()}
        )


def _kind_corrected_before(case: Case) -> bool:
    """Whether the case's present kind came from a person (whose correction is taken back when
    it is corrected again) rather than from reading."""
    return AuditEvent.objects.filter(
        action="case.edited",
        object_type__model="case",
        object_id=str(case.pk),
        after__has_key="kind",
    ).exists()


def _withdraw_proposal(case: Case) -> None:
    """A kind without a proposal (anything but a purchase invoice or credit note) must not
    keep the purchase entry planned for the old kind: approving would post it. Postings that
    never reached Exact (intended, or refused by it) go; anything that may have reached it
    stays for posting's own checks."""
    from exactbridge.posting.models import Posting

    Proposal.objects.filter(case=case).delete()
    Posting.objects.filter(
        case=case, state__in=[Posting.State.INTENDED, Posting.State.FAILED]
    ).delete()
