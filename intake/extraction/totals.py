"""Net, VAT and gross totals and the VAT per rate, checked against each other.

Each total has candidates from its labels. A combination where net + VAT = gross (to the cent)
wins and gets confidence 0.9. Otherwise the largest gross candidate is taken, and a missing net
or VAT is derived from the other two (confidence 0.5). A VAT amount is refused when its label
is part of a VAT number or an "incl./excl. VAT" phrase. An invoice without any VAT amount whose
lines add up to the gross has a net equal to the gross (`without_vat`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import product

from django.utils.translation import gettext_noop

from exactbridge.helpers.messages import Message, message
from intake.extracted import ExtractedLine, Field, VatSubtotal
from intake.extraction.fields import (
    GROSS,
    NET,
    NOT_VAT_AMOUNT,
    VAT,
    amount_in,
    labelled,
    last_amount,
)
from intake.extraction.layout import Page
from intake.extraction.locate import Hit, find_labels

CENT = Decimal("0.01")
_RATE = re.compile(r"(?:btw|vat|tax|tva|mwst|ust)\D{0,12}?(\d{1,2}(?:[.,]\d{1,2})?)\s*%", re.I)


@dataclass
class Totals:
    net: Field[Decimal] | None
    vat: Field[Decimal] | None
    gross: Field[Decimal] | None
    warnings: list[Message]


def read_totals(pages: list[Page], *, skip_lines: set[int]) -> Totals:
    """`skip_lines` holds id()s of lines to ignore (the item table's rows and headers)."""

    def skip_when(*others: re.Pattern, vat: bool = False):
        # A label that is also a more specific one ("Subtotal" is no "Total") belongs to that;
        # "BTW-nummer" or "incl. BTW" is no VAT amount.
        def skip(hit: Hit) -> bool:
            if id(hit.line) in skip_lines or any(p.match(hit.run.text) for p in others):
                return True
            return vat and bool(NOT_VAT_AMOUNT.search(hit.run.text[: hit.match.end() + 12]))

        return skip

    def parse(spot):
        value = amount_in(spot)
        return value if value is not None and abs(value) < Decimal("1e10") else None

    net = labelled(pages, NET, parse, numeric=True, skip=skip_when())
    gross = labelled(pages, GROSS, parse, numeric=True, skip=skip_when(NET))
    vat = labelled(pages, VAT, parse, numeric=True, skip=skip_when(NET, GROSS, vat=True))
    return _reconcile(net, vat, gross)


def _reconcile(net: list[Field], vat: list[Field], gross: list[Field]) -> Totals:
    best = None
    for n, v, g in product(net[:8], vat[:8], gross[:8]):
        if g.value != 0 and abs(n.value + v.value - g.value) < CENT:
            score = n.confidence + v.confidence + g.confidence + (float(g.value) > 0)
            if best is None or score > best[0]:
                best = (score, n, v, g)
    if best is not None:
        _score, n, v, g = best
        return Totals(_sure(n), _sure(v), _sure(g), [])
    warnings = []
    chosen_gross = max(gross, key=lambda f: (f.value, f.confidence)) if gross else None
    chosen_net = net[0] if net else None
    chosen_vat = vat[0] if vat else None
    if chosen_gross is not None and chosen_vat is not None and chosen_net is None:
        chosen_net = _derived(chosen_gross.value - chosen_vat.value, chosen_gross, "gross - VAT")
    elif chosen_gross is not None and chosen_net is not None and chosen_vat is None:
        if chosen_net.value <= chosen_gross.value:
            chosen_vat = _derived(
                chosen_gross.value - chosen_net.value, chosen_gross, "gross - net"
            )
    elif chosen_net is not None and chosen_vat is not None and chosen_gross is None:
        chosen_gross = _derived(chosen_net.value + chosen_vat.value, chosen_net, "net + VAT")
    if (
        all(f is not None for f in (chosen_net, chosen_vat, chosen_gross))
        and abs(chosen_net.value + chosen_vat.value - chosen_gross.value) >= CENT
    ):
        warnings.append(
            message(
                gettext_noop("The totals read from the page do not add up (net + VAT ≠ gross).")
            )
        )
        chosen_net, chosen_vat, chosen_gross = (
            _doubt(chosen_net),
            _doubt(chosen_vat),
            _doubt(chosen_gross),
        )
    return Totals(chosen_net, chosen_vat, chosen_gross, warnings)


def without_vat(totals: Totals, lines: list[ExtractedLine]) -> Totals:
    """An invoice that prints no VAT amount and no net total, whose line amounts add up to its
    gross total, charges no VAT: its net total is the gross (derived, confidence 0.5)."""
    gross = totals.gross
    if gross is None or totals.net is not None or totals.vat is not None:
        return totals
    amounts = [line.amount.value for line in lines if line.amount is not None]
    if not amounts or len(amounts) != len(lines) or abs(sum(amounts) - gross.value) >= CENT:
        return totals
    net = _derived(gross.value, gross, "gross, no VAT printed and the lines add up to it")
    vat = _derived(Decimal("0.00"), gross, "no VAT printed")
    return Totals(net, vat, gross, totals.warnings)


def read_vat_breakdown(pages: list[Page]) -> list[VatSubtotal]:
    """Rows such as "BTW 21% € 124,61": one per rate, the amount right-most on the row."""
    rows: dict[Decimal, VatSubtotal] = {}
    for hit in find_labels(pages, _RATE, at_start=True):
        rate = Decimal(hit.match.group(1).replace(",", "."))
        if rate in rows or NOT_VAT_AMOUNT.search(hit.run.text):
            continue
        right = [run for run in hit.line.runs if run.x0 >= hit.run.x0]
        text = " ".join(run.text for run in right)[hit.match.end() :]
        amount = last_amount(text)
        if amount is None:
            continue
        source = (
            f"page {hit.page.number}, box {hit.line.x0:.0f},{hit.line.y0:.0f},"
            f"{hit.line.x1:.0f},{hit.line.y1:.0f}"
        )
        rows[rate] = VatSubtotal(
            rate=Field(rate, 0.7, source),
            category=None,
            taxable_amount=None,
            tax_amount=Field(amount, 0.6, source),
        )
    return list(rows.values())


def _sure(found: Field) -> Field:
    return Field(found.value, max(found.confidence, 0.9), found.source)


def _doubt(found: Field) -> Field:
    return Field(found.value, round(found.confidence * 0.6, 2), found.source)


def _derived(value: Decimal, base: Field, how: str) -> Field:
    return Field(value, 0.5, f"{base.source}; derived as {how}")
