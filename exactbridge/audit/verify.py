"""Walking an audit chain and reporting the first row that does not fit."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from exactbridge.audit.chain import chain_key, event_hash
from exactbridge.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent


@dataclass(frozen=True)
class ChainReport:
    chain: str
    events: int
    broken_event_id: int | None = None
    broken_sequence: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.reason


def chains_to_verify(administration_id: int | None = None) -> list[str]:
    if administration_id is not None:
        return [chain_key(administration_id)]
    chains = set(AuditChainHead.objects.values_list("chain", flat=True))
    chains |= set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    return sorted(chains)


def verify_chain(chain: str) -> ChainReport:
    type_labels = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
    expected_prev = GENESIS_HASH
    expected_sequence = 1
    count = 0
    rows = AuditEvent.objects.filter(chain=chain).order_by("sequence").iterator(chunk_size=2000)
    for event in rows:
        count += 1
        if event.sequence != expected_sequence:
            return ChainReport(
                chain,
                count,
                event.pk,
                event.sequence,
                f"sequence {event.sequence} follows {expected_sequence - 1}: "
                f"the event(s) in between were removed",
            )
        if event.prev_hash != expected_prev:
            return ChainReport(
                chain,
                count,
                event.pk,
                event.sequence,
                "its link to the previous event does not match: the chain was rewritten",
            )
        digest = event_hash(
            chain=event.chain,
            sequence=event.sequence,
            created_at=event.created_at,
            administration_id=event.administration_id,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            action=event.action,
            object_type=type_labels.get(event.object_type_id),
            object_id=event.object_id,
            object_repr=event.object_repr,
            before=event.before,
            after=event.after,
            ip_address=event.ip_address,
            user_agent=event.user_agent,
            prev_hash=event.prev_hash,
        )
        if digest != event.hash:
            return ChainReport(
                chain,
                count,
                event.pk,
                event.sequence,
                "its contents do not match its hash: the event was altered",
            )
        expected_prev = event.hash
        expected_sequence += 1

    head = AuditChainHead.objects.filter(chain=chain).first()
    last_sequence = expected_sequence - 1
    if head is None:
        if count:
            return ChainReport(chain, count, None, None, "the chain's head record is missing")
        return ChainReport(chain, 0)
    if head.last_sequence != last_sequence or head.last_hash != expected_prev:
        return ChainReport(
            chain,
            count,
            None,
            last_sequence + 1,
            f"the chain ends at sequence {last_sequence} but {head.last_sequence} were written: "
            f"the last event(s) were removed",
        )
    return ChainReport(chain, count)
