"""The upload page's work: several files in one go, each its own document and case."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile

from cases.models import Case
from intake.channels.mime import safe_filename
from intake.models import Document
from intake.services import DocumentTooLarge, receive_document, too_large


@dataclass(frozen=True)
class Uploaded:
    filename: str
    case: Case | None = None
    # Why the file was not taken in; the other files of the same upload still are.
    error: str = ""


def receive_uploads(
    *, administration, files: Iterable[UploadedFile], actor, request=None
) -> list[Uploaded]:
    results = []
    for upload in files:
        filename = safe_filename(upload.name or "", content_type=upload.content_type or "")
        refusal = too_large(filename, upload.size or 0)
        if refusal:  # refused before its bytes are read into memory
            results.append(Uploaded(filename, error=refusal))
            continue
        try:
            case = receive_document(
                administration=administration,
                data=b"".join(upload.chunks()),
                filename=filename,
                channel=Document.Channel.UPLOAD,
                origin={"filename": upload.name or ""},
                actor=actor,
                request=request,
            )
        except DocumentTooLarge as exc:
            results.append(Uploaded(filename, error=str(exc)))
        else:
            results.append(Uploaded(filename, case=case))
    return results


def received_cases(*, administration, ids: Iterable[int]) -> list[Case]:
    """The administration's cases among ``ids``, for the list after an upload."""
    return list(
        Case.objects.filter(administration=administration, pk__in=list(ids))
        .select_related("document")
        .order_by("pk")
    )
