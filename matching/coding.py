"""Coding suggestions (GL account, VAT code, cost center, cost unit, project) and the posting
proposal built from them.

Sources, in order: the matched order line; what people approved for this supplier before (for
the same item, a like description, or the supplier as a whole), learned with counts; the
supplier's defaults in Exact. Every suggestion carries a confidence and its reason.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_noop
from rapidfuzz import fuzz, process, utils

from exactbridge.helpers.messages import Message, message
from matching.types import (
    Invoice,
    InvoiceLine,
    InvoiceMatch,
    OrderLine,
    normalize_code,
)

FIELDS = ("gl_account", "vat_code", "cost_center", "cost_unit", "project")
CORRECTION_WEIGHT = 3  # a value a person typed over the proposal says more than a nod
DESCRIPTION_CUTOFF = 85


@dataclass(frozen=True)
class ApprovedPosting:
    """One approved invoice line from the history: what was booked, and whether people
    corrected the proposal to get there."""

    supplier: str
    date: dt.date
    item_code: str
    description: str
    coding: Mapping[str, str]
    corrected: bool = False


@dataclass(frozen=True)
class SupplierDefaults:
    supplier: str
    journal: str = ""
    payment_days: int = 30
    coding: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    value: str
    confidence: float
    source: str  # order, history, default
    reason: Message  # translated when read


@dataclass
class _Tally:
    weights: Counter = field(default_factory=Counter)
    approvals: Counter = field(default_factory=Counter)
    last: dict = field(default_factory=dict)

    def add(self, value: str, weight: int, date: dt.date) -> None:
        self.weights[value] += weight
        self.approvals[value] += 1
        self.last[value] = max(date, self.last.get(value, date))

    def best(self) -> tuple[str, int, int, float] | None:
        """(value, times approved, times seen, share of weight); recency breaks a tie."""
        if not self.weights:
            return None
        value = max(self.weights, key=lambda v: (self.weights[v], self.last[v]))
        share = self.weights[value] / sum(self.weights.values())
        return value, self.approvals[value], sum(self.approvals.values()), share


@dataclass
class CodingMemory:
    """Counts of approved values per supplier, per (supplier, item) and per (supplier,
    description), for each field. Built by ``learn``; read by ``suggest_coding``."""

    tallies: dict[tuple, _Tally] = field(default_factory=lambda: defaultdict(_Tally))
    descriptions: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def learn(history: Iterable[ApprovedPosting]) -> CodingMemory:
    """What people approved, counted. Pure: the same history gives the same memory."""
    memory = CodingMemory()
    for record in history:
        weight = CORRECTION_WEIGHT if record.corrected else 1
        description = utils.default_process(record.description)
        keys = [("supplier", record.supplier)]
        if normalize_code(record.item_code):
            keys.append(("item", record.supplier, normalize_code(record.item_code)))
        if description:
            keys.append(("description", record.supplier, description))
            if description not in memory.descriptions[record.supplier]:
                memory.descriptions[record.supplier].append(description)
        for name in FIELDS:
            value = record.coding.get(name, "")
            if value:
                for key in keys:
                    memory.tallies[(name, *key)].add(value, weight, record.date)
    return memory


def _history(memory: CodingMemory, name: str, supplier: str, line: InvoiceLine):
    levels = []
    code = normalize_code(line.item_code)
    if code:
        levels.append((("item", supplier, code), 1.0, gettext_noop("this supplier and item")))
    description = utils.default_process(line.description)
    known = memory.descriptions.get(supplier, ())
    if description and known:
        hit = process.extractOne(
            description, known, scorer=fuzz.token_set_ratio, score_cutoff=DESCRIPTION_CUTOFF
        )
        if hit:
            levels.append(
                (("description", supplier, hit[0]), 0.9, gettext_noop("a like description"))
            )
    levels.append((("supplier", supplier), 0.7, gettext_noop("this supplier")))
    for key, level_weight, what in levels:
        tally = memory.tallies.get((name, *key))
        best = tally.best() if tally else None
        if best:
            value, times, seen, share = best
            confidence = round(level_weight * share * seen / (seen + 1), 2)
            reason = message(
                gettext_noop("approved %(times)s of %(seen)s times for %(what)s"),
                times=times,
                seen=seen,
                what=message(what),
            )
            return Suggestion(value, confidence, "history", reason)
    return None


def suggest_coding(
    *,
    supplier: str,
    line: InvoiceLine,
    order_line: OrderLine | None,
    memory: CodingMemory,
    defaults: SupplierDefaults | None,
) -> dict[str, Suggestion]:
    """A suggestion per field that any source can fill; fields without one are left out."""
    suggestions: dict[str, Suggestion] = {}
    for name in FIELDS:
        from_order = getattr(order_line, name, "") if order_line else ""
        if from_order:
            reason = message(gettext_noop("from order line %(line)s"), line=order_line.label)
            suggestions[name] = Suggestion(from_order, 0.95, "order", reason)
            continue
        learned = _history(memory, name, supplier, line)
        if learned:
            suggestions[name] = learned
            continue
        default = defaults.coding.get(name, "") if defaults else ""
        if default:
            reason = message(gettext_noop("supplier default in Exact"))
            suggestions[name] = Suggestion(default, 0.4, "default", reason)
    return suggestions


@dataclass(frozen=True)
class ProposedLine:
    invoice_line_no: int
    description: str
    amount: Decimal
    coding: dict[str, Suggestion]


@dataclass(frozen=True)
class PostingProposal:
    """The purchase entry proposed for Exact, in accounting terms."""

    journal: str
    supplier: str
    invoice_number: str
    invoice_date: dt.date
    due_date: dt.date
    total: Decimal
    lines: tuple[ProposedLine, ...]


def propose_posting(
    *,
    invoice: Invoice,
    match: InvoiceMatch | None,
    order_lines: Mapping[tuple[str, int], OrderLine],
    memory: CodingMemory,
    defaults: SupplierDefaults | None,
) -> PostingProposal:
    """A complete proposal for the invoice; order lines come from the match when there is one."""
    matched: dict[int, OrderLine] = {}
    for line_match in match.lines if match else ():
        if line_match.allocations:
            matched[line_match.invoice_line_no] = order_lines[line_match.allocations[0][0]]
    lines: Sequence[ProposedLine] = [
        ProposedLine(
            line.line_no,
            line.description,
            line.amount,
            suggest_coding(
                supplier=invoice.supplier,
                line=line,
                order_line=matched.get(line.line_no),
                memory=memory,
                defaults=defaults,
            ),
        )
        for line in invoice.lines
    ]
    payment_days = defaults.payment_days if defaults else 30
    return PostingProposal(
        journal=defaults.journal if defaults else "",
        supplier=invoice.supplier,
        invoice_number=invoice.number,
        invoice_date=invoice.date,
        due_date=invoice.date + dt.timedelta(days=payment_days),
        total=invoice.total,
        lines=tuple(lines),
    )
