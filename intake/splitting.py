"""A batch scan split into one document per invoice, and people correcting that split.

Pages are numbered from 1 everywhere here; a split is a list of groups of page numbers, one
group per invoice, such as ``[[1, 2], [3], [4]]`` (written ``"1-2 | 3 | 4"`` for people).

``propose_split`` reads the laid-out pages and decides where a new invoice starts; it is pure.
``split_batch_case`` (the reading pipeline) and ``resplit_batch`` (a person) make one child
document per group, each with its own case, and say so on the batch's case.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pypdf import PdfReader, PdfWriter

from cases.models import Case
from cases.transitions import (
    ALLOWED_TRANSITIONS,
    ActionRefused,
    mark_resplit,
    mark_split,
    reject_case,
    send_back_for_review,
)
from exactbridge.helpers.messages import Message, join, message
from intake.extraction import pdf_pages
from intake.extraction.fields import last_amount, read_invoice_number
from intake.extraction.layout import MAX_PAGES, Page
from intake.extraction.parties import read_iban, read_kvk, read_vat_numbers
from intake.models import Document
from intake.services import receive_document
from intake.storage import read_original

S = Case.Status

# "Page 1 of 3", "pagina 1 van 3", "Seite 2", "Page: 2 / 2", "blad 1 van 2", "p. 1 / 4".
_PAGE_MARKER = re.compile(
    r"\b(?:page|pagina|seite|blad|p\.)\s*:?\s*(\d{1,3})"
    r"(?:\s*(?:of|van|von|de|sur|/)\s*(\d{1,3}))?\b",
    re.IGNORECASE,
)
# The title of an invoice, printed near the top of its first page.
_TITLE = re.compile(
    r"\b(?:factuur|invoice|rechnung|facture|credit\s*note|creditnota|gutschrift|avoir"
    r"|receipt|kwitantie|quittung|reçu)\b",
    re.IGNORECASE,
)
# The line that closes an invoice: its total (not a subtotal) with an amount.
_TOTAL = re.compile(
    r"(?<![\w-])(?:totaal|total|te\s*betalen|amount\s*due|balance\s*due|gesamtbetrag"
    r"|rechnungsbetrag|endbetrag|zahlbetrag|bruttosumme|somme\s*à\s*payer|montant\s*ttc)\b",
    re.IGNORECASE,
)
# Where the title of a first page stands (its top share), and where a total is a summary in
# the header rather than the line that closes the invoice.
TITLE_SHARE = 0.4
SUMMARY_SHARE = 0.15
# Below this, a value read by a weak fallback (no invoice-number label) is no evidence.
MIN_NUMBER_CONFIDENCE = 0.6
# Statuses in which a child of a split holds a person's approval or is in Exact: never re-split.
SETTLED = frozenset({S.APPROVED, S.READY_TO_POST, S.POSTING, S.POSTING_FAILED, S.POSTED})
# Children that cannot be rejected now; re-splitting waits until they have been read.
BEING_READ = frozenset({S.RECEIVED, S.READING})


@dataclass(frozen=True)
class PageSignals:
    """What one page says about where it belongs."""

    number: int
    invoice_number: str | None
    supplier_ids: frozenset[str]
    marker: int | None  # "page N of M": N
    marker_of: int | None  # "page N of M": M
    title_at_top: bool
    closes: bool


def read_signals(page: Page) -> PageSignals:
    found = read_invoice_number([page])
    invoice_number = (
        found.value.upper()
        if found is not None and found.confidence >= MIN_NUMBER_CONFIDENCE
        else None
    )
    vat, _buyer_vat = read_vat_numbers([page])
    ids = frozenset(
        field.value.replace(" ", "").upper()
        for field in (vat, read_iban([page]), read_kvk([page]))
        if field is not None and field.confidence >= MIN_NUMBER_CONFIDENCE
    )
    marker = next((match for line in page.lines if (match := _PAGE_MARKER.search(line.text))), None)
    return PageSignals(
        number=page.number,
        invoice_number=invoice_number,
        supplier_ids=ids,
        marker=int(marker.group(1)) if marker else None,
        marker_of=int(marker.group(2)) if marker and marker.group(2) else None,
        title_at_top=any(
            line.y0 < page.height * TITLE_SHARE and _TITLE.search(line.text) for line in page.lines
        ),
        closes=any(
            line.y0 >= page.height * SUMMARY_SHARE
            and _TOTAL.search(line.text)
            and last_amount(line.text) is not None
            for line in page.lines
        ),
    )


def starts_new_invoice(
    page: PageSignals, *, numbers: set[str], ids: set[str], previous: PageSignals
) -> bool:
    """Whether ``page`` opens a new invoice, after the pages of the invoice read so far
    (whose invoice numbers and supplier identifiers are ``numbers`` and ``ids``).

    The first signal that speaks decides, strongest first: a "page N of M" marker on this page,
    or the previous page's saying it was the last; the page's invoice number against the
    invoice's; a supplier identifier (VAT, IBAN, KvK) that the invoice does not have; an
    invoice title at the top after a page that closed with a total. Without any, the page
    continues the invoice: a one-invoice PDF stays whole.
    """
    if page.marker is not None:
        return page.marker == 1
    if previous.marker is not None and previous.marker == previous.marker_of:
        return True
    if page.invoice_number is not None and numbers:
        return page.invoice_number not in numbers
    if page.supplier_ids and ids and not (page.supplier_ids & ids):
        return True
    return page.title_at_top and previous.closes


def propose_split(pages: list[Page]) -> list[list[int]]:
    """Where the invoices in ``pages`` begin and end: groups of page numbers, in order."""
    groups: list[list[int]] = []
    numbers: set[str] = set()
    ids: set[str] = set()
    previous: PageSignals | None = None
    for page in pages:
        signals = read_signals(page)
        if previous is None or starts_new_invoice(
            signals, numbers=numbers, ids=ids, previous=previous
        ):
            groups.append([])
            numbers, ids = set(), set()
        groups[-1].append(page.number)
        if signals.invoice_number is not None:
            numbers.add(signals.invoice_number)
        ids |= signals.supplier_ids
        previous = signals
    return groups


def page_count(data: bytes) -> int:
    """How many pages the PDF has; raises pypdf's errors when it cannot be opened."""
    return len(_reader(data).pages)


