"""Invoice lines from the item table: a header row names the columns (description, quantity,
unit price, amount, VAT), and each row below it with a price or an amount is a line, until the
totals. Numbers go to the column whose header they sit under (nearest by horizontal position).

A row without a price or amount (a section title, a serial number, a note) is no line. The
description is the text left of the first number column; a leading "[CODE]" or "*CODE*" is the
item code, as is a column headed "Artikel"/"Code" next to a separate description column.

Rows around a line:
- A row without numbers right below a line whose text starts where the line's description
  starts continues that description (joined with a newline); an indented row is a note or a
  sub-item of the line above, and a section title ("--- Diversen ---") heads the rows below:
  neither is part of the description.
- A row that says what the line above includes ("Incl. Thuiskopieheffing ... € 4,24", "waarvan",
  "of which") is no line of its own: its amount is already in the line above's price.

A page with no header row may still hold an item table whose rows are aligned (see
`aligned_lines`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from exactbridge.helpers.numbers import parse_amount, parse_percentage
from intake.extracted import ExtractedLine, Field
from intake.extraction.fields import GROSS, NET, VAT
from intake.extraction.layout import Line, Page, Word

_FLAGS = re.IGNORECASE


def _words(*alternatives: str) -> re.Pattern:
    return re.compile("|".join(alternatives), _FLAGS)


# Order matters: "Prijs incl. BTW" is an amount column before "Prijs" is a price column.
COLUMN_WORDS: list[tuple[str, re.Pattern]] = [
    ("amount", _words(r"prijs\s*incl\.?\s*btw", r"line\s*total", "zeilenbetrag",
                      r"montant(\s*ht)?", "bedrag", "amount", "total", "totaal", "subtotal",
                      "betrag", r"net\s*amount")),
    ("price", _words(r"unit\s*price", r"prijs\s*per\s*stuk", "stukprijs",
                     r"prijs\s*per\s*eenheid", "price", "prijs", "rate", r"p\.u\.(\s*ht)?",
                     "vk-preis", "einzelpreis", "preis", "tarief", r"prix(\s*unitaire)?",
                     r"unit\s*cost")),
    ("quantity", _words("quantity", "qty", "aantal", "hoeveelheid", "menge", "nombre", "qté",
                        "anzahl", "units?")),
    ("vat", _words(r"btw(\s*%)?", r"vat(\s*%)?", r"tax(es)?(\s*\(%\))?", "tva", r"mwst\.?",
                   r"tax\s*rate")),
    ("discount", _words(r"disc\.?\s*%?", "discount", "korting", r"rabatt(\s*%)?", "remise")),
    ("code", _words("code", r"art\.?\s*nr\.?", "artikelnummer", r"item\s*code", "sku",
                    r"pos\.?")),
    ("description", _words("description", "omschrijving", "artikel", r"product(\s*title)?",
                           "item", "d[ée]signation", "beschreibung", "naam", "article",
                           "service", "dienst")),
]  # fmt: skip
NUMBER_COLUMNS = ("quantity", "price", "amount", "vat", "discount")
_UNIT = _words(
    "^(?:pcs|pc|st|stuks?|stk|x|kg|g|l|m|m2|m3|uur|hours?|hrs?|units?|ea|each|days?|dagen|nights?)$"
)
# A row stating what the line above includes; its amount is part of that line's price.
INCLUDED = _words(
    r"^\s*(?:incl\.|inclusief\b|including\b|included\b|waarvan\b|of\s+which\b"
    r"|davon\b|dont\b)"
)
# "--- Diversen ---", "== Food ==", "Hardware:": a title over the rows that follow.
_SECTION_TITLE = re.compile(r"^\s*[-=*#_]{2,}|[-=*#_]{2,}\s*$|:\s*$")
_CODE_PREFIX = re.compile(r"^\s*(?:\[([^\]]+)\]|\*([^*]+)\*)\s*")


@dataclass
class Column:
    kind: str
    x0: float
    x1: float

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def header_columns(line: Line) -> list[Column] | None:
    """The columns a table header row names, or None if the line is no such header."""
    columns: list[Column] = []
    words = line.words
    index = 0
    while index < len(words):
        for size in (3, 2, 1):
            chunk = words[index : index + size]
            text = " ".join(w.text for w in chunk).strip(":")
            kind = next((k for k, p in COLUMN_WORDS if p.fullmatch(text)), None)
            if kind is not None and len(chunk) == size:
                columns.append(Column(kind, chunk[0].x0, chunk[-1].x1))
                index += size
                break
        else:
            index += 1
    descriptions = [c for c in columns if c.kind == "description"]
    if len(descriptions) >= 2:  # "Artikel | Omschrijving": the first holds the item code
        descriptions[0].kind = "code"
    kinds = {column.kind for column in columns}
    numeric = kinds & {"quantity", "price", "amount"}
    if len(kinds) >= 3 and numeric and len(columns) >= len(words) / 2 - 1:
        return columns
    return None


def read_lines(pages: list[Page]) -> tuple[list[ExtractedLine], set[int]]:
    """The invoice lines, and the id()s of the table's lines (header, rows, notes) so that the
    totals do not take a column header for a label."""
    result: list[ExtractedLine] = []
    table_lines: set[int] = set()
    for page in pages:
        columns: list[Column] | None = None
        previous: _Row | None = None
        for line in page.lines:
            found = header_columns(line)
            if found is not None:
                columns, previous = found, None
                table_lines.add(id(line))
                continue
            if columns is None:
                continue
            if any(NET.match(run.text) or GROSS.match(run.text) for run in line.runs):
                columns, previous = None, None
                continue
            table_lines.add(id(line))
            if INCLUDED.match(line.text):
                continue
            row = _read_row(line, columns, page)
            if row is not None:
                result.append(row.line)
                previous = row
            elif previous is not None and _continues(previous, line, columns):
                previous.extend(line)
            else:
                previous = None
    if not result:
        result, table_lines = aligned_lines(pages)
    return result, table_lines


@dataclass
class _Row:
    """A line read from a table row, with where its description starts and the row's bottom."""

    line: ExtractedLine
    text_x0: float | None
    bottom: float
    height: float

    def extend(self, row: Line) -> None:
        """Add `row`'s text to the description (which `_continues` checked is there)."""
        description = self.line.description
        if description is None:
            return
        self.line.description = Field(
            f"{description.value}\n{row.text}", description.confidence, description.source
        )
        self.bottom = row.y1


