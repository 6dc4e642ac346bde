"""An e-mail in: every attachment becomes a case, the message is kept with them as context,
and a message without attachments is a case itself. Bad mail ends explained, never in a crash."""

import io
import zipfile
from email.message import EmailMessage

import pytest

from cases.models import Case
from exactbridge.audit.models import AuditEvent
from intake.channels.email import ingest_message
from intake.models import Document
from intake.services import DocumentTooLarge
from intake.storage import read_original
from tests.intake.channels.conftest import ALL_EMAILS

FINISHED = {
    Case.Status.NEEDS_REVIEW,
    Case.Status.READY_FOR_APPROVAL,
    Case.Status.UNREADABLE,
    Case.Status.DUPLICATE,
}


def _ingest(administration, data):
    return ingest_message(administration=administration, data=data)


def test_a_pdf_attachment_becomes_a_case_and_the_message_its_context(administration, eml):
    data = eml("flanker/attached-pdf.eml")

    result = _ingest(administration, data)

    [case] = result.cases
    assert case.document.filename == "test.pdf"
    assert case.document.media_type == "application/pdf"
    assert case.document.channel == Document.Channel.EMAIL
    assert case.document.parent == result.message
    message = result.message
    assert message.media_type == "message/rfc822"
    assert message.origin["subject"] == "test message via curl - extra content-type (_001_)"
    assert not message.cases.exists()  # context, not work
    assert read_original(message.sha256) == data
    assert AuditEvent.objects.filter(
        action="document.kept_as_context", object_id=str(message.pk)
    ).exists()


def test_the_attachment_knows_its_message(administration, eml):
    result = _ingest(administration, eml("mikel-mail/attachment_pdf.eml"))

    [case] = result.cases
    assert case.document.origin == {
        "message_id": "xxxx@xxxx.com",
        "from": "Test Tester <xxxx@xxxx.com>",
        "subject": "Another PDF with 🎉 Unicode chars in it 🍿",
        "filename": "broken.pdf",
    }
    assert result.message.origin["to"] == "xxxx@xxxx.com, xxxx@xxxx.com"
    assert result.message.origin["date"] == "Tue, 10 May 2005 11:26:39 -0600"


def test_the_pdf_inside_a_forwarded_message_becomes_a_case(administration, eml):
    result = _ingest(administration, eml("mikel-mail/attachment_message_rfc822.eml"))

    [case] = result.cases
    assert case.document.filename == "broken.pdf"
    assert case.document.media_type == "application/pdf"
    assert case.document.origin["forwarded_subject"] == "Another PDF"
    assert case.document.parent == result.message


def test_an_inline_pdf_and_a_photo_are_documents_but_a_signature_is_not(administration, eml):
    signed = _ingest(administration, eml("mikel-mail/raw_email7.eml"))
    photo = _ingest(administration, eml("flanker/iphone.eml"))

    assert sorted(c.document.filename for c in signed.cases) == ["test.pdf", "test.rb"]
    assert [c.document.filename for c in photo.cases] == ["photo.JPG"]
    assert photo.cases[0].document.media_type == "image/jpeg"


def test_an_encoded_word_file_name_is_decoded(administration, eml):
    result = _ingest(administration, eml("mikel-mail/attachment_with_base64_encoded_name.eml"))

    assert [c.document.filename for c in result.cases] == ["This is a test.pdf"]


def test_a_message_without_attachments_is_the_case_itself(administration, eml):
    result = _ingest(administration, eml("flanker/text-only.eml"))

    [case] = result.cases
    assert case.document == result.message
    assert case.document.parent is None
    assert case.document.media_type == "message/rfc822"
    assert case.document.filename == "Testing message parsing.eml"


def test_a_bounce_is_one_case_not_the_attachments_of_the_bounced_mail(administration, eml):
    result = _ingest(administration, eml("flanker/office365.eml"))

    assert [c.document for c in result.cases] == [result.message]


def test_the_same_message_twice_is_taken_in_once(administration, eml):
    data = eml("flanker/attached-pdf.eml")
    first = _ingest(administration, data)

    again = _ingest(administration, data.replace(b"\n", b"\r\n"))  # as IMAP delivers it

    assert again.already_received
    assert again.message == first.message
    assert [c.pk for c in again.cases] == [c.pk for c in first.cases]
    assert Document.objects.count() == 2
    assert Case.objects.count() == 1