def split_pdf(data: bytes, groups: list[list[int]], *, stamp: str = "") -> list[bytes]:
    """One new PDF per group, holding that group's pages of ``data`` in the group's order.

    ``stamp`` goes into each new PDF's metadata, so that a later split of the same pages makes
    new bytes (the same bytes twice would be taken for a duplicate)."""
    reader = _reader(data)
    results = []
    for group in groups:
        writer = PdfWriter()
        for number in group:
            writer.add_page(reader.pages[number - 1])
        if stamp:
            writer.add_metadata({"/ExactBridgeSplit": f"{stamp} pages {format_groups([group])}"})
        out = io.BytesIO()
        writer.write(out)
        results.append(out.getvalue())
    return results


def batch_pages(data: bytes) -> list[Page]:
    """The laid-out pages of the whole PDF, read in windows of the reader's page limit."""
    return read_batch(data)[0]


def read_batch(data: bytes) -> tuple[list[Page], str]:
    """``batch_pages`` and how its first window was read (intake.extraction.pdf_pages).

    The first MAX_PAGES pages with that format are what ``pdf_pages(data=data)`` returns: a
    PDF that is not split can be read from them without reading (or OCR'ing) it again."""
    count = page_count(data)
    if count <= MAX_PAGES:
        return pdf_pages(data=data)
    pages: list[Page] = []
    first_format = ""
    for start in range(0, count, MAX_PAGES):
        window = list(range(start + 1, min(start + MAX_PAGES, count) + 1))
        read, format_name = pdf_pages(data=split_pdf(data, [window])[0])
        first_format = first_format or format_name
        pages += [dataclasses.replace(page, number=page.number + start) for page in read]
    return pages, first_format


def format_groups(groups: list[list[int]]) -> str:
    """``[[1, 2], [3], [4, 6]]`` as ``"1-2 | 3 | 4, 6"``."""
    return " | ".join(", ".join(_ranges(group)) for group in groups)


