"""Polling a mailbox: each message is taken in and moved on, so nothing is read twice or lost,
and whatever goes wrong is written on the mailbox instead of breaking the worker."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from cases.models import Case
from intake.channel_models import Mailbox
from intake.channels import tasks
from intake.channels.imap import mailbox_name, poll_mailbox
from intake.models import Document

PROCESSED = "ExactBridge/Processed"
FAILED = "ExactBridge/Failed"


def _poll(mailbox):
    result = poll_mailbox(mailbox_id=mailbox.pk)
    mailbox.refresh_from_db()
    return result


def test_messages_are_taken_in_and_moved_to_the_processed_folder(mailbox, imap_server, eml):
    pdf_mail = eml("flanker/attached-pdf.eml")
    text_mail = eml("flanker/text-only.eml")
    imap_server.deliver(pdf_mail)
    imap_server.deliver(text_mail)

    result = _poll(mailbox)

    assert result.taken_in == 2
    assert imap_server.messages("INBOX") == []
    assert imap_server.messages(PROCESSED) == [pdf_mail, text_mail]
    assert Case.objects.filter(document__filename="test.pdf").exists()
    message = Document.objects.get(
        parent=None, origin__subject="test message via curl - extra content-type (_001_)"
    )
    assert message.origin["mailbox"] == "invoices@acme.test@imap.example.test/INBOX"
    assert mailbox.last_polled_at is not None
    assert mailbox.last_error == ""
    assert imap_server.logged_out == 1


def test_nothing_is_read_twice(mailbox, imap_server, eml):
    imap_server.deliver(eml("mikel-mail/attachment_pdf.eml"))
    _poll(mailbox)

    second = _poll(mailbox)

    assert second.taken_in == 0
    assert imap_server.fetched == [1]
    assert Case.objects.count() == 1


def test_a_message_put_back_in_the_inbox_is_not_taken_in_again(mailbox, imap_server, eml):
    data = eml("mikel-mail/attachment_pdf.eml")
    imap_server.deliver(data)
    _poll(mailbox)
    imap_server.deliver(data)  # someone moved it back by hand

    result = _poll(mailbox)

    assert result.already_received == 1
    assert imap_server.messages("INBOX") == []
    assert len(imap_server.messages(PROCESSED)) == 2
    assert Case.objects.count() == 1


def test_a_message_that_cannot_be_taken_in_goes_to_the_failed_folder(
    mailbox, imap_server, eml, settings
):
    small = eml("flanker/text-only.eml")
    large = eml("flanker/attached-pdf.eml")
    settings.MAX_DOCUMENT_BYTES = len(small) + 1
    imap_server.deliver(large)
    imap_server.deliver(small)

    result = _poll(mailbox)

    assert result.taken_in == 1
    assert imap_server.messages(FAILED) == [large]
    assert imap_server.messages(PROCESSED) == [small]
    assert "UID 1" in mailbox.last_error
    assert "the limit is" in mailbox.last_error
    assert not Document.objects.filter(filename="test.pdf").exists()


def test_a_message_failing_unexpectedly_goes_to_the_failed_folder(
    mailbox, imap_server, eml, monkeypatch
):
    def failing_storage(data):
        raise OSError("disk full")

    monkeypatch.setattr("intake.services.store_original", failing_storage)
    data = eml("flanker/text-only.eml")
    imap_server.deliver(data)

    result = _poll(mailbox)

    assert result.failed
    assert imap_server.messages(FAILED) == [data]
    assert "disk full" in mailbox.last_error
    assert not Case.objects.exists()


def test_without_move_the_message_is_copied_flagged_and_expunged(mailbox, imap_server, eml):
    imap_server.capabilities = ["IMAP4REV1"]
    data = eml("flanker/text-only.eml")
    imap_server.deliver(data)

    _poll(mailbox)

    assert imap_server.messages("INBOX") == []
    assert imap_server.messages(PROCESSED) == [data]


def test_a_wrong_password_is_recorded_and_no_message_is_touched(mailbox, imap_server, eml):
    imap_server.password = "changed"
    data = eml("flanker/text-only.eml")
    imap_server.deliver(data)

    result = _poll(mailbox)

    assert "Authentication failed" in result.error
    assert "Authentication failed" in mailbox.last_error
    assert imap_server.messages("INBOX") == [data]
    assert mailbox.busy_until is None


def test_a_missing_folder_is_recorded(mailbox, imap_server):
    Mailbox.objects.filter(pk=mailbox.pk).update(folder="Invoices")

    _poll(mailbox)

    assert "Invoices cannot be opened" in mailbox.last_error


def test_a_disabled_mailbox_is_not_polled(mailbox, imap_server, eml):
    Mailbox.objects.filter(pk=mailbox.pk).update(enabled=False)
    imap_server.deliver(eml("flanker/text-only.eml"))

    assert poll_mailbox(mailbox_id=mailbox.pk) is None
    assert imap_server.fetched == []


def test_a_mailbox_being_polled_is_not_polled_again_at_the_same_time(mailbox, imap_server, eml):
    Mailbox.objects.filter(pk=mailbox.pk).update(busy_until=timezone.now() + timedelta(minutes=5))
    imap_server.deliver(eml("flanker/text-only.eml"))

    assert poll_mailbox(mailbox_id=mailbox.pk) is None
    assert imap_server.fetched == []


def test_the_scheduled_job_polls_every_enabled_mailbox(
    mailbox, imap_server, eml, monkeypatch, administration
):
    monkeypatch.setattr(
        tasks, "async_task", lambda path, object_id, **options: tasks.poll_mailbox(object_id)
    )
    disabled = Mailbox.objects.create(
        administration=administration,
        host="imap.example.test",
        username="old@acme.test",
        password="x",
        enabled=False,
    )
    imap_server.deliver(eml("flanker/text-only.eml"))

    tasks.poll_mailboxes()

    assert imap_server.messages(PROCESSED)
    disabled.refresh_from_db()
    assert disabled.last_polled_at is None


def test_the_password_is_stored_encrypted(mailbox):
    with connection.cursor() as cursor:
        cursor.execute("SELECT password FROM intake_mailbox WHERE id = %s", [mailbox.pk])
        stored = cursor.fetchone()[0]

    assert "s3cret" not in stored
    assert Mailbox.objects.get(pk=mailbox.pk).password == "s3cret"


def test_folder_names_are_quoted_and_encoded_for_imap():
    assert mailbox_name("INBOX") == '"INBOX"'
    assert mailbox_name('Facturen "oud"') == '"Facturen \\"oud\\""'
    assert mailbox_name("Verwerkt & klaar") == '"Verwerkt &- klaar"'
    assert mailbox_name("Bestätigt") == '"Best&AOQ-tigt"'
