"""Posting to Exact Online through ``ExactOnlineClient`` (reference §2.4, §5.14 to §5.22).

Where the posting's reference (``EB-<administration>-<case>``) is kept, so that ``find`` can look
for it after a timeout (Exact has no idempotency key; reference §2.4 and pitfall 17):

- purchase and sales entries: ``ExternalLinkReference``. ``YourRef`` is taken by the supplier's
  invoice number (§5.14) or the customer's reference, and ``Description`` is free text people
  read and change in Exact; ``ExternalLinkReference`` is writable, kept, filterable, and meant
  for exactly this.
- general journal entries: the header has no text field (§5.18), so every line's
  ``Description`` starts with ``"<reference>: "``; found through the lines.
- sales orders: no ``ExternalLinkReference`` and ``YourRef`` is the customer's order number
  (§5.17), so ``Description`` starts with ``"<reference>: "``.
- a new subscription line: its natural key — subscription, item and start date — since the
  line's ``Description`` is printed on the customer's invoice. A change to an existing line is
  a PUT, which repeats harmlessly and needs no lookup.

The source document goes in first (documents/Documents with ``Subject`` "<reference> <file>",
then its DocumentAttachment) and the entry carries its id in ``Document`` (§5.19): three calls
and an entry that is complete the moment it exists.
"""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from exactbridge.administrations.models import Administration
from exactbridge.online import odata
from exactbridge.online.client import ExactOnlineClient
from exactbridge.online.errors import ReconnectNeeded
from exactbridge.online.models import ExactOnlineConnection
from exactbridge.posting.actions import (
    Action,
    AttachedDocument,
    EntryLine,
    GeneralJournalEntryAction,
    PostedEntry,
    PurchaseEntryAction,
    SalesEntryAction,
    SalesOrderAction,
    SubscriptionLineChange,
)
from exactbridge.posting.models import Posting

PURCHASE_ENTRIES = "purchaseentry/PurchaseEntries"
SALES_ENTRIES = "salesentry/SalesEntries"
JOURNAL_ENTRIES = "generaljournalentry/GeneralJournalEntries"
JOURNAL_LINES = "generaljournalentry/GeneralJournalEntryLines"
SALES_ORDERS = "salesorder/SalesOrders"
SUBSCRIPTION_LINES = "subscription/SubscriptionLines"
DOCUMENTS = "documents/Documents"
ATTACHMENTS = "documents/DocumentAttachments"

# documents/DocumentTypes ids: 10 is the sales invoice (§5.19, V); 20 for the purchase invoice
# is Exact's standard list but unconfirmed by the reference (§11, U).
DOCUMENT_TYPES = {PurchaseEntryAction: 20, SalesEntryAction: 10}
SUBJECT_LENGTH = 200
DOCUMENT_URL_LENGTH = Posting._meta.get_field("document_url").max_length