def parse_groups(text: str, *, page_count: int) -> list[list[int]]:
    """The groups a person typed ("1-2 | 3 | 4-6"; a new line or ";" also separates groups).

    Every page must be in exactly one group; raises ValueError with the reason otherwise."""
    groups = []
    for part in re.split(r"[|;\n]", text):
        if not part.strip():
            continue
        group: list[int] = []
        # "3 - 5" and "3\u20135" (an en dash) are ranges too.
        part = re.sub(r"\s*[-\u2013]\s*", "-", part.strip())
        for item in re.split(r"[,\s]+", part):
            match = re.fullmatch(r"(\d+)(?:-(\d+))?", item)
            if match is None:
                raise ValueError(_("“%(item)s” is no page or page range.") % {"item": item})
            first, last = int(match.group(1)), int(match.group(2) or match.group(1))
            if first > last:
                raise ValueError(_("“%(item)s” runs backwards.") % {"item": item})
            if first < 1 or last > page_count:
                raise ValueError(
                    _("The document has %(count)d pages; there is no page %(page)d.")
                    % {"count": page_count, "page": last if last > page_count else first}
                )
            group += range(first, last + 1)
        groups.append(group)
    times = Counter(number for group in groups for number in group)
    twice = sorted(number for number, count in times.items() if count > 1)
    missing = sorted(set(range(1, page_count + 1)) - set(times))
    if twice:
        raise ValueError(
            _("Page %(pages)s is in more than one invoice.") % {"pages": ", ".join(map(str, twice))}
        )
    if missing:
        raise ValueError(
            _("Page %(pages)s is in no invoice; every page must be in one.")
            % {"pages": ", ".join(map(str, missing))}
        )
    return groups


@dataclass(frozen=True)
class SplitChild:
    case: Case
    pages: list[int]


def split_children(batch: Document) -> list[SplitChild]:
    """The invoices the batch is split into now (cases not rejected), in page order."""
    cases = (
        Case.objects.filter(document__parent=batch, document__channel=Document.Channel.SPLIT)
        .exclude(status=S.REJECTED)
        .select_related("document")
        .order_by("pk")
    )
    children = [SplitChild(case, list(case.document.origin.get("pages", []))) for case in cases]
    return sorted(children, key=lambda child: child.pages[:1])


@dataclass(frozen=True)
class SplitOverview:
    """A split as the case page shows it: the batch, its pages and the invoices made of them;
    ``child`` is the invoice the page is about when it is one of them."""

    batch_case: Case
    page_count: int
    children: list[SplitChild]
    child: SplitChild | None = None

    @property
    def groups_text(self) -> str:
        return format_groups([child.pages for child in self.children])


def split_overview(case: Case) -> SplitOverview | None:
    """The split ``case`` is the batch of, or one invoice of; None when it is neither."""
    document = case.document
    if document is None:
        return None
    batch_case = case
    if document.channel == Document.Channel.SPLIT and document.parent_id is not None:
        batch_case = (
            Case.objects.filter(document_id=document.parent_id).select_related("document").first()
        )
        if batch_case is None:
            return None
    children = split_children(batch_case.document)
    if not children and batch_case is case:
        return None
    child = next((c for c in children if c.case.pk == case.pk), None)
    if child is None and batch_case is not case:
        child = SplitChild(case, list(document.origin.get("pages", [])))
    return SplitOverview(
        batch_case=batch_case,
        page_count=page_count(read_original(batch_case.document.sha256)),
        children=children,
        child=child,
    )


def split_batch_case(*, case: Case, data: bytes, groups: list[list[int]], actor=None) -> Case:
    """The pipeline's split of a batch being read: a child per group and the batch marked
    split, in one transaction. Run twice, it makes no second set of children."""
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        children = split_children(case.document)
        if not children:
            children = _make_children(
                batch=case.document, data=data, groups=groups, actor=actor, by="proposal"
            )
        return mark_split(locked, reason=_split_reason(children), actor=actor)


