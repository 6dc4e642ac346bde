"""Parse untrusted XML without letting it reach the file system, the network or the memory limit.

Invoices arrive from strangers. A DOCTYPE is the door for external entities (file and network
reads) and entity expansion bombs ("billion laughs"); no e-invoice format needs one, so any
document that declares one is refused outright rather than parsed "carefully".
"""

import re

from django.utils.translation import gettext_noop
from lxml import etree

from exactbridge.helpers.messages import MessageError, message

# Far above any real invoice with an embedded PDF rendition, far below what hurts a worker.
MAX_XML_BYTES = 64 * 1024 * 1024
# Only the prolog is scanned: a DOCTYPE can stand nowhere else.
_PROLOG_SCAN_CHARS = 1024 * 1024
_WHITESPACE = re.compile(r"\s*")


class XmlError(MessageError, ValueError):
    """The bytes could not be accepted as XML; ``message`` is a plain-language reason."""


class UnsafeXmlError(XmlError):
    """The XML uses a feature that is refused for safety (DOCTYPE, entities, oversized parts)."""


class MalformedXmlError(XmlError):
    """The bytes are not well-formed XML."""


class _RefuseAllResolver(etree.Resolver):
    """Belt and braces: should libxml2 ever try to load something, refuse it."""

    def resolve(self, system_url, public_id, context):
        raise UnsafeXmlError(
            message(
                gettext_noop(
                    "The XML tries to load an outside resource (%(url)s); that is refused."
                ),
                url=str(system_url),
            )
        )


def _declares_doctype(data: bytes) -> bool:
    """Spot a DOCTYPE in the prolog, so it is refused before libxml2 reads any of the DTD."""
    head = data[: _PROLOG_SCAN_CHARS * 4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    elif head[:1] == b"\x00" or head[1:2] == b"\x00":
        text = head.decode("utf-16-be" if head[:1] == b"\x00" else "utf-16-le", errors="replace")
    else:
        text = head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    text = text[:_PROLOG_SCAN_CHARS].lstrip("\ufeff")
    position = 0
    # Walk over the XML declaration, comments and processing instructions; a plain loop
    # because a regex over repeated optional parts can backtrack for ever.
    while True:
        position = _WHITESPACE.match(text, position).end()
        for opener, closer in (("<?", "?>"), ("<!--", "-->")):
            if text.startswith(opener, position):
                end = text.find(closer, position + len(opener))
                if end < 0:
                    return False
                position = end + len(closer)
                break
        else:
            return text.startswith("<!DOCTYPE", position)


_DOCTYPE_REFUSED = gettext_noop(
    "The XML declares a DOCTYPE (a DTD or entities). E-invoices never need one, and "
    "it can be used to read files or exhaust memory, so the file is refused."
)


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        collect_ids=False,
    )
    parser.resolvers.add(_RefuseAllResolver())
    return parser


def parse_xml(*, data: bytes) -> etree._Element:
    """Return the root element of `data`, or raise UnsafeXmlError / MalformedXmlError.

    No DTD is loaded, no entity is resolved, nothing is fetched, and a document with any
    DOCTYPE declaration is refused.
    """
    if not isinstance(data, bytes):
        raise TypeError("parse_xml takes bytes")
    if not data.strip():
        raise MalformedXmlError(message(gettext_noop("The file is empty.")))
    if len(data) > MAX_XML_BYTES:
        raise UnsafeXmlError(
            message(
                gettext_noop("The XML is larger than %(limit)d MB and is not read."),
                limit=MAX_XML_BYTES // (1024 * 1024),
            )
        )
    if _declares_doctype(data):
        raise UnsafeXmlError(message(_DOCTYPE_REFUSED))
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        detail = str(exc)
        # libxml2 stops at its size limits when huge_tree is off; that is a refusal, not a typo.
        if "huge" in detail.lower() or "amplification" in detail.lower():
            raise UnsafeXmlError(
                message(
                    gettext_noop("The XML has a part too large to read safely (%(detail)s)."),
                    detail=detail,
                )
            ) from exc
        raise MalformedXmlError(
            message(gettext_noop("The file is not well-formed XML: %(detail)s"), detail=detail)
        ) from exc
    if root is None:
        raise MalformedXmlError(message(gettext_noop("The file holds no XML element.")))
    docinfo = root.getroottree().docinfo
    # The prolog scan covers ASCII-compatible encodings and UTF-16; this covers the rest.
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise UnsafeXmlError(message(_DOCTYPE_REFUSED))
    return root
