"""ExtractedInvoice as JSON for the case: every field keeps its value, confidence and source."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

from exactbridge.helpers.messages import Message
from intake.extracted import Attachment, ExtractedInvoice, Field


def invoice_to_json(invoice: ExtractedInvoice) -> dict[str, Any]:
    return _convert(invoice)


def _convert(value: Any) -> Any:
    if isinstance(value, Field):
        return {
            "value": _scalar(value.value),
            "confidence": value.confidence,
            "source": value.source,
        }
    if isinstance(value, Message):
        return value.to_json()  # the msgid and its values, translated when shown
    if isinstance(value, Attachment):
        # The bytes are stored as a document of their own; the case keeps the reference.
        return {
            "filename": value.filename,
            "mime_type": value.mime_type,
            "source": value.source,
            "size": len(value.content),
        }
    if dataclasses.is_dataclass(value):
        return {f.name: _convert(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [_convert(item) for item in value]
    return _scalar(value)


def _scalar(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
