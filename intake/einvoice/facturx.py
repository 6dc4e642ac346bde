"""Find the e-invoice XML inside a PDF (Factur-X, ZUGFeRD 2.x, XRechnung, Odoo's embedded UBL).

When a PDF carries such XML the XML is the truth, not the rendered page; what it leaves out is
read from the page by intake.extraction.embedded.
"""

import io
import logging

import pypdf
from django.utils.translation import gettext_noop
from pypdf.generic import ArrayObject, DictionaryObject

from exactbridge.helpers.messages import message
from intake.einvoice import READ_ERRORS, detect_format, read_einvoice
from intake.einvoice._reader import UnreadablePdf
from intake.extracted import ExtractedInvoice

# The names the specifications give the invoice XML, in order of preference.
KNOWN_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml")
MAX_EMBEDDED_BYTES = 64 * 1024 * 1024

logger = logging.getLogger(__name__)


def embedded_xml(*, pdf_bytes: bytes) -> bytes | None:
    """The e-invoice XML embedded in `pdf_bytes`, or None if it has none.

    Looks at the EmbeddedFiles name tree and at the catalog's /AF (associated files). A file
    with one of KNOWN_NAMES wins; otherwise the first other *.xml that is an e-invoice.
    Raises UnreadablePdf when the PDF cannot be opened.
    """
    files = _embedded_files(pdf_bytes)
    by_name = {name.lower(): content for name, content in files}
    for name in KNOWN_NAMES:
        if name in by_name:
            return by_name[name]
    for name, content in files:
        if name.lower().endswith(".xml"):
            try:
                detect_format(xml_bytes=content)
            except READ_ERRORS:
                continue
            return content
    return None


def read_facturx(*, pdf_bytes: bytes) -> ExtractedInvoice | None:
    """Read the e-invoice embedded in a PDF; None when the PDF carries no e-invoice XML."""
    xml = embedded_xml(pdf_bytes=pdf_bytes)
    return None if xml is None else read_einvoice(data=xml)


def _embedded_files(pdf_bytes: bytes) -> list[tuple[str, bytes]]:
    # The header may follow up to 1 KB of junk, as readers tolerate.
    if b"%PDF-" not in pdf_bytes[:1024]:
        raise UnreadablePdf(message(gettext_noop("The file is not a PDF.")))
    try:
        reader = pypdf.PdfReader(io.BytesIO(pdf_bytes), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadablePdf(
                message(
                    gettext_noop("The PDF is password-protected; its attachments cannot be read.")
                )
            )
        files = [(item.name, item.content) for item in reader.attachment_list]
        if not files:
            files = _associated_files(reader.trailer["/Root"].get_object())
    except UnreadablePdf:
        raise
    # pypdf reports damaged input through many exception types (PdfReadError, KeyError,
    # ValueError, TypeError, RecursionError...); all of them mean "this PDF cannot be read".
    except Exception as exc:
        logger.info("unreadable PDF: %r", exc)
        raise UnreadablePdf(
            message(
                gettext_noop("The PDF is damaged and cannot be opened (%(detail)s)."),
                detail=str(exc) or type(exc).__name__,
            )
        ) from exc
    for name, content in files:
        if len(content) > MAX_EMBEDDED_BYTES:
            raise UnreadablePdf(
                message(
                    gettext_noop("The PDF attachment %(name)s is too large to read."),
                    name=str(name),
                )
            )
    return files


def _associated_files(catalog: DictionaryObject) -> list[tuple[str, bytes]]:
    """Files listed only in the catalog's /AF array (PDF/A-3), not in the name tree."""
    found = []
    associated = catalog.get("/AF")
    associated = associated.get_object() if associated is not None else None
    if not isinstance(associated, ArrayObject):
        return found
    for spec in associated:
        spec = spec.get_object()
        if not isinstance(spec, DictionaryObject) or "/EF" not in spec:
            continue
        stream = spec["/EF"].get_object().get("/F")
        name = spec.get("/UF") or spec.get("/F")
        if stream is not None and name is not None:
            found.append((str(name), stream.get_object().get_data()))
    return found
