"""Reading a supplier's next invoice right after a person corrected a field on the last one.

When someone corrects a field of an invoice read from a page and the case is approved, the
corrected value is looked up among the page's words: where it stands, and by which label
("Stuknummer:", "Ons kenmerk") — `learn_from_correction` stores that as a `LayoutHint` for the
administration, the supplier and the layout. When the same supplier's next invoice has a page
of the same layout, `apply_hints` reads those fields from the learned place, over what the
general rules guessed.

- A layout is recognised by its fingerprint: the words without digits in the top part of the
  first page (letterhead, labels, the buyer's address), each with its position rounded to a
  grid. Values (numbers, dates, amounts) carry digits and stay out, so two invoices of one
  layout match while another supplier's layout does not. `similarity` >= MATCH_SIMILARITY.
- A value is found again relative to its label (so totals found under a longer item table
  still match); with no label found, at the learned box of the page.
- Confidence grows with the number of corrections that found the value at the same place:
  0.8 after one, 0.9 after two, 0.95 after more. The source says "learned layout".

Pure helpers (`fingerprint`, `similarity`, `locate_value`, `read_anchor`) need no database;
`learn_from_correction` and `apply_hints` read and write `LayoutHint`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from exactbridge.helpers.dates import find_dates
from exactbridge.helpers.numbers import parse_amount
from intake.extracted import ExtractedInvoice, Field
from intake.extraction.fields import last_amount
from intake.extraction.layout import Line, Page, Word
from intake.learning_models import LayoutHint

AMOUNT, DATE, IDENTIFIER, TEXT = "amount", "date", "identifier", "text"
# ExtractedInvoice fields that can be learned, by how their value is read.
FIELD_KINDS: dict[str, str] = {
    "supplier_name": TEXT,
    "vat_number": IDENTIFIER,
    "kvk_number": IDENTIFIER,
    "iban": IDENTIFIER,
    "invoice_number": TEXT,
    "invoice_date": DATE,
    "due_date": DATE,
    "po_number": TEXT,
    "payment_reference": TEXT,
    "currency": TEXT,
    "net_total": AMOUNT,
    "vat_total": AMOUNT,
    "gross_total": AMOUNT,
    "payable_amount": AMOUNT,
    "buyer_name": TEXT,
}
MATCH_SIMILARITY = 0.6
# The part of the first page whose words make the fingerprint, and its grid.
FINGERPRINT_TOP = 0.45
GRID_COLUMNS, GRID_ROWS = 24, 48
MAX_VALUE_WORDS = 8
MAX_LABEL_WORDS = 5
SOURCE = "learned layout"
_EDGE_PUNCTUATION = ":#;,"


@dataclass(frozen=True)
class Anchor:
    """Where a value stood: on `page`, by `label` (at `label_at`), in `box`; positions are
    fractions of the page's width and height. `words` is how many words the value had."""

    page: int
    label: str
    label_at: tuple[float, float]
    box: tuple[float, float, float, float]
    words: int


# Pure helpers


def fingerprint(page: Page) -> list[str]:
    """The layout of a page as "word@column,row" for the words without digits in its top part."""
    tokens = set()
    for line in page.lines:
        if line.y0 > page.height * FINGERPRINT_TOP:
            continue
        for word in line.words:
            text = word.text.strip(":.,;#()[]").casefold()
            if len(text) < 3 or not text.isalpha():
                continue
            column = round(word.x0 / page.width * GRID_COLUMNS)
            row = round(word.y0 / page.height * GRID_ROWS)
            tokens.add(f"{text}@{column},{row}")
    return sorted(tokens)


def similarity(first: Sequence[str], second: Sequence[str]) -> float:
    """How much two fingerprints agree, 0 to 1: shared words at about the same place (one grid
    cell of slack, for scans), over the larger fingerprint."""
    if not first or not second:
        return 0.0
    places: dict[str, list[tuple[int, int]]] = {}
    for token in second:
        text, column, row = _token(token)
        places.setdefault(text, []).append((column, row))
    shared = 0
    for token in first:
        text, column, row = _token(token)
        if any(abs(column - c) <= 1 and abs(row - r) <= 1 for c, r in places.get(text, [])):
            shared += 1
    return shared / max(len(first), len(second))


