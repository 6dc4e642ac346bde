"""Every reason matching gives, in plain words, translatable, each with a stable code.

A reason's text is a message (exactbridge.helpers.messages): the English msgid and its
values, translated when someone reads it, its numbers in the reader's locale."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext_noop

from exactbridge.helpers.messages import message
from matching.types import Reason


def _num(value: Decimal, places: int | None = None) -> Decimal:
    """The number with ``places`` decimals, or with the decimals it needs (12, 2.5)."""
    if places is None:
        value = value.normalize()
        return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value
    return value.quantize(Decimal(1).scaleb(-places))


def _names(candidates: Sequence[str]) -> str:
    return ", ".join(candidates)


def price_deviation(percent: Decimal) -> Reason:
    if percent > 0:
        text = gettext_noop("price %(percent)s%% above order")
        return Reason("price_above_order", message(text, percent=_num(percent, 1)))
    text = gettext_noop("price %(percent)s%% below order")
    return Reason("price_below_order", message(text, percent=_num(-percent, 1)))


def over_received(invoiced: Decimal, received: Decimal, before: Decimal) -> Reason:
    if before:
        text = gettext_noop("invoiced %(invoiced)s (%(before)s before), received %(received)s")
    else:
        text = gettext_noop("invoiced %(invoiced)s, received %(received)s")
    values = {
        "invoiced": _num(invoiced + before),
        "before": _num(before),
        "received": _num(received),
    }
    return Reason("quantity_over_received", message(text, **values))


def over_ordered(invoiced: Decimal, ordered: Decimal, before: Decimal) -> Reason:
    if before:
        text = gettext_noop("invoiced %(invoiced)s (%(before)s before), ordered %(ordered)s")
    else:
        text = gettext_noop("invoiced %(invoiced)s, ordered %(ordered)s")
    values = {"invoiced": _num(invoiced + before), "before": _num(before), "ordered": _num(ordered)}
    return Reason("quantity_over_ordered", message(text, **values))


def no_receipt() -> Reason:
    return Reason("no_receipt", message(gettext_noop("no receipt yet")))


def credit_over_invoiced(credited: Decimal, invoiced: Decimal) -> Reason:
    text = gettext_noop("credits %(credited)s, only %(invoiced)s invoiced")
    return Reason(
        "credit_over_invoiced", message(text, credited=_num(credited), invoiced=_num(invoiced))
    )


def credited_invoice_unknown(number: str) -> Reason:
    text = gettext_noop("credit note corrects invoice %(number)s, which is not known")
    return Reason("credited_invoice_unknown", message(text, number=number))


def ambiguous_orders(candidates: Sequence[str]) -> Reason:
    if len(candidates) == 2:
        text = gettext_noop("two orders fit: %(orders)s")
    else:
        text = gettext_noop("%(count)s orders fit: %(orders)s")
    return Reason(
        "ambiguous_orders", message(text, count=len(candidates), orders=_names(candidates))
    )


def ambiguous_lines(description: str, candidates: Sequence[str]) -> Reason:
    text = gettext_noop("several order lines fit “%(description)s”: %(lines)s")
    return Reason(
        "ambiguous_lines", message(text, description=description, lines=_names(candidates))
    )


def no_order() -> Reason:
    return Reason("no_order", message(gettext_noop("no open order of this supplier fits")))


def order_not_found(number: str) -> Reason:
    text = gettext_noop("order %(number)s not found")
    return Reason("order_not_found", message(text, number=number))


def order_other_supplier(number: str) -> Reason:
    text = gettext_noop("order %(number)s belongs to another supplier")
    return Reason("order_other_supplier", message(text, number=number))


def reference_not_fitting(reference: str, used: str) -> Reason:
    text = gettext_noop(
        "reference %(reference)s does not fit; matched on order %(order)s by its lines"
    )
    return Reason("reference_corrected", message(text, reference=reference, order=used))


def no_order_line(description: str) -> Reason:
    text = gettext_noop("no order line for “%(description)s”")
    return Reason("no_order_line", message(text, description=description))


def unit_unknown(unit: str, order_unit: str) -> Reason:
    text = gettext_noop("unit %(unit)s cannot be converted to %(order_unit)s")
    return Reason("unit_unknown", message(text, unit=unit, order_unit=order_unit))


def charge_not_ordered(description: str, amount: Decimal) -> Reason:
    text = gettext_noop("%(description)s %(amount)s not on the order")
    return Reason(
        "charge_not_ordered", message(text, description=description, amount=_num(amount, 2))
    )


def charge_accepted(description: str, amount: Decimal) -> Reason:
    text = gettext_noop("%(description)s %(amount)s not on the order, within tolerance")
    return Reason(
        "charge_within_tolerance", message(text, description=description, amount=_num(amount, 2))
    )


def total_deviation(amount: Decimal, percent: Decimal) -> Reason:
    values = {"amount": _num(abs(amount), 2), "percent": _num(abs(percent), 1)}
    if amount > 0:
        text = gettext_noop("total %(amount)s (%(percent)s%%) above orders")
        return Reason("total_above_orders", message(text, **values))
    text = gettext_noop("total %(amount)s (%(percent)s%%) below orders")
    return Reason("total_below_orders", message(text, **values))


def duplicate_of(number: str) -> Reason:
    text = gettext_noop("looks like a duplicate of invoice %(number)s")
    return Reason("duplicate", message(text, number=number))


def conversion_note(unit: str, order_unit: str) -> Reason:
    text = gettext_noop("%(unit)s converted to %(order_unit)s")
    return Reason("unit_converted", message(text, unit=unit, order_unit=order_unit))
