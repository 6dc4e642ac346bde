"""Invoice lines against the lines of one order: scoring, an assignment that refuses to guess,
and the price and quantity rules.

A pair of lines is a candidate when the item codes agree, or (without a code on the invoice line)
when the descriptions are alike. Order lines for the same item at the same price are
interchangeable and form one pool (split and merged lines, repeated delivery lines). When two
different candidates score within ``MARGIN`` of each other the line is an exception that lists
both: choosing would be a guess.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rapidfuzz import fuzz, utils

from matching import reasons
from matching.types import (
    ZERO,
    InvoiceLine,
    ItemUnits,
    LineKind,
    LineMatch,
    MatchStatus,
    Order,
    OrderLine,
    Reason,
    Tolerances,
    normalize_code,
)

MIN_SIMILARITY = 0.8  # description likeness needed when the item code does not decide
MARGIN = Decimal("0.1")  # candidates closer than this in score are ambiguous
HUNDRED = Decimal("100")
_NUMBERED = re.compile(r"\w*\d\w*")
TYPO_SIMILARITY = 85  # one character lost or added, not another character

Key = tuple[str, int]


@dataclass(frozen=True)
class Context:
    """What matching needs besides the lines: quantities so far, units and the rules."""

    received: Mapping[Key, Decimal]
    invoiced: Mapping[Key, Decimal]
    units: Mapping[str, ItemUnits]
    tolerances: Tolerances
    receipts_required: bool


def description_similarity(a: str, b: str) -> float:
    """0..1. Tokens with digits (sizes, types: A4, M8x40, 80g) name the variant: when they
    differ the likeness is capped low, unless they differ only as a typo does."""
    a_clean, b_clean = utils.default_process(a), utils.default_process(b)
    likeness = fuzz.token_set_ratio(a_clean, b_clean) / 100
    numbered_a, numbered_b = _NUMBERED.findall(a_clean), _NUMBERED.findall(b_clean)
    if not numbered_a or not numbered_b or sorted(numbered_a) == sorted(numbered_b):
        return likeness
    typo = all(
        max(fuzz.ratio(token, other) for other in numbered_b) >= TYPO_SIMILARITY
        for token in numbered_a
    )
    return min(likeness, 0.85 if typo else 0.5)


def convert(line: InvoiceLine, order_line: OrderLine, units: Mapping[str, ItemUnits]):
    """The invoice line's quantity and unit price in the order line's unit, or None."""
    if line.unit.lower() == order_line.unit.lower():
        return line.quantity, line.unit_price
    item = units.get(normalize_code(order_line.item_code))
    from_factor = item.factor(line.unit) if item else None
    to_factor = item.factor(order_line.unit) if item else None
    if not from_factor or not to_factor:
        return None
    return line.quantity * from_factor / to_factor, line.unit_price * to_factor / from_factor


@dataclass(frozen=True)
class Candidate:
    pool: tuple[OrderLine, ...]
    score: Decimal
    quantity: Decimal | None  # in the order unit; None when the unit cannot be converted
    unit_price: Decimal | None

    @property
    def label(self) -> str:
        return "+".join(line.label for line in self.pool)


def price_deviation_percent(price: Decimal, order_price: Decimal) -> Decimal:
    if not order_price:
        return ZERO if not price else HUNDRED
    return (price - order_price) / abs(order_price) * HUNDRED


def _score(
    line: InvoiceLine, order_line: OrderLine, context: Context
) -> tuple[Decimal, tuple[Decimal, Decimal] | None] | None:
    if line.kind != order_line.kind:
        return None
    score = ZERO
    code = normalize_code(line.item_code)
    if code and normalize_code(order_line.item_code):
        if code != normalize_code(order_line.item_code):
            return None
        score += 1
    elif line.kind == LineKind.GOODS:
        similarity = description_similarity(line.description, order_line.description)
        if similarity < MIN_SIMILARITY:
            return None
        score += Decimal(str(round(similarity, 2))) / 2
    converted = convert(line, order_line, context.units)
    if converted is None:
        # Without a conversion only the item code can say it is the same item.
        return (score, None) if code else None
    _quantity, price = converted
    deviation = abs(price_deviation_percent(price, order_line.unit_price))
    tolerance = context.tolerances.price_percent
    if deviation <= Decimal("0.05"):
        score += Decimal("0.3")
    elif deviation <= tolerance:
        score += Decimal("0.15")
    elif deviation <= 3 * tolerance:
        score += Decimal("0.05")
    elif deviation > 50 and not code:
        return None
    return score, converted


def candidates_for(line: InvoiceLine, order: Order, context: Context) -> list[Candidate]:
    """Candidates for one invoice line in one order, interchangeable lines pooled, best first."""
    pools: dict[tuple, list] = {}
    for order_line in order.lines:
        scored = _score(line, order_line, context)
        if scored is None:
            continue
        score, converted = scored
        pool_key = (
            normalize_code(order_line.item_code) or order_line.description.lower(),
            order_line.unit_price,
            order_line.unit.lower(),
            order_line.kind,
        )
        entry = pools.setdefault(pool_key, [score, converted, []])
        entry[2].append(order_line)
    found = [
        Candidate(
            tuple(members),
            score,
            converted[0] if converted else None,
            converted[1] if converted else None,
        )
        for score, converted, members in pools.values()
    ]
    return sorted(found, key=lambda c: c.score, reverse=True)


def pick(found: Sequence[Candidate]) -> tuple[Candidate | None, tuple[Candidate, ...]]:
    """The one clear candidate, or None with the close ones that make it ambiguous."""
    if not found:
        return None, ()
    close = tuple(c for c in found if found[0].score - c.score < MARGIN)
    if len(close) > 1:
        return None, close
    return found[0], ()


def check_line(
    line: InvoiceLine, chosen: Candidate, consumed: dict[Key, Decimal], context: Context
) -> LineMatch:
    """Price and quantity rules for one invoice line on its chosen pool; books into consumed."""
    pool = chosen.pool
    first = pool[0]
    if chosen.quantity is None or chosen.unit_price is None:
        reason = reasons.unit_unknown(line.unit, first.unit)
        return LineMatch(line.line_no, MatchStatus.EXCEPTION, reasons=(reason,))
    quantity, price = chosen.quantity, chosen.unit_price
    tolerances = context.tolerances
    exceptions: list[Reason] = []
    deviations: list[Reason] = []

    before = sum((_invoiced(o, consumed, context) for o in pool), ZERO)
    if quantity < 0:
        if -quantity > before:
            exceptions.append(reasons.credit_over_invoiced(-quantity, before))
    elif first.kind == LineKind.GOODS:
        if context.receipts_required:
            limit = sum((context.received.get(o.key, ZERO) for o in pool), ZERO)
            over = reasons.over_received
        else:
            limit = sum((o.quantity for o in pool), ZERO)
            over = reasons.over_ordered
        if limit <= 0 and context.receipts_required:
            exceptions.append(reasons.no_receipt())
        elif before + quantity > limit:
            within = before + quantity <= limit * (1 + tolerances.quantity_percent / HUNDRED)
            (deviations if within else exceptions).append(over(quantity, limit, before))

    deviation = price_deviation_percent(price, first.unit_price)
    difference = abs(quantity * (price - first.unit_price))
    if difference > tolerances.rounding:
        reason = reasons.price_deviation(deviation)
        within = (
            abs(deviation) <= tolerances.price_percent and difference <= tolerances.price_amount
        )
        (deviations if within else exceptions).append(reason)

    allocations = _allocate(pool, quantity, consumed, context)
    if exceptions:
        status = MatchStatus.EXCEPTION
    elif deviations:
        status = MatchStatus.WITHIN_TOLERANCE
    else:
        status = MatchStatus.MATCHED
    return LineMatch(
        line.line_no,
        status,
        allocations=allocations,
        price_deviation_percent=deviation.quantize(Decimal("0.01")),
        reasons=tuple(exceptions + deviations),
    )


def _invoiced(order_line: OrderLine, consumed: Mapping[Key, Decimal], context: Context) -> Decimal:
    return context.invoiced.get(order_line.key, ZERO) + consumed.get(order_line.key, ZERO)


def open_quantity(order_line: OrderLine, consumed: Mapping[Key, Decimal], context: Context):
    """What may still be invoiced on the line: received (or ordered) minus invoiced."""
    if context.receipts_required:
        cap = context.received.get(order_line.key, ZERO)
    else:
        cap = order_line.quantity
    return cap - _invoiced(order_line, consumed, context)


def _allocate(pool, quantity, consumed, context):
    """Spread the quantity over the pool's lines in order, each up to what is open on it."""
    allocations = []
    remaining = quantity
    for position, order_line in enumerate(pool):
        if position == len(pool) - 1:
            share = remaining
        elif quantity < 0:
            share = max(remaining, -_invoiced(order_line, consumed, context))
        else:
            share = min(remaining, max(open_quantity(order_line, consumed, context), ZERO))
        if share:
            allocations.append((order_line.key, share))
            consumed[order_line.key] = consumed.get(order_line.key, ZERO) + share
            remaining -= share
        if not remaining:
            break
    return tuple(allocations)