def _continues(previous: _Row, line: Line, columns: list[Column]) -> bool:
    """Whether `line` carries on the description of the row above: close below it, starting
    where that description starts, ending before the number columns right of it."""
    if previous.text_x0 is None or previous.line.description is None:
        return False
    if _SECTION_TITLE.search(line.text):
        return False
    if line.y0 - previous.bottom > 1.2 * previous.height:
        return False
    if abs(line.x0 - previous.text_x0) > 0.6 * previous.height:
        return False
    right = [c.x0 for c in columns if c.kind in NUMBER_COLUMNS and c.x0 > previous.text_x0]
    return line.x1 < min(right, default=float("inf"))


def _read_row(line: Line, columns: list[Column], page: Page) -> _Row | None:
    numeric = [c for c in columns if c.kind in NUMBER_COLUMNS]
    text_columns = [c for c in columns if c.kind in ("description", "code")]
    values: dict[str, list[Word]] = {}
    text_words, code_words, unit = [], [], None
    words = _merge_percent_signs(line.words)
    # Digits inside the description ("Retina 13,3''", "du 1er au 31 juillet") stay in it: a
    # number left of the description's last plain word belongs to the description.
    plain = [w for w in words if not any(c.isdigit() for c in w.text) and not _UNIT.match(w.text)]
    plain = [
        w
        for w in plain
        if text_columns
        and min(numeric + text_columns, key=lambda c: _distance(w, c)) in text_columns
    ]
    text_end = max((w.x1 for w in plain), default=0)
    for word in words:
        under = _number_column_over(word, numeric, text_columns)
        if under is not None:
            values.setdefault(under.kind, []).append(word)
            continue
        if word.x1 <= text_end:
            nearest = min(text_columns, key=lambda c: _distance(word, c))
            (code_words if nearest.kind == "code" else text_words).append(word)
            continue
        if _UNIT.match(word.text) and values:
            unit = word.text
            continue
        if word.text in {"€", "$", "£", "EUR", "USD", "Rs", "Rs.", "x"}:
            continue
        has_digit = any(char.isdigit() for char in word.text)
        candidates = numeric + text_columns if has_digit else text_columns
        column = min(candidates, key=lambda c: _distance(word, c)) if candidates else None
        if column is None or column.kind == "description":
            text_words.append(word)
        elif column.kind == "code":
            code_words.append(word)
        else:
            values.setdefault(column.kind, []).append(word)
    confidence = round(min(0.75, line.confidence), 2)
    source = f"page {page.number}, box {line.x0:.0f},{line.y0:.0f},{line.x1:.0f},{line.y1:.0f}"

    def number(kind: str) -> Field[Decimal] | None:
        text = " ".join(w.text for w in values.get(kind, []))
        value = parse_percentage(text) if kind == "vat" else parse_amount(text)
        return None if value is None else Field(value, confidence, source)

    price, amount = number("price"), number("amount")
    if price is None and amount is None:
        return None
    description = " ".join(w.text for w in text_words).strip()
    code = " ".join(w.text for w in code_words).strip() or None
    prefix = _CODE_PREFIX.match(description)
    if prefix:
        code = code or prefix.group(1) or prefix.group(2)
        description = description[prefix.end() :]
    extracted = ExtractedLine(
        item_code=Field(code, confidence, source) if code else None,
        description=Field(description, confidence, source) if description else None,
        quantity=number("quantity"),
        unit=Field(unit, confidence, source) if unit else None,
        unit_price=price,
        amount=amount,
        vat_rate=number("vat"),
    )
    text_x0 = min((w.x0 for w in text_words), default=None)
    return _Row(extracted, text_x0, line.y1, max(line.height, 1))


