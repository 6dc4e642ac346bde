"""The intake API for supplier portals and integrations: per-administration bearer tokens.

A token reads ``ebt_<prefix>_<secret>``: the prefix (8 hex characters) finds the row and is
shown in the admin to tell tokens apart; the secret is 256 random bits. Only the SHA-256 of the
whole token is stored — with that much randomness a slow password hash adds nothing — and the
token itself is shown once, when it is created. A revoked token stops working at once.

A token sees only the cases of documents sent with it, not the rest of its administration: a
supplier portal must not read other suppliers' invoices.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone, translation

from cases.models import Case
from exactbridge.audit.services import record_event
from intake.channel_models import ApiToken
from intake.models import Document
from intake.services import receive_document

TOKEN_START = "ebt"  # noqa: S105 - the fixed start of every token, not a secret


def create_api_token(
    *, administration, name: str, created_by=None, request=None
) -> tuple[ApiToken, str]:
    """A new token; returns the row and the token, which is not stored and cannot be shown
    again."""
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    token = f"{TOKEN_START}_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        api_token = ApiToken.objects.create(
            administration=administration,
            name=name,
            prefix=prefix,
            secret_hash=_hash(token),
            created_by=created_by,
        )
        record_event(
            action="api_token.created",
            actor=created_by,
            administration=administration,
            target=api_token,
            after={"name": name, "prefix": prefix},
            request=request,
        )
    return api_token, token


def revoke_api_token(*, api_token: ApiToken, actor=None, request=None) -> bool:
    """Revoke the token; False if it was revoked already."""
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=api_token.pk, revoked_at=None).update(
            revoked_at=timezone.now()
        )
        if revoked:
            record_event(
                action="api_token.revoked",
                actor=actor,
                administration=api_token.administration_id,
                target=api_token,
                before={"revoked_at": None},
                request=request,
            )
    return bool(revoked)


def authenticate_api_token(token: str) -> ApiToken | None:
    """The active token row for ``token``, or None (unknown, malformed or revoked)."""
    start, _, rest = token.partition("_")
    prefix, _, secret = rest.partition("_")
    if start != TOKEN_START or len(prefix) != 8 or not secret:
        return None
    api_token = (
        ApiToken.objects.select_related("administration")
        .filter(prefix=prefix, revoked_at=None)
        .first()
    )
    if api_token is None or not hmac.compare_digest(api_token.secret_hash, _hash(token)):
        return None
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
    return api_token


def receive_api_document(*, api_token: ApiToken, data: bytes, filename: str, request=None) -> Case:
    return receive_document(
        administration=api_token.administration,
        data=data,
        filename=filename,
        channel=Document.Channel.API,
        origin={"api_token": api_token.prefix, "token_name": api_token.name, "filename": filename},
        request=request,
    )


def case_for_token(*, api_token: ApiToken, case_id: int) -> Case | None:
    return (
        Case.objects.select_related("document")
        .filter(
            pk=case_id,
            administration=api_token.administration_id,
            document__channel=Document.Channel.API,
            document__origin__api_token=api_token.prefix,
        )
        .first()
    )


def case_status(case: Case, *, request=None) -> dict:
    """What an integration may know about a case, as JSON-ready data; its texts in the
    language the request asks for (``api_language``)."""
    with translation.override(api_language(request)):
        status_label = str(case.get_status_display())
        reason = case.get_status_reason_display()
    return {
        "id": case.pk,
        "status": case.status,
        "status_label": status_label,
        "reason": reason,
        "kind": case.kind,
        "supplier": case.supplier_name,
        "invoice_number": case.invoice_number,
        "document_date": case.document_date.isoformat() if case.document_date else None,
        "total": str(case.total_amount) if case.total_amount is not None else None,
        "currency": case.currency,
        "duplicate_of": case.duplicate_of_id,
        "filename": case.document.filename if case.document_id else "",
        "received_at": case.created_at.isoformat(),
        "updated_at": case.updated_at.isoformat(),
    }


def api_language(request=None) -> str:
    """The first language of ours the request's Accept-Language header asks for; English
    otherwise, whatever the product's default language is."""
    header = request.headers.get("Accept-Language", "") if request is not None else ""
    for tag in _accepted(header):
        try:
            return translation.get_supported_language_variant(tag)
        except LookupError:
            continue
    return "en"


def _accepted(header: str) -> list[str]:
    """The language tags of an Accept-Language header, most wanted first."""
    weighted = []
    for part in header.split(","):
        tag, _, parameters = part.strip().partition(";")
        weight = 1.0
        if parameters.strip().startswith("q="):
            try:
                weight = float(parameters.strip()[2:])
            except ValueError:
                weight = 0.0
        if tag.strip() and tag.strip() != "*" and weight > 0:
            weighted.append((weight, tag.strip()))
    return [tag for _weight, tag in sorted(weighted, key=lambda item: -item[0])]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