def resplit_batch(*, case: Case, groups: list[list[int]], user, request=None) -> Case:
    """Split the batch anew along ``groups``, as a person set them.

    Children whose pages stay together are kept; the others are rejected ("re-split by ...")
    and new children made for the new groups. Refused (``ActionRefused``) when a child that
    would change is approved or posted already, or still being read."""
    batch = case.document
    made = Document.objects.filter(parent=batch, channel=Document.Channel.SPLIT)
    if batch is None or not made.exists():
        raise ActionRefused(_("This case was not split; there is nothing to correct."))
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        children = split_children(batch)
        wanted = [list(group) for group in groups]
        kept = [child for child in children if child.pages in wanted]
        dropped = [child for child in children if child.pages not in wanted]
        if not dropped and len(kept) == len(wanted):
            raise ActionRefused(_("The split is already like this; nothing was changed."))
        for child in dropped:
            _refuse_if_settled(child)
        reason = message(gettext_noop("re-split by %(name)s"), name=_name(user))
        for child in dropped:
            _reject_child(child.case, user=user, reason=reason, request=request)
        new_groups = [group for group in wanted if group not in [c.pages for c in kept]]
        made = _make_children(
            batch=batch,
            data=read_original(batch.sha256),
            groups=new_groups,
            actor=user,
            by="person",
        )
        now = sorted(kept + made, key=lambda child: child.pages[:1])
        return mark_resplit(
            locked,
            reason=_split_reason(now),
            user=user,
            request=request,
            extra={
                "groups": wanted,
                "rejected_case_ids": [child.case.pk for child in dropped],
                "new_case_ids": [child.case.pk for child in made],
            },
        )


def _make_children(
    *, batch: Document, data: bytes, groups: list[list[int]], actor, by: str
) -> list[SplitChild]:
    rounds = Document.objects.filter(parent=batch, channel=Document.Channel.SPLIT).count()
    stem = re.sub(r"\.pdf$", "", batch.filename, flags=re.IGNORECASE) or "batch"
    made = []
    for group, pdf in zip(
        groups, split_pdf(data, groups, stamp=f"{batch.sha256[:16]}/{rounds}"), strict=True
    ):
        pages = format_groups([group]).replace(" ", "")
        case = receive_document(
            administration=batch.administration,
            data=pdf,
            filename=f"{stem[:200]} (p{pages}).pdf",
            channel=Document.Channel.SPLIT,
            origin={"batch_document_id": batch.pk, "pages": group, "split_by": by},
            parent=batch,
            actor=actor,
        )
        made.append(SplitChild(case, group))
    return made


def _refuse_if_settled(child: SplitChild) -> None:
    status = child.case.status
    if status in SETTLED:
        raise ActionRefused(
            _(
                "Case #%(id)s (pages %(pages)s) is %(status)s; an approved or posted invoice "
                "cannot be re-split. Keep its pages together, or reverse it in Exact first."
            )
            % {
                "id": child.case.pk,
                "pages": format_groups([child.pages]),
                "status": child.case.get_status_display().lower(),
            }
        )
    if status in BEING_READ:
        raise ActionRefused(
            _("Case #%(id)s is still being read; correct the split in a moment.")
            % {"id": child.case.pk}
        )


def _reject_child(case: Case, *, user, reason: str, request) -> None:
    if S.REJECTED not in ALLOWED_TRANSITIONS[case.status]:
        # Unreadable and duplicate cases go to review before they can be rejected.
        case = send_back_for_review(case, user=user, reason=reason, request=request)
    reject_case(case, user=user, reason=reason, request=request)


def _split_reason(children: list[SplitChild]) -> Message:
    cases = [
        message(
            gettext_noop("case #%(id)s (pages %(pages)s)"),
            id=child.case.pk,
            pages=format_groups([child.pages]),
        )
        for child in children
    ]
    return message(
        gettext_noop("Split into %(count)d invoices: %(cases)s."),
        count=len(children),
        cases=join(cases, ", "),
    )


def _name(user) -> str:
    return getattr(user, "display_name", "") or user.get_username()


def _reader(data: bytes) -> PdfReader:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    return reader


def _ranges(group: list[int]) -> list[str]:
    """Consecutive pages as ranges: [1, 2, 3, 5] -> ["1-3", "5"]."""
    parts: list[list[int]] = []
    for number in group:
        if parts and number == parts[-1][-1] + 1:
            parts[-1].append(number)
        else:
            parts.append([number])
    return [f"{part[0]}-{part[-1]}" if len(part) > 1 else str(part[0]) for part in parts]
