"""Learning from an approved case: the corrections people made on a page-read invoice."""

from __future__ import annotations

from cases.models import Case
from exactbridge.audit.models import AuditEvent
from intake import sniff
from intake.extraction import image_pages, pdf_pages
from intake.learning import FIELD_KINDS, learn_from_correction, supplier_keys
from intake.pipeline import PAGE_FORMATS
from intake.storage import read_original


def corrected_fields(case: Case) -> set[str]:
    """Names of the extracted fields people changed on the case (from its audit events)."""
    names: set[str] = set()
    events = AuditEvent.objects.filter(
        action="case.edited", object_type__model="case", object_id=str(case.pk)
    ).values_list("after", flat=True)
    for after in events:
        names.update(name for name in (after or {}) if name in FIELD_KINDS)
    return names


def learn_from_approved_case(*, case_id: int) -> int:
    case = Case.objects.select_related("document", "administration").filter(pk=case_id).first()
    if case is None or case.document is None or not case.extracted:
        return 0
    if case.extracted.get("format_name") not in PAGE_FORMATS:
        return 0  # e-invoices are read exactly; there is nothing to learn
    fields = corrected_fields(case)
    if not fields:
        return 0
    data = read_original(case.document.sha256)
    if case.document.media_type in sniff.IMAGES:
        pages = image_pages(data=data)
    else:
        pages, _how = pdf_pages(data=data)
    extracted = case.extracted

    def approved(name: str):
        found = extracted.get(name) or {}
        return found.get("value") if isinstance(found, dict) else None

    keys = supplier_keys(
        vat_number=approved("vat_number"), iban=approved("iban"), name=case.supplier_name
    )
    learned = 0
    for name in sorted(fields):
        value = approved(name)
        if value in (None, ""):
            continue
        for key in keys:
            hint = learn_from_correction(
                administration=case.administration,
                supplier_key=key,
                page_words=pages,
                field=name,
                corrected_value=value,
            )
            learned += hint is not None
    return learned
