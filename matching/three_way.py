"""Three-way (and two-way) matching of one invoice against orders, receipts and what was
invoiced before.

The order comes from the invoice's reference when its lines fit that order; otherwise from the
supplier's own orders, by their lines. Only one order may fit clearly: when several fit about
equally the invoice is an exception that lists them. An invoice is matched against one order;
lines of a second order on the same invoice become exceptions for people to split.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz import fuzz

from matching import reasons
from matching.lines import (
    HUNDRED,
    MARGIN,
    Context,
    Key,
    candidates_for,
    check_line,
    pick,
)
from matching.types import (
    ZERO,
    Invoice,
    InvoiceLine,
    InvoiceMatch,
    ItemUnits,
    LineKind,
    LineMatch,
    MatchStatus,
    Order,
    Reason,
    Receipt,
    Tolerances,
    normalize_code,
)

REFERENCE_RESEMBLES = Decimal("0.5")
REFERENCE_SIMILARITY = 80
_SEVERITY = {MatchStatus.MATCHED: 0, MatchStatus.WITHIN_TOLERANCE: 1, MatchStatus.EXCEPTION: 2}


@dataclass
class OrderFit:
    order: Order
    lines: list[LineMatch] = field(default_factory=list)
    score: Decimal = ZERO
    found: int = 0  # goods lines with one clear order line


def match_invoice(
    *,
    invoice: Invoice,
    orders: Sequence[Order],
    receipts: Sequence[Receipt],
    already_invoiced: Mapping[Key, Decimal],
    tolerances: Tolerances,
    receipts_required: bool = True,
    units: Mapping[str, ItemUnits] | None = None,
    earlier_invoices: Sequence[Invoice] = (),
) -> InvoiceMatch:
    """Match one invoice. ``orders`` are the candidate orders (any supplier; only the invoice's
    own supplier's can match), ``receipts`` the receipts registered on them so far,
    ``already_invoiced`` the quantity per order line invoiced before (order unit),
    ``earlier_invoices`` the supplier's earlier invoices (for duplicates and credit notes)."""
    duplicate = _duplicate_of(invoice, earlier_invoices)
    if duplicate:
        return InvoiceMatch(
            invoice.number, MatchStatus.EXCEPTION, reasons=(reasons.duplicate_of(duplicate),)
        )
    by_number = {normalize_code(order.number): order for order in orders}
    context = Context(
        received=_received(receipts, by_number, units or {}),
        invoiced=already_invoiced,
        units=units or {},
        tolerances=tolerances,
        receipts_required=receipts_required,
    )
    invoice_reasons: list[Reason] = []
    notes: list[Reason] = []
    reference = invoice.po_reference
    credited = None
    if invoice.credits_invoice:
        credited = _find(earlier_invoices, invoice.supplier, invoice.credits_invoice)
        if credited is None:
            invoice_reasons.append(reasons.credited_invoice_unknown(invoice.credits_invoice))

    goods = [line for line in invoice.lines if line.kind == LineKind.GOODS]
    if credited is not None and not _usable(reference, invoice, by_number):
        # The credited invoice's own lines tell which order both belong to.
        credited_goods = [line for line in credited.lines if line.kind == LineKind.GOODS]
        fit, failure, candidates = _choose_order(
            credited, credited_goods, credited.po_reference, by_number, context, []
        )
        if fit is not None:
            fit = fit_order(fit.order, goods, context)
            failure = None if fit.found else (reasons.no_order(),)
            fit = fit if fit.found else None
    else:
        fit, failure, candidates = _choose_order(
            invoice, goods, reference, by_number, context, notes
        )
    if fit is None:
        return InvoiceMatch(
            invoice.number,
            MatchStatus.EXCEPTION,
            reasons=(*invoice_reasons, *failure),
            candidates=candidates,
            notes=tuple(notes),
        )

    consumed: dict[Key, Decimal] = {}
    for match in fit.lines:
        for key, quantity in match.allocations:
            consumed[key] = consumed.get(key, ZERO) + quantity
    line_matches = list(fit.lines)
    charges = [line for line in invoice.lines if line.kind != LineKind.GOODS]
    line_matches += _match_charges(charges, fit.order, consumed, context)
    line_matches.sort(key=lambda m: m.invoice_line_no)

    deviation, percent = _total_deviation(invoice, line_matches, fit.order)
    worst = max((_SEVERITY[m.status] for m in line_matches), default=0)
    over_total = abs(deviation) > tolerances.total_amount or abs(percent) > tolerances.total_percent
    if over_total and worst < _SEVERITY[MatchStatus.EXCEPTION]:
        # Line deviations each within tolerance that add up to too much.
        invoice_reasons.append(reasons.total_deviation(deviation, percent))

    status = [MatchStatus.MATCHED, MatchStatus.WITHIN_TOLERANCE, MatchStatus.EXCEPTION][worst]
    if invoice_reasons:
        status = MatchStatus.EXCEPTION
    return InvoiceMatch(
        invoice.number,
        status,
        orders=(fit.order.number,),
        lines=tuple(line_matches),
        reasons=tuple(invoice_reasons),
        notes=tuple(notes),
        total_deviation=deviation,
    )


def _choose_order(invoice, goods, reference, by_number, context, notes):
    """(fit, None, ()) for the one order that fits; (None, reasons, candidates) otherwise."""
    referenced = None
    reference_problem = None
    if reference:
        referenced = by_number.get(normalize_code(reference))
        if referenced is None:
            reference_problem = reasons.order_not_found(reference)
        elif referenced.supplier != invoice.supplier:
            reference_problem = reasons.order_other_supplier(reference)
            referenced = None
        else:
            fit = fit_order(referenced, goods, context)
            if fit.found or not goods:
                return fit, None, ()
    fits = [
        fit_order(order, goods, context)
        for order in by_number.values()
        if order.supplier == invoice.supplier and order is not referenced and goods
    ]
    if reference and reference_problem:
        for fit in fits:
            if _resembles(reference, fit.order.number):
                fit.score += REFERENCE_RESEMBLES
    # Which order it is follows from the lines themselves (code, description, price); whether
    # quantities and prices are acceptable is judged after, so a clean fit elsewhere never
    # wins over the true order just because that one has an exception.
    whole = sorted((f for f in fits if f.found == len(goods)), key=_rank)
    if not whole:
        if referenced is not None:  # nothing fits better: say what is wrong with the reference
            return fit_order(referenced, goods, context), None, ()
        partial = tuple(f.order.number for f in sorted(fits, key=_rank) if f.found)
        return None, (reference_problem or reasons.no_order(),), partial
    close = [f.order.number for f in whole if whole[0].score - f.score < MARGIN]
    if len(close) > 1:
        found = (reasons.ambiguous_orders(close),)
        return None, (*found, *([reference_problem] if reference_problem else [])), tuple(close)
    if reference:
        notes.append(reasons.reference_not_fitting(reference, whole[0].order.number))
    return whole[0], None, ()


def _usable(reference: str, invoice: Invoice, by_number) -> bool:
    order = by_number.get(normalize_code(reference)) if reference else None
    return order is not None and order.supplier == invoice.supplier


def _resembles(reference: str, number: str) -> bool:
    """A mistyped reference still points somewhere: its digits nearly those of the order."""
    digits = "".join(ch for ch in reference if ch.isdigit())
    return bool(digits) and fuzz.ratio(digits, number) >= REFERENCE_SIMILARITY


def _rank(fit: OrderFit):
    return (-fit.score, fit.order.number)


def fit_order(order: Order, goods: Sequence[InvoiceLine], context: Context) -> OrderFit:
    """How well the invoice's goods lines fit one order, line by line."""
    fit = OrderFit(order)
    consumed: dict[Key, Decimal] = {}
    for line in goods:
        chosen, close = pick(candidates_for(line, order, context))
        if chosen is None and close:
            labels = tuple(c.label for c in close)
            reason = reasons.ambiguous_lines(line.description, labels)
            fit.lines.append(
                LineMatch(line.line_no, MatchStatus.EXCEPTION, reasons=(reason,), candidates=labels)
            )
            continue
        if chosen is None:
            reason = reasons.no_order_line(line.description)
            fit.lines.append(LineMatch(line.line_no, MatchStatus.EXCEPTION, reasons=(reason,)))
            continue
        match = check_line(line, chosen, consumed, context)
        fit.lines.append(match)
        fit.found += 1
        fit.score += chosen.score
    return fit


def _match_charges(charges, order, consumed, context) -> list[LineMatch]:
    """Freight and discount lines: against the order's own charge lines, else by tolerance."""
    results, unordered = [], []
    for line in charges:
        chosen, close = pick(candidates_for(line, order, context))
        if chosen is not None:
            results.append(check_line(line, chosen, consumed, context))
        elif close:
            labels = tuple(c.label for c in close)
            reason = reasons.ambiguous_lines(line.description, labels)
            results.append(
                LineMatch(line.line_no, MatchStatus.EXCEPTION, reasons=(reason,), candidates=labels)
            )
        elif line.amount < 0:
            results.append(
                LineMatch(
                    line.line_no,
                    MatchStatus.WITHIN_TOLERANCE,
                    reasons=(reasons.charge_accepted(line.description, line.amount),),
                )
            )
        else:
            unordered.append(line)
    total = sum((line.amount for line in unordered), ZERO)
    accepted = total <= context.tolerances.unordered_charges_amount
    for line in unordered:
        if accepted:
            status, reason = MatchStatus.WITHIN_TOLERANCE, reasons.charge_accepted
        else:
            status, reason = MatchStatus.EXCEPTION, reasons.charge_not_ordered
        results.append(
            LineMatch(line.line_no, status, reasons=(reason(line.description, line.amount),))
        )
    return results


def _total_deviation(invoice: Invoice, matches, order: Order) -> tuple[Decimal, Decimal]:
    """Invoiced minus expected at order prices, over the goods lines booked on the order."""
    prices = {line.key: line.unit_price for line in order.lines}
    amounts = {line.line_no: line.amount for line in invoice.lines if line.kind == LineKind.GOODS}
    invoiced = expected = ZERO
    for match in matches:
        if match.invoice_line_no in amounts and match.allocations:
            invoiced += amounts[match.invoice_line_no]
            expected += sum((q * prices[key] for key, q in match.allocations), ZERO)
    deviation = (invoiced - expected).quantize(Decimal("0.01"))
    percent = deviation / abs(expected) * HUNDRED if expected else ZERO
    return deviation, percent


def _received(receipts, by_number, units) -> dict[Key, Decimal]:
    lines = {ol.key: ol for order in by_number.values() for ol in order.lines}
    received: dict[Key, Decimal] = {}
    for receipt in receipts:
        for line in receipt.lines:
            key = (line.order_number, line.order_line_no)
            order_line = lines.get(key)
            if order_line is None:
                continue
            quantity = line.quantity
            if line.unit.lower() != order_line.unit.lower():
                item = units.get(normalize_code(order_line.item_code))
                factor, to = (
                    (item.factor(line.unit), item.factor(order_line.unit)) if item else (None, None)
                )
                if not factor or not to:
                    continue
                quantity = quantity * factor / to
            received[key] = received.get(key, ZERO) + quantity
    return received


def _find(invoices: Sequence[Invoice], supplier: str, number: str) -> Invoice | None:
    wanted = normalize_code(number)
    for invoice in invoices:
        if invoice.supplier == supplier and normalize_code(invoice.number) == wanted:
            return invoice
    return None


def _fingerprint(invoice: Invoice) -> Counter:
    return Counter(
        (normalize_code(line.item_code), line.description, line.quantity, line.unit_price)
        for line in invoice.lines
    )


def _duplicate_of(invoice: Invoice, earlier: Sequence[Invoice]) -> str | None:
    """The number of an earlier invoice this one repeats: same number, or same day and lines."""
    for other in earlier:
        if other.supplier != invoice.supplier or other is invoice:
            continue
        if normalize_code(other.number) == normalize_code(invoice.number):
            return other.number
        if (
            other.date == invoice.date
            and other.total == invoice.total
            and _fingerprint(other) == _fingerprint(invoice)
        ):
            return other.number
    return None
