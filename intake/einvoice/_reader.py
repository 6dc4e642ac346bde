"""Shared by the UBL and CII readers: typed errors, and reading one value into a Field.

Every value read from XML gets confidence 1.0 and its exact path as source. A value that is
present but not parseable (a date like "31-12-2024", an amount "1,00") becomes a warning and is
left out: the reader extracts, validation comes later. What is skipped without touching the
invoice's data (an embedded file that cannot be decoded) is a note instead.
"""

import base64
import binascii
import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext_noop
from lxml import etree

from exactbridge.helpers.messages import Message, MessageError, message
from exactbridge.helpers.money import parse_xml_decimal
from intake.extracted import Attachment, ExtractedLine, Field

XML_CONFIDENCE = 1.0
# No invoice holds a number this large; a case stores amounts of up to 14 integer digits.
MAX_NUMBER = Decimal(10) ** 14

_XS_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?")
# "[FURN_7777] Office Chair", "*987123* Olive Oil": an item's code printed before its name.
_CODE_PREFIX = re.compile(r"^\s*(?:\[([^\]]+)\]|\*([^*]+)\*)\s*")


class EInvoiceError(MessageError, ValueError):
    """An e-invoice could not be read; ``message`` is a plain-language reason."""


class NotAnEInvoice(EInvoiceError):
    """Well-formed XML (or a PDF) that holds no e-invoice format this reader knows."""


class UnreadablePdf(EInvoiceError):
    """The PDF is damaged, encrypted or otherwise cannot be opened to look for embedded XML."""


