"""`manage.py ingest` takes files in from the command line and, with --wait, reports outcomes."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cases.models import Case


def test_ingest_and_wait_reads_every_file(administration, corpora, tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    out = StringIO()

    call_command(
        "ingest",
        str(corpora / "ubl/peppol-bis3/examples/base-example.xml"),
        str(empty),
        administration="acme",
        wait=True,
        stdout=out,
    )

    statuses = dict(Case.objects.values_list("document__filename", "status"))
    assert statuses == {"base-example.xml": "needs_review", "empty.pdf": "unreadable"}
    assert "empty.pdf: Unreadable" in out.getvalue()


def test_missing_file_is_reported_and_the_rest_taken_in(administration, corpora, tmp_path):
    err = StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command(
            "ingest",
            str(tmp_path / "nope.pdf"),
            str(corpora / "ubl/peppol-bis3/examples/base-example.xml"),
            administration="acme",
            stdout=StringIO(),
            stderr=err,
        )
    assert "nope.pdf" in err.getvalue()
    assert Case.objects.count() == 1


def test_unknown_administration_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No administration"):
        call_command("ingest", str(tmp_path / "x"), administration="nope")
