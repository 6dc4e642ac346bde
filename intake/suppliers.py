"""Who sent the invoice: the supplier identified among the administration's relations in Exact.

Evidence is tried in a fixed order — VAT number, IBAN, KvK number, then name — and the first
that points at exactly one relation decides. When a piece of evidence points at several, the
later ones may narrow them down to one; if they cannot, the supplier stays unidentified and the
reason lists the candidates. Nothing is ever guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from cases.services import CheckResult
from exactbridge.helpers.messages import Message, join, message
from exactbridge.masterdata import selectors
from exactbridge.masterdata.models import Relation

OK, INFO, WARNING = "ok", "info", "warning"
CHECK_CODE = "supplier"


@dataclass(frozen=True)
class SupplierIdentification:
    """The relation found (None when not identified), how, and a reason a person can read."""

    relation: Relation | None
    reason: Message
    how: str = ""  # vat, iban, kvk, name ("" when not identified)
    candidates: tuple[Relation, ...] = ()
    warnings: tuple[Message, ...] = field(default=())

    @property
    def identified(self) -> bool:
        return self.relation is not None

    def as_check(self) -> CheckResult:
        """The supplier check row; its details carry the relation for ``cases.proposals``."""
        details = {
            "relation_id": self.relation.pk if self.relation else None,
            "how": self.how,
            "candidates": [relation.pk for relation in self.candidates],
        }
        if self.relation is None:
            return CheckResult(CHECK_CODE, WARNING, self.reason, details)
        if self.warnings:
            return CheckResult(CHECK_CODE, WARNING, join([self.reason, *self.warnings]), details)
        severity = INFO if self.how == "name" else OK
        return CheckResult(CHECK_CODE, severity, self.reason, details)


def identify_supplier(
    *,
    administration,
    vat_number: str | None,
    iban: str | None,
    kvk_number: str | None,
    name: str | None,
) -> SupplierIdentification:
    evidence = _evidence(administration, vat_number, iban, kvk_number, name)
    if not evidence:
        return SupplierIdentification(
            None,
            message(
                gettext_noop(
                    "The invoice names no VAT number, IBAN, KvK number or name to look for."
                )
            ),
        )
    for index, (how, label, hits) in enumerate(evidence):
        if not hits:
            continue
        if len(hits) == 1:
            return _identified(hits[0], how, label, vat_number)
        narrowed, used = _narrow(hits, evidence[index + 1 :])
        if narrowed is not None:
            because = message(gettext_noop("%(first)s and %(second)s"), first=label, second=used)
            return _identified(narrowed, how, because, vat_number)
        return SupplierIdentification(
            None,
            message(
                # The evidence is not at the start: it is a label with its own translation,
                # in lower case in Dutch.
                gettext_noop(
                    "%(count)d relations in Exact fit %(evidence)s: %(names)s. Choose the supplier."
                ),
                evidence=label,
                count=len(hits),
                names=_names(hits),
            ),
            candidates=tuple(hits),
        )
    return SupplierIdentification(None, _not_found(evidence))


def _evidence(administration, vat_number, iban, kvk_number, name):
    """(how, label, live relations that fit) for each piece of evidence the invoice carries."""
    found = []
    if selectors.compact(vat_number):
        found.append(
            (
                "vat",
                message(
                    gettext_noop("VAT number %(number)s"), number=selectors.compact(vat_number)
                ),
                _suppliers_first(selectors.relations_by_vat(administration, vat_number)),
            )
        )
    if selectors.compact(iban):
        found.append(
            (
                "iban",
                message(gettext_noop("IBAN %(iban)s"), iban=selectors.compact(iban)),
                _suppliers_first(selectors.relations_by_iban(administration, iban)),
            )
        )
    if selectors.compact(kvk_number):
        found.append(
            (
                "kvk",
                message(
                    gettext_noop("KvK number %(number)s"), number=selectors.compact(kvk_number)
                ),
                _suppliers_first(selectors.relations_by_kvk(administration, kvk_number)),
            )
        )
    if name and name.strip():
        found.append(
            (
                "name",
                message(gettext_noop("the name “%(name)s”"), name=name.strip()),
                _suppliers_first(_by_name(administration, name)),
            )
        )
    return found


def _by_name(administration, name: str) -> list[Relation]:
    """Relations named exactly so (case aside); failing that, those whose name contains it."""
    rows = list(selectors.relations_by_name(administration, name))
    exact = [row for row in rows if row.name.strip().casefold() == name.strip().casefold()]
    return exact or rows


def _suppliers_first(rows) -> list[Relation]:
    """Among relations that fit, suppliers are the ones meant; others only if none is."""
    rows = list(rows)
    suppliers = [row for row in rows if row.is_supplier]
    return suppliers or rows


def _narrow(hits: list[Relation], later) -> tuple[Relation | None, Message | None]:
    ids = {row.pk for row in hits}
    for _how, label, others in later:
        common = [row for row in others if row.pk in ids]
        if len(common) == 1:
            return common[0], label
    return None, None


def _identified(relation: Relation, how: str, label: Message, vat_number) -> SupplierIdentification:
    if how == "name":
        text = gettext_noop(
            "Identified as %(relation)s by %(evidence)s only; check that it is them."
        )
    else:
        text = gettext_noop("Identified as %(relation)s by %(evidence)s.")
    reason = message(text, relation=_label(relation), evidence=label)
    warnings = []
    invoice_vat = selectors.compact(vat_number)
    if invoice_vat and relation.vat_number and invoice_vat != relation.vat_number:
        warnings.append(
            message(
                gettext_noop(
                    "The VAT number on the invoice (%(invoice)s) is not the one Exact has "
                    "(%(exact)s)."
                ),
                invoice=invoice_vat,
                exact=relation.vat_number,
            )
        )
    if relation.blocked:
        warnings.append(message(gettext_noop("This relation is blocked in Exact.")))
    if not relation.is_supplier:
        warnings.append(
            message(gettext_noop("This relation is not marked as a supplier in Exact."))
        )
    return SupplierIdentification(relation, reason, how, warnings=tuple(warnings))


def _not_found(evidence) -> Message:
    labels = [label for _how, label, _hits in evidence]
    if len(labels) == 1:
        joined = labels[0]
    else:
        joined = message(
            gettext_noop("%(first)s or %(last)s"), first=join(labels[:-1], ", "), last=labels[-1]
        )
    return message(gettext_noop("No relation in Exact has %(evidence)s."), evidence=joined)


def _label(relation: Relation) -> str:
    return f"{relation.code} {relation.name}"


def _names(relations) -> str:
    return ", ".join(_label(relation) for relation in relations)
