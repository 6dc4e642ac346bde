"""A scanner's folder: stable files are taken in and moved to processed/, refused ones to
failed/ with the reason beside them; a file still being written waits; nothing is deleted."""

import os
import time

import pytest

from cases.models import Case
from intake.channel_models import WatchedFolder
from intake.channels.folder import poll_watched_folder
from intake.forms import WatchedFolderForm
from intake.models import Document


@pytest.fixture
def root(settings, tmp_path):
    settings.INTAKE_FOLDERS_ROOT = tmp_path / "inbox"
    settings.INTAKE_FOLDER_SETTLE_SECONDS = 60
    return settings.INTAKE_FOLDERS_ROOT


@pytest.fixture
def scans(root):
    folder = root / "acme" / "scans"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def watched(administration, scans):
    return WatchedFolder.objects.create(administration=administration, path="acme/scans")


def _age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def _poll(watched):
    result = poll_watched_folder(folder_id=watched.pk)
    watched.refresh_from_db()
    return result


def test_an_old_file_is_taken_in_and_moved_to_processed(watched, scans, corpora):
    pdf = sorted((corpora / "pdf").rglob("*.pdf"))[0].read_bytes()
    scan = scans / "scan-0001.pdf"
    scan.write_bytes(pdf)
    _age(scan, 600)

    result = _poll(watched)

    assert result.taken_in == ["scan-0001.pdf"]
    assert not scan.exists()
    assert (scans / "processed" / "scan-0001.pdf").read_bytes() == pdf
    case = Case.objects.get()
    assert case.document.channel == Document.Channel.FOLDER
    assert case.document.filename == "scan-0001.pdf"
    assert case.document.origin == {"folder": "acme/scans", "filename": "scan-0001.pdf"}
    assert watched.last_error == ""


def test_a_new_file_waits_for_the_next_poll_and_is_taken_if_unchanged(watched, scans):
    scan = scans / "fresh.pdf"
    scan.write_bytes(b"%PDF-1.4 fresh")

    first = _poll(watched)

    assert first.waiting == ["fresh.pdf"]
    assert scan.exists()
    assert not Case.objects.exists()

    second = _poll(watched)

    assert second.taken_in == ["fresh.pdf"]
    assert (scans / "processed" / "fresh.pdf").exists()


def test_a_file_still_growing_keeps_waiting(watched, scans):
    scan = scans / "growing.pdf"
    scan.write_bytes(b"%PDF-1.4 part one")
    _poll(watched)
    with scan.open("ab") as handle:
        handle.write(b" and part two")

    result = _poll(watched)

    assert result.waiting == ["growing.pdf"]
    assert scan.exists()
    assert not Case.objects.exists()


def test_a_file_too_large_goes_to_failed_with_the_reason(watched, scans, settings):
    settings.MAX_DOCUMENT_BYTES = 10
    scan = scans / "big.pdf"
    scan.write_bytes(b"%PDF-1.4 " + b"x" * 100)
    _age(scan, 600)

    _poll(watched)

    assert (scans / "failed" / "big.pdf").exists()
    reason = (scans / "failed" / "big.pdf.reason.txt").read_text()
    assert "the limit is 10" in reason
    assert "big.pdf" in watched.last_error
    assert not Document.objects.exists()


def test_a_file_failing_unexpectedly_goes_to_failed(watched, scans, monkeypatch):
    def failing_storage(data):
        raise OSError("disk full")

    monkeypatch.setattr("intake.services.store_original", failing_storage)
    scan = scans / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    _age(scan, 600)

    _poll(watched)

    assert (scans / "failed" / "scan.pdf").read_bytes() == b"%PDF-1.4 scan"
    assert "disk full" in (scans / "failed" / "scan.pdf.reason.txt").read_text()


def test_a_second_file_of_the_same_name_does_not_overwrite_the_first(watched, scans):
    for content in (b"%PDF-1.4 first", b"%PDF-1.4 second"):
        scan = scans / "scan.pdf"
        scan.write_bytes(content)
        _age(scan, 600)
        _poll(watched)

    processed = scans / "processed"
    assert (processed / "scan.pdf").read_bytes() == b"%PDF-1.4 first"
    assert (processed / "scan (2).pdf").read_bytes() == b"%PDF-1.4 second"
    assert Case.objects.count() == 2


def test_hidden_and_temporary_files_and_subfolders_are_left_alone(watched, scans):
    for name in (".scan.pdf", "~lock.pdf", "scan.pdf.part", "scan.tmp"):
        (scans / name).write_bytes(b"%PDF-1.4")
        _age(scans / name, 600)
    (scans / "archive").mkdir()

    result = _poll(watched)

    assert result.taken_in == []
    assert sorted(p.name for p in scans.iterdir()) == sorted(
        [".scan.pdf", "~lock.pdf", "scan.pdf.part", "scan.tmp", "archive"]
    )


def test_a_missing_folder_is_recorded_not_raised(watched, scans):
    scans.rmdir()

    result = _poll(watched)

    assert "does not exist" in result.error
    assert "does not exist" in watched.last_error
    assert watched.busy_until is None


def test_a_folder_outside_the_root_is_refused(administration, root, tmp_path):
    root.mkdir()
    outside = WatchedFolder.objects.create(administration=administration, path="../../etc")

    result = poll_watched_folder(folder_id=outside.pk)

    assert "outside the folders root" in result.error
    form = WatchedFolderForm(
        data={"administration": administration.pk, "path": "../elsewhere", "enabled": True}
    )
    assert not form.is_valid()
    assert "outside the folders root" in str(form.errors["path"])
