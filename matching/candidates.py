"""An index of open orders, receipts and invoices, built once, so that each invoice is matched
against a handful of orders instead of all of them (near-linear in invoices and order lines).

For an invoice it offers: the order its reference names (whoever's it is, so matching can say so),
the supplier's orders that carry one of the invoice's item codes, and — only when some goods line
has no item code — all of the supplier's orders, for matching on descriptions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from matching.types import Invoice, LineKind, Order, Receipt, normalize_code


class OrderIndex:
    def __init__(self, orders: Iterable[Order], receipts: Iterable[Receipt] = ()) -> None:
        self.by_number: dict[str, Order] = {}
        self.by_supplier: dict[str, list[Order]] = defaultdict(list)
        self.by_item: dict[tuple[str, str], list[Order]] = defaultdict(list)
        self.receipts: dict[str, list[Receipt]] = defaultdict(list)
        self.invoices: dict[tuple, list[Invoice]] = defaultdict(list)
        for order in orders:
            self.by_number[normalize_code(order.number)] = order
            self.by_supplier[order.supplier].append(order)
            for code in {normalize_code(line.item_code) for line in order.lines}:
                if code:
                    self.by_item[(order.supplier, code)].append(order)
        for receipt in receipts:
            self.add_receipt(receipt)

    def add_receipt(self, receipt: Receipt) -> None:
        for number in {line.order_number for line in receipt.lines}:
            self.receipts[normalize_code(number)].append(receipt)

    def add_invoice(self, invoice: Invoice) -> None:
        """Remember a processed invoice, for duplicates and credit notes later."""
        self.invoices[(invoice.supplier, normalize_code(invoice.number))].append(invoice)
        self.invoices[(invoice.supplier, invoice.date, invoice.total)].append(invoice)

    def orders_for(self, invoice: Invoice, reference: str = "") -> list[Order]:
        """Candidate orders for the invoice, the referenced one first; none dated after it."""
        found: dict[str, Order] = {}
        for number in filter(None, (invoice.po_reference, reference)):
            order = self.by_number.get(normalize_code(number))
            if order is not None:
                found[order.number] = order
        goods = [line for line in invoice.lines if line.kind == LineKind.GOODS]
        if any(not normalize_code(line.item_code) for line in goods):
            pool: Iterable[Order] = self.by_supplier.get(invoice.supplier, ())
        else:
            codes = {normalize_code(line.item_code) for line in goods}
            pool = (o for code in codes for o in self.by_item.get((invoice.supplier, code), ()))
        for order in pool:
            if order.date <= invoice.date:
                found.setdefault(order.number, order)
        return list(found.values())

    def receipts_for(self, orders: Iterable[Order], as_of: dt.date) -> list[Receipt]:
        seen: dict[int, Receipt] = {}
        for order in orders:
            for receipt in self.receipts.get(normalize_code(order.number), ()):
                if receipt.date <= as_of:
                    seen[id(receipt)] = receipt
        return list(seen.values())

    def earlier_invoices(self, invoice: Invoice) -> list[Invoice]:
        """Earlier invoices that may matter: same number, same day and total, or credited."""
        keys = [
            (invoice.supplier, normalize_code(invoice.number)),
            (invoice.supplier, invoice.date, invoice.total),
        ]
        if invoice.credits_invoice:
            keys.append((invoice.supplier, normalize_code(invoice.credits_invoice)))
        found: dict[int, Invoice] = {}
        for key in keys:
            for earlier in self.invoices.get(key, ()):
                found[id(earlier)] = earlier
        return list(found.values())