def locate_value(pages: list[Page], *, field: str, value: Any) -> Anchor | None:
    """Where `value` of `field` is printed on `pages`, with the label it stands by; None when
    it is not among the words. With several places, one with its label beside it wins over one
    with a label above it (a column header), which wins over one without; then the first."""
    kind = FIELD_KINDS.get(field)
    if kind is None or value in (None, ""):
        return None
    found: list[tuple[int, int, Anchor]] = []
    for page in pages:
        for line in page.lines:
            for start, end in _spans(line, kind, value):
                rank, anchor = _anchor(page, line, start, end)
                found.append((-rank, len(found), anchor))
    return min(found, key=lambda item: item[:2])[2] if found else None


def read_anchor(pages: list[Page], anchor: Anchor, *, field: str, count: int = 1) -> Field | None:
    """The value of `field` at `anchor` on `pages` (None when nothing readable is there), with
    confidence by `count` and source "learned layout"."""
    if anchor.page > len(pages):
        return None
    page = pages[anchor.page - 1]
    x0, y0, x1, y1 = anchor.box
    label_words: list[Word] = []
    if anchor.label:
        found = _find_label(page, anchor)
        if found is not None:
            label_words = found
            dx = label_words[0].x0 / page.width - anchor.label_at[0]
            dy = label_words[0].y0 / page.height - anchor.label_at[1]
            x0, y0, x1, y1 = x0 + dx, y0 + dy, x1 + dx, y1 + dy
    words = _words_in(page, (x0 * page.width, y0 * page.height, x1 * page.width, y1 * page.height))
    words = [word for word in words if word not in label_words]
    kind = FIELD_KINDS[field]
    if kind in (TEXT, IDENTIFIER):
        words = words[: anchor.words]
    if not words:
        return None
    value = _parse(kind, " ".join(word.text for word in words))
    if value is None:
        return None
    confidence = min(_confidence(count), min(word.confidence for word in words))
    box = (
        f"{min(w.x0 for w in words):.0f},{min(w.y0 for w in words):.0f},"
        f"{max(w.x1 for w in words):.0f},{max(w.y1 for w in words):.0f}"
    )
    unit = "PDF points" if page.unit == "pt" else "pixels"
    source = f"{SOURCE} ({count}x): page {page.number}, box {box} ({unit}, from top left)"
    return Field(value, round(confidence, 2), source)


def supplier_keys(
    *, vat_number: str | None = None, iban: str | None = None, name: str | None = None
) -> list[str]:
    """The keys a supplier's hints are filed under, most specific first: VAT number, IBAN,
    normalised name (lower case, no punctuation or legal form)."""
    keys = []
    for identifier in (vat_number, iban):
        if identifier:
            keys.append(re.sub(r"[\s.\-]", "", identifier).upper())
    if name:
        normalised = re.sub(r"[^\w\s]", " ", name.casefold())
        normalised = re.sub(r"\b(?:b\s?v|n\s?v|gmbh|inc|ltd|llc|vof|bvba|sa|ag)\b", " ", normalised)
        if normalised.split():
            keys.append("name:" + " ".join(normalised.split())[:95])
    return keys


# The database part


