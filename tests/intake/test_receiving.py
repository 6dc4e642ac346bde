"""Every channel stores the original once, by content, and opens a case for it."""

import pytest
from django.core.files.storage import storages

from cases.models import Case
from intake.models import Document
from intake.services import DocumentTooLarge, receive_document
from intake.storage import content_hash, read_original


def _receive(administration, data, filename="invoice.xml"):
    return receive_document(
        administration=administration, data=data, filename=filename, channel="upload"
    )


def test_original_is_stored_by_its_hash_and_reads_back(
    administration, django_capture_on_commit_callbacks
):
    data = b"<Invoice/>"
    with django_capture_on_commit_callbacks():
        case = _receive(administration, data)

    assert case.document.sha256 == content_hash(data)
    assert read_original(case.document.sha256) == data
    assert case.status == Case.Status.RECEIVED


def test_type_comes_from_the_bytes_not_the_name(administration):
    case = _receive(administration, b"%PDF-1.4 ...", filename="looks-like.xml")
    assert case.document.media_type == "application/pdf"


def test_same_bytes_twice_are_kept_and_flagged_as_duplicate(administration):
    first = _receive(administration, b"<Invoice>1</Invoice>")
    second = _receive(administration, b"<Invoice>1</Invoice>", filename="again.xml")

    assert second.status == Case.Status.DUPLICATE
    assert second.duplicate_of == first
    assert f"case #{first.pk}" in second.get_status_reason_display()
    assert Document.objects.filter(sha256=first.document.sha256).count() == 2
    # stored once on disk
    assert (
        len(
            storages["originals"].listdir(
                first.document.sha256[:2] + "/" + first.document.sha256[2:4]
            )[1]
        )
        == 1
    )


def test_same_bytes_in_another_administration_is_not_a_duplicate(
    administration, other_administration
):
    _receive(administration, b"<Invoice>1</Invoice>")
    other = _receive(other_administration, b"<Invoice>1</Invoice>")

    assert other.status == Case.Status.RECEIVED


def test_too_large_is_refused_with_the_sizes_and_nothing_stored(administration, settings):
    settings.MAX_DOCUMENT_BYTES = 10

    with pytest.raises(DocumentTooLarge, match="limit is 10"):
        _receive(administration, b"x" * 11, filename="big.pdf")

    assert not Document.objects.exists()


def test_receiving_queues_the_reading_task(
    administration, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("intake.tasks.async_task", lambda *args, **kwargs: queued.append(args))

    with django_capture_on_commit_callbacks(execute=True):
        case = _receive(administration, b"<Invoice/>")

    assert queued == [("intake.tasks.read_case", case.pk)]
