"""Every reason matching gives, in plain words, translatable, each with a stable code."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from matching.types import Reason


def _num(value: Decimal, places: int | None = None) -> str:
    if places is None:
        value = value.normalize()
        places = max(0, -value.as_tuple().exponent)
    return number_format(value, decimal_pos=places)


def _names(candidates: Sequence[str]) -> str:
    return ", ".join(candidates)


def price_deviation(percent: Decimal) -> Reason:
    if percent > 0:
        text = _("price %(percent)s%% above order") % {"percent": _num(percent, 1)}
        return Reason("price_above_order", text)
    text = _("price %(percent)s%% below order") % {"percent": _num(-percent, 1)}
    return Reason("price_below_order", text)


def over_received(invoiced: Decimal, received: Decimal, before: Decimal) -> Reason:
    if before:
        text = _("invoiced %(invoiced)s (%(before)s before), received %(received)s")
    else:
        text = _("invoiced %(invoiced)s, received %(received)s")
    values = {
        "invoiced": _num(invoiced + before),
        "before": _num(before),
        "received": _num(received),
    }
    return Reason("quantity_over_received", text % values)


def over_ordered(invoiced: Decimal, ordered: Decimal, before: Decimal) -> Reason:
    if before:
        text = _("invoiced %(invoiced)s (%(before)s before), ordered %(ordered)s")
    else:
        text = _("invoiced %(invoiced)s, ordered %(ordered)s")
    values = {"invoiced": _num(invoiced + before), "before": _num(before), "ordered": _num(ordered)}
    return Reason("quantity_over_ordered", text % values)


def no_receipt() -> Reason:
    return Reason("no_receipt", _("no receipt yet"))


def credit_over_invoiced(credited: Decimal, invoiced: Decimal) -> Reason:
    text = _("credits %(credited)s, only %(invoiced)s invoiced") % {
        "credited": _num(credited),
        "invoiced": _num(invoiced),
    }
    return Reason("credit_over_invoiced", text)


def credited_invoice_unknown(number: str) -> Reason:
    text = _("credit note corrects invoice %(number)s, which is not known") % {"number": number}
    return Reason("credited_invoice_unknown", text)


def ambiguous_orders(candidates: Sequence[str]) -> Reason:
    if len(candidates) == 2:
        text = _("two orders fit: %(orders)s")
    else:
        text = _("%(count)s orders fit: %(orders)s")
    return Reason(
        "ambiguous_orders", text % {"count": len(candidates), "orders": _names(candidates)}
    )


def ambiguous_lines(description: str, candidates: Sequence[str]) -> Reason:
    text = _("several order lines fit “%(description)s”: %(lines)s") % {
        "description": description,
        "lines": _names(candidates),
    }
    return Reason("ambiguous_lines", text)


def no_order() -> Reason:
    return Reason("no_order", _("no open order of this supplier fits"))


def order_not_found(number: str) -> Reason:
    return Reason("order_not_found", _("order %(number)s not found") % {"number": number})


def order_other_supplier(number: str) -> Reason:
    text = _("order %(number)s belongs to another supplier") % {"number": number}
    return Reason("order_other_supplier", text)


def reference_not_fitting(reference: str, used: str) -> Reason:
    text = _("reference %(reference)s does not fit; matched on order %(order)s by its lines")
    return Reason("reference_corrected", text % {"reference": reference, "order": used})


def no_order_line(description: str) -> Reason:
    text = _("no order line for “%(description)s”") % {"description": description}
    return Reason("no_order_line", text)


def unit_unknown(unit: str, order_unit: str) -> Reason:
    text = _("unit %(unit)s cannot be converted to %(order_unit)s") % {
        "unit": unit,
        "order_unit": order_unit,
    }
    return Reason("unit_unknown", text)


def charge_not_ordered(description: str, amount: Decimal) -> Reason:
    text = _("%(description)s %(amount)s not on the order") % {
        "description": description,
        "amount": _num(amount, 2),
    }
    return Reason("charge_not_ordered", text)


def charge_accepted(description: str, amount: Decimal) -> Reason:
    text = _("%(description)s %(amount)s not on the order, within tolerance") % {
        "description": description,
        "amount": _num(amount, 2),
    }
    return Reason("charge_within_tolerance", text)


def total_deviation(amount: Decimal, percent: Decimal) -> Reason:
    values = {"amount": _num(abs(amount), 2), "percent": _num(abs(percent), 1)}
    if amount > 0:
        text = _("total %(amount)s (%(percent)s%%) above orders")
        return Reason("total_above_orders", text % values)
    text = _("total %(amount)s (%(percent)s%%) below orders")
    return Reason("total_below_orders", text % values)


def duplicate_of(number: str) -> Reason:
    text = _("looks like a duplicate of invoice %(number)s") % {"number": number}
    return Reason("duplicate", text)


def conversion_note(unit: str, order_unit: str) -> Reason:
    text = _("%(unit)s converted to %(order_unit)s") % {"unit": unit, "order_unit": order_unit}
    return Reason("unit_converted", text)