def learn_from_correction(
    *, administration, supplier_key: str, page_words: list[Page], field: str, corrected_value: Any
) -> LayoutHint | None:
    """Remember where `corrected_value` of `field` stands on `page_words` (the pages of the
    corrected invoice) for this supplier's layout. Returns the hint, or None when the field
    cannot be learned or the value is not printed on the pages.

    A second correction on the same layout that finds the value at the same place raises the
    hint's count; one that finds it elsewhere replaces the place and starts counting anew."""
    if not supplier_key or not page_words:
        return None
    anchor = locate_value(page_words, field=field, value=corrected_value)
    if anchor is None:
        return None
    layout = fingerprint(page_words[0])
    place = {
        "page": anchor.page,
        "label": anchor.label[:200],
        "label_at": list(anchor.label_at),
        "box": list(anchor.box),
        "words": anchor.words,
    }
    with transaction.atomic():
        hints = LayoutHint.objects.select_for_update().filter(
            administration=administration, supplier_key=supplier_key[:100], field=field
        )
        hint = next(
            (h for h in hints if similarity(h.fingerprint, layout) >= MATCH_SIMILARITY), None
        )
        if hint is None:
            return LayoutHint.objects.create(
                administration=administration,
                supplier_key=supplier_key[:100],
                field=field,
                fingerprint=layout,
                **place,
            )
        same = (
            hint.page == anchor.page
            and hint.label == place["label"]
            and _near(hint.box, anchor.box)
        )
        hint.count = hint.count + 1 if same else 1
        for name, value in place.items():
            setattr(hint, name, value)
        hint.fingerprint = layout
        hint.save()
        return hint


def apply_hints(
    *,
    administration,
    supplier_key: str | Iterable[str],
    pages: list[Page],
    invoice: ExtractedInvoice,
) -> ExtractedInvoice:
    """`invoice` with the fields learned for this supplier read from their learned places, when
    the first page matches the learned layout; fields the hints cannot read stay as they were.
    `supplier_key` may be several keys (see `supplier_keys`)."""
    keys = [supplier_key] if isinstance(supplier_key, str) else [k for k in supplier_key if k]
    if not keys or not pages:
        return invoice
    layout = fingerprint(pages[0])
    done: set[str] = set()
    for hint in LayoutHint.objects.filter(administration=administration, supplier_key__in=keys):
        if hint.field in done or hint.field not in FIELD_KINDS:
            continue
        if similarity(hint.fingerprint, layout) < MATCH_SIMILARITY:
            continue
        anchor = Anchor(
            hint.page, hint.label, tuple(hint.label_at or (0, 0)), tuple(hint.box), hint.words
        )
        found = read_anchor(pages, anchor, field=hint.field, count=hint.count)
        if found is not None:
            setattr(invoice, hint.field, found)
            done.add(hint.field)
    return invoice


# Internals


def _token(token: str) -> tuple[str, int, int]:
    text, _at, place = token.rpartition("@")
    column, _comma, row = place.partition(",")
    return text, int(column), int(row)


def _spans(line: Line, kind: str, value: Any) -> Iterable[tuple[int, int]]:
    """(start, end) of the shortest runs of words in `line` that read as `value`."""
    words = line.words
    taken_until = 0
    for start in range(len(words)):
        if start < taken_until:
            continue
        for end in range(start + 1, min(start + MAX_VALUE_WORDS, len(words)) + 1):
            if _same(kind, " ".join(w.text for w in words[start:end]), value):
                yield start, end
                taken_until = end
                break


def _same(kind: str, text: str, value: Any) -> bool:
    text = text.strip(_EDGE_PUNCTUATION + " ")
    if kind == AMOUNT:
        expected = _decimal(value)
        return expected is not None and parse_amount(text) == expected
    if kind == DATE:
        expected = value if isinstance(value, datetime.date) else _iso_date(value)
        found = find_dates(text)
        return (
            expected is not None
            and len(found) == 1
            and found[0][0] == expected
            and found[0][1] <= 1
            and found[0][2] >= len(text) - 1
        )
    if kind == IDENTIFIER:
        return _compact(text) == _compact(value)
    return _plain(text) == _plain(value)


def _anchor(page: Page, line: Line, start: int, end: int) -> tuple[int, Anchor]:
    """The anchor of a value, ranked: 2 with a label beside it, 1 above it, 0 without."""
    value = line.words[start:end]
    label, rank = _label_left(line, start), 2
    if not label:
        label, rank = _label_above(page, line, value), 1
    box = (
        min(w.x0 for w in value) / page.width,
        min(w.y0 for w in value) / page.height,
        max(w.x1 for w in value) / page.width,
        max(w.y1 for w in value) / page.height,
    )
    if not label:
        return 0, Anchor(page.number, "", (0.0, 0.0), box, len(value))
    label_at = (label[0].x0 / page.width, label[0].y0 / page.height)
    return rank, Anchor(page.number, _plain(_text(label)), label_at, box, len(value))