class XmlReader:
    """Reads values relative to context elements and collects warnings on the way: a warning
    says the invoice's data is incomplete or contradicts itself (a case with one needs review);
    a note tells of something left out that the data does not depend on."""

    def __init__(
        self, *, root: etree._Element, namespaces: dict[str, str], prefixes: dict[str, str]
    ):
        self.root = root
        self.namespaces = namespaces
        # namespace URI -> prefix used in `source` paths ("" for the root's default namespace).
        self.prefixes = prefixes
        self.warnings: list[Message] = []
        self.notes: list[Message] = []

    def path(self, element: etree._Element) -> str:
        steps = []
        node = element
        while node is not None:
            qname = etree.QName(node)
            prefix = self.prefixes.get(qname.namespace, node.prefix)
            name = f"{prefix}:{qname.localname}" if prefix else qname.localname
            parent = node.getparent()
            if parent is not None:
                same = parent.findall(node.tag)
                if len(same) > 1:
                    name += f"[{same.index(node) + 1}]"
            steps.append(name)
            node = parent
        return "/" + "/".join(reversed(steps))

    def all(self, context: etree._Element | None, xpath: str, **variables: str) -> list:
        if context is None:
            return []
        return context.xpath(xpath, namespaces=self.namespaces, **variables)

    def first(self, context: etree._Element | None, *xpaths: str, **variables: str):
        """The first element found, trying each XPath in order of preference."""
        if context is None:
            return None
        for xpath in xpaths:
            found = self.all(context, xpath, **variables)
            if found:
                return found[0]
        return None

    def text(self, context, *xpaths: str, **variables: str) -> Field[str] | None:
        """Text with whitespace runs collapsed; an element that is empty counts as absent."""
        if context is None:
            return None
        for xpath in xpaths:
            for element in self.all(context, xpath, **variables):
                value = " ".join((element.text or "").split())
                if value:
                    return Field(value, XML_CONFIDENCE, self.path(element))
        return None

    def attribute(self, element, name: str) -> Field[str] | None:
        if element is None or not (element.get(name) or "").strip():
            return None
        return Field(element.get(name).strip(), XML_CONFIDENCE, f"{self.path(element)}/@{name}")

    def decimal(self, context, *xpaths: str, **variables: str) -> Field[Decimal] | None:
        found = self.text(context, *xpaths, **variables)
        if found is None:
            return None
        try:
            value = parse_xml_decimal(text=found.value)
        except ValueError:
            self.warn(
                message(
                    gettext_noop(
                        "%(path)s holds %(value)r, which is not a number; it was not read."
                    ),
                    path=found.source,
                    value=found.value,
                )
            )
            return None
        if abs(value) >= MAX_NUMBER:
            self.warn(
                message(
                    gettext_noop(
                        "%(path)s holds %(value)s, a number too large for an invoice; it was "
                        "not read."
                    ),
                    path=found.source,
                    value=found.value[:40],
                )
            )
            return None
        return Field(value, XML_CONFIDENCE, found.source)

    def iso_date(self, context, *xpaths: str) -> Field[datetime.date] | None:
        """An xs:date ("2024-12-31", optionally with a time zone), as UBL writes dates."""
        found = self.text(context, *xpaths)
        if found is None:
            return None
        match = _XS_DATE.fullmatch(found.value)
        return self._to_date(found, match.group(1) if match else None, "%Y-%m-%d")

    def cii_date(self, context, *xpaths: str) -> Field[datetime.date] | None:
        """A udt:DateTimeString; only format 102 (YYYYMMDD) names a single day."""
        found = self.text(context, *xpaths)
        if found is None:
            return None
        element = self.first(context, *xpaths)
        date_format = (element.get("format") or "102").strip()
        return self._to_date(found, found.value if date_format == "102" else None, "%Y%m%d")

    def _to_date(self, found: Field[str], text: str | None, pattern: str):
        try:
            if text is None:
                raise ValueError(text)
            value = datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            self.warn(
                message(
                    gettext_noop(
                        "%(path)s holds %(value)r, which is not a date this reader understands."
                    ),
                    path=found.source,
                    value=found.value,
                )
            )
            return None
        return Field(value, XML_CONFIDENCE, found.source)

    def binary(self, element, *, filename_attr: str, mime_attr: str) -> Attachment | None:
        """A base64 embedded file (e.g. the PDF rendition), decoded."""
        source = self.path(element)
        try:
            content = base64.b64decode("".join((element.text or "").split()), validate=True)
        except (binascii.Error, ValueError):
            # The invoice's data is whole without its rendition: no reason for a review.
            self.note(
                message(
                    gettext_noop("The attachment at %(path)s is not valid base64 and was skipped."),
                    path=source,
                )
            )
            return None
        if not content:
            return None
        return Attachment(
            filename=(element.get(filename_attr) or "").strip(),
            mime_type=(element.get(mime_attr) or "").strip(),
            content=content,
            source=source,
        )

    def warn(self, warning: Message) -> None:
        self.warnings.append(warning)

    def note(self, note: Message) -> None:
        self.notes.append(note)


def is_text_line(line: ExtractedLine) -> bool:
    """Whether an e-invoice line only carries text — a section title ("--- Non Food ---") or a
    note that some systems (Odoo) send as a line: quantity and amount zero, price zero or
    absent, and no item identified. Such a line is no invoice line; kept, it would become a
    zero line of the posting."""
    numbers = (line.quantity, line.amount)
    return (
        line.item_code is None
        and all(found is not None and found.value == 0 for found in numbers)
        and (line.unit_price is None or line.unit_price.value == 0)
    )


def item_text(
    name: Field[str] | None, description: Field[str] | None, *, codes: set[str]
) -> Field[str] | None:
    """What a line says the item is: its name, or its description when that says more (it holds
    the name and adds to it: "Beeswax XL" and "Beeswax XL Acme beeswax").

    A leading "[CODE]" or "*CODE*" that repeats one of the item's own identifiers (`codes`) is
    left out of either: the item code is a field of its own."""
    name, description = _without_code(name, codes), _without_code(description, codes)
    if name is None or description is None:
        return name or description
    said, more = name.value.casefold(), description.value.casefold()
    return description if said in more and len(more) > len(said) else name


def _without_code(found: Field[str] | None, codes: set[str]) -> Field[str] | None:
    if found is None:
        return None
    match = _CODE_PREFIX.match(found.value)
    if match is None or (match.group(1) or match.group(2)).strip() not in codes:
        return found
    rest = found.value[match.end() :]
    return Field(rest, found.confidence, found.source) if rest else None