def test_the_same_message_in_another_administration_is_taken_in_there(
    administration, other_administration, eml
):
    data = eml("mikel-mail/attachment_pdf.eml")
    _ingest(administration, data)

    other = _ingest(other_administration, data)

    assert not other.already_received
    assert other.cases[0].administration == other_administration


def test_different_messages_sharing_a_message_id_are_both_taken_in(administration, eml):
    # Three messages of the corpus carry the same Message-ID; none may be lost.
    forwarded = _ingest(administration, eml("mikel-mail/attachment_message_rfc822.eml"))
    signed = _ingest(administration, eml("mikel-mail/raw_email7.eml"))

    assert forwarded.message.origin["message_id"] == signed.message.origin["message_id"]
    assert not signed.already_received
    assert len(signed.cases) == 2


def test_a_zip_attachment_is_kept_whole_and_never_unpacked(
    administration, reading_inline, settings
):
    settings.MAX_DOCUMENT_BYTES = 64 * 1024
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("zeros.bin", b"\0" * (20 * 1024 * 1024))  # 20 MB in about 20 KB
    message = EmailMessage()
    message["From"] = "supplier@example.test"
    message["Subject"] = "Invoices"
    message["Message-ID"] = "<zip-1@example.test>"
    message.set_content("The invoices are in the archive.")
    message.add_attachment(
        archive.getvalue(), maintype="application", subtype="zip", filename="invoices.zip"
    )

    with reading_inline():
        result = _ingest(administration, message.as_bytes())

    [case] = result.cases
    case.refresh_from_db()
    assert case.document.media_type == "application/zip"
    assert case.status == Case.Status.UNREADABLE
    assert "application/zip" in case.get_status_reason_display()
    assert Document.objects.count() == 2  # the message and the archive, nothing from inside


def test_a_message_over_the_limit_is_refused_and_nothing_stored(administration, eml, settings):
    settings.MAX_DOCUMENT_BYTES = 1000

    with pytest.raises(DocumentTooLarge, match="limit is 1000"):
        _ingest(administration, eml("flanker/attached-pdf.eml"))

    assert not Document.objects.exists()


def test_a_message_that_cannot_be_taken_apart_is_an_unreadable_case(administration, monkeypatch):
    def broken(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("intake.channels.mime._attachments", broken)
    message = EmailMessage()
    message["Subject"] = "Nested forever"
    message.set_content("x")
    message.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="a.pdf")

    result = _ingest(administration, message.as_bytes())

    [case] = result.cases
    assert case.document == result.message
    assert case.status == Case.Status.UNREADABLE
    assert "nested too deeply" in case.get_status_reason_display()
    assert "original message is kept" in case.get_status_reason_display()


@pytest.mark.parametrize(
    "name",
    [
        "flanker/missing-final-boundary.eml",
        "flanker/enclosed-bad-encoding.eml",
        "mikel-mail/ks_c_5601-1987.eml",
        "mikel-mail/japanese_shift_jis.eml",
        "mikel-mail/japanese_iso_2022.eml",
        "mikel-mail/encoding_madness.eml",
    ],
)
def test_malformed_and_oddly_encoded_mail_is_a_case_with_its_headers_decoded(
    administration, eml, name
):
    result = _ingest(administration, eml(name))

    [case] = result.cases
    assert case.document == result.message
    assert result.message.origin["subject"]
    assert "\ufffd" not in result.message.origin["subject"]


def test_a_japanese_subject_is_decoded(administration, eml):
    result = _ingest(administration, eml("mikel-mail/japanese_iso_2022.eml"))

    assert result.message.origin["subject"] == "まみむめも"
    assert result.message.origin["to"] == "みける <raasdnil@gmail.com>"


@pytest.mark.parametrize("name", ALL_EMAILS)
def test_every_corpus_mail_ends_in_finished_cases_with_the_original_kept(
    administration, eml, reading_inline, name
):
    data = eml(name)

    with reading_inline():
        result = _ingest(administration, data)

    assert result.cases, "every message leads to at least one case"
    assert read_original(result.message.sha256) == data
    for case in Case.objects.filter(pk__in=[c.pk for c in result.cases]):
        assert case.status in FINISHED, f"{case.document.filename}: {case.status}"
        if case.status == Case.Status.UNREADABLE:
            assert case.get_status_reason_display()