def _number_column_over(
    word: Word, numeric: list[Column], text_columns: list[Column]
) -> Column | None:
    """The number column whose header stands right above a number, when no text column's
    header does: a quantity left of the description ("Pos. Menge Beschreibung") is a quantity."""
    if not re.fullmatch(r"[\d.,%]+", word.text):
        return None
    if any(word.x1 >= c.x0 and word.x0 <= c.x1 for c in text_columns):
        return None
    return next((c for c in numeric if word.x1 >= c.x0 and word.x0 <= c.x1), None)


def _distance(word: Word, column: Column) -> float:
    if word.x1 >= column.x0 and word.x0 <= column.x1:
        return abs((word.x0 + word.x1) / 2 - column.centre) / 1000
    return min(abs(word.x0 - column.x1), abs(word.x1 - column.x0), abs(word.x1 - column.x1))


def _merge_percent_signs(words: list[Word]) -> list[Word]:
    merged: list[Word] = []
    for word in words:
        if word.text == "%" and merged:
            last = merged.pop()
            word = Word(
                last.text + "%",
                last.x0,
                last.y0,
                word.x1,
                word.y1,
                min(last.confidence, word.confidence),
            )
        merged.append(word)
    return merged


# A money amount with cents, alone in its run: "$4.11", "€ 1.234,56", "12,50 EUR".
_MONEY_RUN = re.compile(
    r"^(?:[€$£]|EUR|USD|GBP)?\s?-?\d{1,3}(?:[.,\s]\d{3})*[.,]\d{2}(?:\s?(?:EUR|USD|GBP|€))?$"
)
# Rows in an aligned block that are details of an item or of the totals, never items.
_DETAIL_LABEL = _words(
    r"^\s*(?:credits?|discount|korting|rounding|afronding|balance|saldo)\b", VAT.pattern
)
MIN_ALIGNED_ITEMS = 2


def aligned_lines(pages: list[Page]) -> tuple[list[ExtractedLine], set[int]]:
    """Lines of an item table printed without a header row.

    A block of consecutive rows, each a text and one amount with cents, the amounts right-aligned
    under each other, is an item table when its outermost rows (the least indented) number at
    least MIN_ALIGNED_ITEMS. Those rows are the lines; indented rows under them are their details
    ("Charges", "VAT") and no lines, nor is a row labelled VAT, discount or credit. A net or
    gross total ends the block. With no quantity
    printed, one unit is implied: the amount is also the unit price. Confidence is 0.5.
    """
    result: list[ExtractedLine] = []
    taken: set[int] = set()
    for page in pages:
        for block in _aligned_blocks(page):
            height = max(line.height for line in block)
            left = min(line.x0 for line in block)
            items = [
                line
                for line in block
                if line.x0 - left <= 0.5 * height and not _DETAIL_LABEL.match(line.runs[0].text)
            ]
            if len(items) < MIN_ALIGNED_ITEMS:
                continue
            taken.update(id(line) for line in block)
            for line in items:
                result.append(_aligned_line(line, page))
    return result, taken


def _aligned_blocks(page: Page) -> list[list[Line]]:
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line in page.lines:
        amount_run = _money_row(line)
        if amount_run is not None and (NET.match(line.text) or GROSS.match(line.text)):
            amount_run = None  # a totals row ends the table
        fits = amount_run is not None and (
            not current
            or (
                abs(amount_run.x1 - current[-1].runs[-1].x1) <= 0.5 * line.height
                and line.y0 - current[-1].y1 <= 2.5 * line.height
            )
        )
        if fits:
            current.append(line)
            continue
        if current:
            blocks.append(current)
        current = [line] if amount_run is not None else []
    if current:
        blocks.append(current)
    return blocks


def _money_row(line: Line):
    """The amount run of a row that is one text and one amount, or None."""
    if len(line.runs) != 2:
        return None
    text, amount = line.runs
    if not _MONEY_RUN.match(amount.text) or parse_amount(amount.text) is None:
        return None
    if not re.search(r"[A-Za-zÀ-ÿ]{2}", text.text):
        return None
    return amount


def _aligned_line(line: Line, page: Page) -> ExtractedLine:
    text, amount_run = line.runs
    source = f"page {page.number}, box {line.x0:.0f},{line.y0:.0f},{line.x1:.0f},{line.y1:.0f}"
    confidence = round(min(0.5, line.confidence), 2)
    value = parse_amount(amount_run.text)
    return ExtractedLine(
        description=Field(text.text.strip(), confidence, source),
        unit_price=Field(value, confidence, source),
        amount=Field(value, confidence, source),
    )
