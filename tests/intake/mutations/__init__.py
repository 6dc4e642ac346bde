"""Bad input built from the corpora: a repeatable list of broken, hostile and odd files.

Each ``Mutation`` has a name (the test id), a kind (for counting), whether it arrives by e-mail,
and builds its bytes on demand: a few are tens of megabytes, and collecting the tests should
not build them. Randomness comes from one seed and the mutation's name, so a failing id names
the same bytes on every run (pypdf's encryption salts included: they are drawn from it too).

Byte damage (``damage``: truncation, flipped bits, overwritten, zeroed, duplicated or removed
chunks) goes to XML, PDF, PNG and e-mail sources; one module per family covers what random
damage rarely hits: DTDs, entities and odd encodings (``xml_documents``), password-protected
and structurally broken PDFs and hostile XML inside a Factur-X PDF (``pdfs``), archives that
expand without bound (``archives``), oversized images (``images``), empty files (``empty``)
and mail in odd charsets or without its boundaries (``mails``).
"""

from __future__ import annotations

from tests.intake.mutations import archives, damage, empty, images, mails, pdfs, xml_documents
from tests.intake.mutations.base import Mutation

__all__ = ["Mutation", "all_mutations"]

FAMILIES = (damage, xml_documents, pdfs, archives, images, empty, mails)


def all_mutations() -> list[Mutation]:
    return [mutation for family in FAMILIES for mutation in family.mutations()]