class OnlineBackend:
    def __init__(self, administration: Administration) -> None:
        self.administration = administration

    @cached_property
    def client(self) -> ExactOnlineClient:
        """Loaded on first use: showing a request needs no connection, sending one does."""
        try:
            connection = ExactOnlineConnection.objects.get(administration=self.administration)
        except ExactOnlineConnection.DoesNotExist:
            raise ReconnectNeeded(
                _("This administration is not connected to Exact Online.")
            ) from None
        return ExactOnlineClient(connection)

    # --- the Backend protocol ------------------------------------------------------------------
    def preview(self, action: Action, *, reference: str) -> dict:
        method, path, body = request_for(action, reference=reference, document_id=None)
        return {"method": method, "endpoint": path, "body": body}

    def find(self, action: Action, *, reference: str) -> PostedEntry | None:
        if isinstance(action, PurchaseEntryAction | SalesEntryAction):
            path = PURCHASE_ENTRIES if isinstance(action, PurchaseEntryAction) else SALES_ENTRIES
            row = self._first(
                path, ["EntryID", "EntryNumber"], odata.eq("ExternalLinkReference", reference)
            )
            entry = _posted(row, "EntryID", "EntryNumber")
            if entry is None:
                return None
            document = self._first(
                DOCUMENTS,
                ["ID", "DocumentViewUrl"],
                _starts_with("Subject", reference, separator=" "),
            )
            return replace(entry, document_url=self._view_url(document))
        if isinstance(action, GeneralJournalEntryAction):
            line = self._first(JOURNAL_LINES, ["EntryID"], _starts_with("Description", reference))
            if line is None:
                return None
            entry = self.client.get_one(
                JOURNAL_ENTRIES, odata.Guid(line["EntryID"]), select=["EntryID", "EntryNumber"]
            )
            return _posted(entry, "EntryID", "EntryNumber")
        if isinstance(action, SalesOrderAction):
            row = self._first(
                SALES_ORDERS, ["OrderID", "OrderNumber"], _starts_with("Description", reference)
            )
            return _posted(row, "OrderID", "OrderNumber")
        if isinstance(action, SubscriptionLineChange):
            if action.line:
                return None  # a PUT: sending it again changes nothing
            row = self._first(
                SUBSCRIPTION_LINES,
                ["ID"],
                odata.all_of(
                    odata.eq("EntryID", odata.Guid(action.subscription)),
                    odata.eq("Item", odata.Guid(action.item)),
                    odata.eq("FromDate", action.from_date),
                ),
            )
            return _posted(row, "ID", None)
        raise TypeError(f"Not an action: {type(action).__name__}")

    def post(
        self,
        action: Action,
        *,
        reference: str,
        document: AttachedDocument | None,
        resume: bool,
    ) -> PostedEntry:
        attached = None
        if document is not None and type(action) in DOCUMENT_TYPES:
            attached = self._attach(action, reference, document, resume=resume)
        document_id = attached["ID"] if attached else None
        method, path, body = request_for(action, reference=reference, document_id=document_id)
        if method == "PUT":
            self.client.update(path, odata.Guid(action.line), body)  # type: ignore[union-attr]
            return PostedEntry(entry_id=action.line)  # type: ignore[union-attr]
        created = self.client.create(path, body)
        key, number = _KEYS[type(action)]
        entry = _posted(created, key, number)
        return replace(entry, document_url=self._view_url(attached))  # type: ignore[arg-type]

    # --- helpers ------------------------------------------------------------------------------
    def _attach(
        self, action: Action, reference: str, document: AttachedDocument, *, resume: bool
    ) -> dict:
        """The Documents row (``ID``, ``DocumentViewUrl``) holding ``document``: made now, or
        found when resuming."""
        subject = f"{reference} {document.filename}"[:SUBJECT_LENGTH]
        found = (
            self._first(DOCUMENTS, ["ID", "DocumentViewUrl"], odata.eq("Subject", subject))
            if resume
            else None
        )
        if found is not None:
            document_id = found["ID"]
            if self._first(ATTACHMENTS, ["ID"], odata.eq("Document", odata.Guid(document_id))):
                return found
        else:
            body = {
                "Subject": subject,
                "Type": DOCUMENT_TYPES[type(action)],
                "DocumentDate": odata.to_exact_iso(action.entry_date),  # type: ignore[union-attr]
                "Account": _relation(action),
            }
            found = self.client.create(DOCUMENTS, _compact(body))
            document_id = found["ID"]
        self.client.create(
            ATTACHMENTS,
            {
                "Document": document_id,
                "FileName": document.filename,
                "Attachment": base64.b64encode(document.data).decode("ascii"),
            },
        )
        return found

    def _view_url(self, document: dict | None) -> str:
        """The document's page in Exact Online. Only a web address on the connection's own host
        that fits the column is kept: it becomes a link people click, and a value that does not
        fit must not stop an entry Exact has already made from being confirmed."""
        url = str((document or {}).get("DocumentViewUrl") or "")
        ours, theirs = urlsplit(self.client.connection.base_url), urlsplit(url)
        same_host = (theirs.scheme, theirs.netloc) == (ours.scheme, ours.netloc)
        return url if same_host and len(url) <= DOCUMENT_URL_LENGTH else ""

    def _first(self, path: str, select: list[str], condition: str) -> dict | None:
        rows = self.client.get_collection(path, select=select, filter=condition, top=1)
        return next(iter(rows), None)


# --- request bodies, with Exact's field names ----------------------------------------------------
_KEYS: dict[type, tuple[str, str | None]] = {
    PurchaseEntryAction: ("EntryID", "EntryNumber"),
    SalesEntryAction: ("EntryID", "EntryNumber"),
    GeneralJournalEntryAction: ("EntryID", "EntryNumber"),
    SalesOrderAction: ("OrderID", "OrderNumber"),
    SubscriptionLineChange: ("ID", None),
}


def request_for(
    action: Action, *, reference: str, document_id: str | None
) -> tuple[str, str, dict[str, Any]]:
    """(method, path, body) of the call that makes the entry."""
    if isinstance(action, PurchaseEntryAction):
        return "POST", PURCHASE_ENTRIES, purchase_entry_body(action, reference, document_id)
    if isinstance(action, SalesEntryAction):
        return "POST", SALES_ENTRIES, sales_entry_body(action, reference, document_id)
    if isinstance(action, GeneralJournalEntryAction):
        return "POST", JOURNAL_ENTRIES, journal_entry_body(action, reference)
    if isinstance(action, SalesOrderAction):
        return "POST", SALES_ORDERS, sales_order_body(action, reference)
    if isinstance(action, SubscriptionLineChange):
        method = "PUT" if action.line else "POST"
        return method, SUBSCRIPTION_LINES, subscription_line_body(action)
    raise TypeError(f"Not an action: {type(action).__name__}")


