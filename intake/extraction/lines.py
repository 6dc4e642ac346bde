"""Invoice lines from the item table: a header row names the columns (description, quantity,
unit price, amount, VAT), and each row below it with a price or an amount is a line, until the
totals. Numbers go to the column whose header they sit under (nearest by horizontal position).

A row without a price or amount (a section title, a serial number, a note) is no line. The
description is the text left of the first number column; a leading "[CODE]" or "*CODE*" is the
item code, as is a column headed "Artikel"/"Code" next to a separate description column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from intake.extracted import ExtractedLine, Field
from intake.extraction.fields import GROSS, NET
from intake.extraction.layout import Line, Page, Word
from intake.extraction.numbers import parse_amount, parse_percentage

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
                     "vk-preis", "einzelpreis", "tarief", r"prix(\s*unitaire)?", r"unit\s*cost")),
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
        for line in page.lines:
            found = header_columns(line)
            if found is not None:
                columns = found
                table_lines.add(id(line))
                continue
            if columns is None:
                continue
            if any(NET.match(run.text) or GROSS.match(run.text) for run in line.runs):
                columns = None
                continue
            table_lines.add(id(line))
            extracted = _read_row(line, columns, page)
            if extracted is not None:
                result.append(extracted)
    return result, table_lines


def _read_row(line: Line, columns: list[Column], page: Page) -> ExtractedLine | None:
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
    return ExtractedLine(
        item_code=Field(code, confidence, source) if code else None,
        description=Field(description, confidence, source) if description else None,
        quantity=number("quantity"),
        unit=Field(unit, confidence, source) if unit else None,
        unit_price=price,
        amount=amount,
        vat_rate=number("vat"),
    )


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
