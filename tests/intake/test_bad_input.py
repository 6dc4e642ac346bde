"""Bad input ends as a case, never as a crash: corrupt, truncated and password-protected PDFs,
empty files, XML with a DTD or entities, archives that expand without bound, oversized images
and e-mail in odd encodings each end in a final state, an unreadable one with a reason a person
can read, and the original is kept byte for byte.

The files come from ``tests/intake/mutations/``; each is received and then read inline, as
the worker reads it.
"""

import hashlib
import re

import pytest

from cases.models import Case
from intake.channels.email import ingest_message
from intake.pipeline import read_case_document
from intake.services import receive_document
from intake.storage import content_hash, read_original
from tests.intake.mutations import all_mutations

MUTATIONS = all_mutations()

FINAL = {
    Case.Status.UNREADABLE,
    Case.Status.NEEDS_REVIEW,
    Case.Status.READY_FOR_APPROVAL,
    Case.Status.DUPLICATE,
}
# What a reader that crashed leaves behind instead of its own reason.
CRASH_SIGNS = re.compile(
    r"Reading failed unexpectedly|Traceback|File \"|\b[A-Z]\w*(Error|Exception|Warning): "
)


def test_there_are_at_least_200_distinct_mutations():
    digests = {hashlib.sha256(mutation.data()).digest() for mutation in MUTATIONS}

    assert len({mutation.name for mutation in MUTATIONS}) == len(MUTATIONS)
    assert len(digests) == len(MUTATIONS) >= 200


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda mutation: mutation.name)
def test_bad_input_ends_in_a_final_state_with_a_plain_reason(administration, mutation):
    data = mutation.data()

    if mutation.by_email:
        ingested = ingest_message(administration=administration, data=data)
        original = ingested.message
        cases = [read_case_document(case_id=case.pk) for case in ingested.cases]
    else:
        case = receive_document(
            administration=administration, data=data, filename=mutation.name, channel="upload"
        )
        original = case.document
        cases = [read_case_document(case_id=case.pk)]

    assert read_original(original.sha256) == data
    for case in cases:
        assert case.status in FINAL, (case.document.filename, case.status)
        assert content_hash(read_original(case.document.sha256)) == case.document.sha256
        if case.status == Case.Status.UNREADABLE:
            reason = case.get_status_reason_display()
            assert reason.strip()
            assert not CRASH_SIGNS.search(reason), reason