def _label_left(line: Line, start: int) -> list[Word]:
    """The words before the value in its own run, or the run left of it: a label when they
    hold letters and no digits."""
    first = line.words[start]
    for run in line.runs:
        if first in run.words:
            before = run.words[: run.words.index(first)]
            if before:
                return _as_label(before)
            left = [r for r in line.runs if r.x1 <= first.x0]
            return _as_label(left[-1].words) if left else []
    return []


def _label_above(page: Page, line: Line, value: list[Word]) -> list[Word]:
    """A label right above the value (a column of label over value)."""
    index = page.lines.index(line)
    height = max(line.height, 1)
    x0, x1 = value[0].x0 - height, value[-1].x1 + height
    for above in reversed(page.lines[max(0, index - 2) : index]):
        if line.y0 - above.y1 > 3 * height:
            break
        runs = [run for run in above.runs if run.x1 >= x0 and run.x0 <= x1]
        if runs:
            return _as_label(min(runs, key=lambda run: abs(run.x0 - value[0].x0)).words)
    return []


def _as_label(words: list[Word]) -> list[Word]:
    words = words[-MAX_LABEL_WORDS:]
    text = _text(words)
    if any(char.isdigit() for char in text) or not re.search(r"[^\W\d_]{2}", text):
        return []
    return words


def _find_label(page: Page, anchor: Anchor) -> list[Word] | None:
    """The words on `page` that read as the anchor's label, nearest its learned place."""
    size = len(anchor.label.split())
    best, best_distance = None, float("inf")
    for line in page.lines:
        words = line.words
        for start in range(len(words) - size + 1):
            span = words[start : start + size]
            if _plain(_text(span)) != anchor.label:
                continue
            distance = abs(span[0].x0 / page.width - anchor.label_at[0]) + abs(
                span[0].y0 / page.height - anchor.label_at[1]
            )
            if distance < best_distance:
                best, best_distance = span, distance
    return best


def _words_in(page: Page, box: tuple[float, float, float, float]) -> list[Word]:
    """The words of the line nearest the box's middle that overlap the box horizontally."""
    x0, y0, x1, y1 = box
    middle = (y0 + y1) / 2
    height = max(y1 - y0, 1)
    lines = [line for line in page.lines if abs((line.y0 + line.y1) / 2 - middle) <= 0.6 * height]
    if not lines:
        return []
    line = min(lines, key=lambda ln: abs((ln.y0 + ln.y1) / 2 - middle))
    slack = 0.3 * height
    return [word for word in line.words if word.x1 >= x0 - slack and word.x0 <= x1 + slack]


def _parse(kind: str, text: str) -> Any:
    text = text.strip(_EDGE_PUNCTUATION + " ")
    if not text:
        return None
    if kind == AMOUNT:
        return last_amount(text)
    if kind == DATE:
        found = find_dates(text)
        return found[0][0] if found else None
    if kind == IDENTIFIER:
        return _compact(text)
    return text


def _confidence(count: int) -> float:
    return 0.8 if count <= 1 else 0.9 if count == 2 else 0.95


def _near(first: Sequence[float], second: Sequence[float], *, slack: float = 0.02) -> bool:
    return len(first) == len(second) and all(
        abs(a - b) <= slack for a, b in zip(first, second, strict=False)
    )


def _text(words: list[Word]) -> str:
    return " ".join(word.text for word in words)


def _plain(value: Any) -> str:
    return " ".join(str(value).split()).strip(_EDGE_PUNCTUATION + " ").casefold()


def _compact(value: Any) -> str:
    return re.sub(r"[\s.\-]", "", str(value)).strip(_EDGE_PUNCTUATION).upper()


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None


def _iso_date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
