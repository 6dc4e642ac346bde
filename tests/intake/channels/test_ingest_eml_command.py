"""`manage.py ingest_eml FILE... --administration CODE` takes saved e-mails in."""

import pytest
from django.core.management import CommandError, call_command

from cases.models import Case
from intake.models import Document


def _run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("ingest_eml", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_each_file_is_taken_in_and_reported(administration, corpora):
    pdf_mail = corpora / "email/flanker/attached-pdf.eml"
    text_mail = corpora / "email/flanker/text-only.eml"

    out, _ = _run(pdf_mail, text_mail, "--administration", "acme")

    assert Case.objects.count() == 2
    assert "test.pdf" in out
    assert "Testing message parsing.eml" in out
    message = Document.objects.get(parent=None, filename__startswith="test message via curl")
    assert message.origin["path"] == str(pdf_mail.resolve())


def test_a_file_taken_in_before_is_skipped(administration, corpora):
    mail = corpora / "email/mikel-mail/attachment_pdf.eml"
    _run(mail, "--administration", "acme")

    out, _ = _run(mail, "--administration", "acme")

    assert "taken in before" in out
    assert Case.objects.count() == 1


def test_an_unknown_administration_stops_the_command(db, corpora):
    with pytest.raises(CommandError, match="No administration"):
        _run(corpora / "email/flanker/text-only.eml", "--administration", "nope")


def test_a_missing_file_is_reported_and_the_others_still_go_in(administration, corpora, tmp_path):
    with pytest.raises(CommandError, match="1 file"):
        _run(
            tmp_path / "missing.eml",
            corpora / "email/flanker/text-only.eml",
            "--administration",
            "acme",
        )

    assert Case.objects.count() == 1
