"""What kind of document a text is, by the words Dutch and English documents use for it.

A first, rule-based classifier for documents that carry no structured data; people can
correct the kind on the case.
"""

from __future__ import annotations

import re

from cases.models import Case

# Checked in order: the first kind whose words appear wins ("creditnota" before "factuur").
_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        Case.Kind.PURCHASE_CREDIT_NOTE,
        re.compile(r"\b(credit ?nota|credit ?note|creditfactuur|gutschrift|avoir)\b"),
    ),
    (
        Case.Kind.STATEMENT,
        re.compile(
            r"\b(herinnering|aanmaning|betalingsherinnering|reminder"
            r"|statement of account|rekeningoverzicht)\b"
        ),
    ),
    (
        Case.Kind.GOODS_RECEIPT,
        re.compile(r"\b(pakbon|paklijst|packing ?slip|delivery note|afleverbon|lieferschein)\b"),
    ),
    (
        Case.Kind.PURCHASE_INVOICE,
        re.compile(r"\b(factuur|invoice|rechnung|facture|fattura|tax invoice)\b"),
    ),
    (
        Case.Kind.SALES_ORDER,
        re.compile(r"\b(bestelling|inkooporder|purchase order|order ?confirmation|bestelbon)\b"),
    ),
    (
        Case.Kind.CONTRACT_CHANGE,
        re.compile(r"\b(abonnement|subscription|contractwijziging|licenties?|seats?)\b"),
    ),
]


def classify_text(text: str) -> str:
    lowered = text.lower()
    for kind, pattern in _RULES:
        if pattern.search(lowered):
            return kind
    return Case.Kind.OTHER if lowered.strip() else Case.Kind.UNKNOWN
