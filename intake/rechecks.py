"""Checking a case again after its data changed: the stored JSON back into an ExtractedInvoice,
then the pipeline's own check step, so edits are judged exactly as reading was.
"""

from __future__ import annotations

import dataclasses
import datetime
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from cases.models import Case
from cases.services import CheckResult
from exactbridge.helpers.messages import Message, as_message
from intake.extracted import Attachment, DocumentType, ExtractedInvoice, Field


def rerun_checks(*, case: Case) -> list[CheckResult]:
    """The checks for ``case.extracted`` as it is now (empty when nothing was read)."""
    from intake.pipeline import Reading, run_checks

    if not case.extracted:
        return []
    reading = Reading(
        case=case,
        document=case.document,
        data=b"",
        invoice=invoice_from_json(case.extracted),
    )
    run_checks(reading)
    return reading.checks


def invoice_from_json(data: Mapping[str, Any]) -> ExtractedInvoice:
    """The inverse of ``intake.serialize.invoice_to_json``; attachments come back without bytes,
    warnings stored as plain text (before they were messages) as messages without values."""
    return _build(ExtractedInvoice, data)


def _build(cls: type, data: Mapping[str, Any]):
    hints = typing.get_type_hints(cls)
    return cls(
        **{
            field.name: _typed(hints[field.name], data[field.name])
            for field in dataclasses.fields(cls)
            if field.name in data
        }
    )


def _typed(hint: Any, raw: Any) -> Any:
    if raw is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
        origin = typing.get_origin(hint)
    if origin is Field:
        (value_type,) = typing.get_args(hint)
        return Field(
            value=_scalar(value_type, raw.get("value")),
            confidence=raw.get("confidence", 1.0),
            source=raw.get("source") or "",
        )
    if origin is list:
        (item_type,) = typing.get_args(hint)
        return [_typed(item_type, item) for item in raw]
    if hint is Message:
        return as_message(raw)
    if hint is Attachment:
        return Attachment(
            filename=raw["filename"], mime_type=raw["mime_type"], content=b"", source=raw["source"]
        )
    if dataclasses.is_dataclass(hint):
        return _build(hint, raw)
    if hint is DocumentType:
        return DocumentType(raw)
    return raw


def _scalar(value_type: Any, raw: Any) -> Any:
    if raw is None:
        return None
    if value_type is Decimal:
        return Decimal(str(raw))
    if value_type is datetime.date:
        return datetime.date.fromisoformat(raw)
    return raw