def purchase_entry_body(
    action: PurchaseEntryAction, reference: str, document_id: str | None
) -> dict[str, Any]:
    return _compact(
        {
            "Journal": action.journal,
            "Supplier": action.supplier,
            "YourRef": action.supplier_invoice_number,
            "EntryDate": _day(action.entry_date),
            "DueDate": _day(action.due_date),
            "Currency": action.currency,
            "Description": action.description,
            "PaymentReference": action.payment_reference,
            "ExternalLinkReference": reference,
            "Document": document_id,
            "PurchaseEntryLines": [_entry_line(line) for line in action.lines],
        }
    )


def sales_entry_body(
    action: SalesEntryAction, reference: str, document_id: str | None
) -> dict[str, Any]:
    return _compact(
        {
            "Journal": action.journal,
            "Customer": action.customer,
            "EntryDate": _day(action.entry_date),
            "DueDate": _day(action.due_date),
            "Currency": action.currency,
            "Description": action.description,
            "YourRef": action.your_ref,
            "InvoiceNumber": action.invoice_number,
            "ExternalLinkReference": reference,
            "Document": document_id,
            "SalesEntryLines": [_entry_line(line) for line in action.lines],
        }
    )


def journal_entry_body(action: GeneralJournalEntryAction, reference: str) -> dict[str, Any]:
    # Exact NL administrations have monthly periods by default; FinancialPeriod must exist.
    lines = [
        _compact(
            {
                "GLAccount": line.gl_account,
                "AmountFC": _amount(line.amount),
                "Date": _day(action.entry_date),
                "Description": _tagged(reference, line.description or action.description),
                "Account": line.account,
                "VATCode": line.vat_code,
                "CostCenter": line.cost_center,
                "CostUnit": line.cost_unit,
                "Project": line.project,
            }
        )
        for line in action.lines
    ]
    return _compact(
        {
            "JournalCode": action.journal,
            "FinancialYear": action.entry_date.year,
            "FinancialPeriod": action.entry_date.month,
            "Currency": action.currency,
            "GeneralJournalEntryLines": lines,
        }
    )


def sales_order_body(action: SalesOrderAction, reference: str) -> dict[str, Any]:
    lines = [
        _compact(
            {
                "Item": line.item,
                "Quantity": _amount(line.quantity),
                "UnitPrice": _amount(line.unit_price),
                "Description": line.description,
                "VATCode": line.vat_code,
                "DeliveryDate": _day(line.delivery_date),
            }
        )
        for line in action.lines
    ]
    return _compact(
        {
            "OrderedBy": action.customer,
            "OrderDate": _day(action.order_date),
            "DeliveryDate": _day(action.delivery_date),
            "Description": _tagged(reference, action.description),
            "YourRef": action.your_ref,
            "Currency": action.currency,
            "SalesOrderLines": lines,
        }
    )


def subscription_line_body(action: SubscriptionLineChange) -> dict[str, Any]:
    body = {
        "Quantity": _amount(action.quantity),
        "UnitPrice": _amount(action.unit_price),
        "FromDate": _day(action.from_date),
        "ToDate": _day(action.to_date),
        "Description": action.description,
    }
    if not action.line:  # a new line names its subscription and item; a change keeps them
        body = {"EntryID": action.subscription, "Item": action.item, **body}
    return _compact(body)


def _entry_line(line: EntryLine) -> dict[str, Any]:
    return _compact(
        {
            "GLAccount": line.gl_account,
            "AmountFC": _amount(line.amount),
            "Description": line.description,
            "VATCode": line.vat_code,
            "VATAmountFC": _amount(line.vat_amount),
            "CostCenter": line.cost_center,
            "CostUnit": line.cost_unit,
            "Project": line.project,
        }
    )


def _tagged(reference: str, text: str) -> str:
    return f"{reference}: {text}" if text else f"{reference}:"


def _starts_with(name: str, reference: str, *, separator: str = ":") -> str:
    return f"startswith({odata.field(name)},{odata.literal(reference + separator)}) eq true"


def _relation(action: Action) -> str | None:
    return getattr(action, "supplier", None) or getattr(action, "customer", None)


def _day(value: date | None) -> str | None:
    return odata.to_exact_iso(value) if value is not None else None


def _amount(value: Decimal | None) -> float | None:
    # Edm.Double in Exact; a two-decimal Decimal converts to the float that prints the same.
    return float(value) if value is not None else None


def _compact(body: dict[str, Any]) -> dict[str, Any]:
    """Leave out what is not set, so Exact applies its own defaults (VAT code from the GL
    account, due date from the payment condition)."""
    return {key: value for key, value in body.items() if value not in (None, "")}


def _posted(row: dict | None, key: str, number: str | None) -> PostedEntry | None:
    if row is None:
        return None
    entry_number = row.get(number) if number else None
    return PostedEntry(
        entry_id=str(row[key]), entry_number="" if entry_number is None else str(entry_number)
    )
