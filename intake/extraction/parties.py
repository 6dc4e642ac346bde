"""Who sent the invoice: name, VAT number, chamber-of-commerce (KvK) number, IBAN; and currency.

Identifiers are found by pattern anywhere and kept only when their check digits are right
(python-stdnum). A VAT number labelled as the buyer's ("Uw BTW-nummer", "Your VAT number") is
the buyer's. The supplier's name is, in order: the account holder named for payment; a company
name with a legal form (B.V., GmbH, Ltd...) that is not in the buyer's address block — the one
printed most often, nearest the identifiers; or the top-most prominent text of the first page.
"""

from __future__ import annotations

import re
from collections import Counter

from stdnum import iban as stdnum_iban
from stdnum.eu import vat as stdnum_vat

from intake.extracted import Field
from intake.extraction.fields import labelled
from intake.extraction.layout import Line, Page
from intake.extraction.locate import Found, find_labels

_FLAGS = re.IGNORECASE
_IBAN = re.compile(
    r"(?<![A-Z0-9])([A-Z]{2}[\dOISB]{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?)(?![A-Z0-9])"
)
# Letters OCR reads for digits, fixed where an IBAN must have digits.
_DIGIT_FOR = str.maketrans({"O": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2"})
_IBAN_SHAPE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{6,30}")
_ACCOUNT_LABEL = re.compile(
    r"(?:iban|bank\s*account|rekening(?:nummer)?|bankrekening|konto)\b", _FLAGS
)
_VAT_PREFIX = (
    "AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI|CHE"
)
_VAT = re.compile(rf"(?<![A-Z0-9])((?:{_VAT_PREFIX})[\s.\-]?[0-9A-Z](?:[\s.\-]?[0-9A-Z]){{7,13}})")
_BUYER_MARK = re.compile(
    r"\b(?:uw|your|klant|customer|buyer|afnemer|client|kunde|votre|ihre?)\b", _FLAGS
)
_KVK = re.compile(
    r"(?:kvk|k\.v\.k\.?|kamer\s*van\s*koophandel|coc|chamber\s*of\s*commerce|kvk-nummer|kvk\s*nr)\b",
    _FLAGS,
)
_HOLDER = re.compile(
    r"(?:t\.\s?n\.\s?v\.?|ten\s*name\s*van|titulaire\s*du\s*compte|account\s*(?:holder|name)"
    r"|rekeninghouder|kontoinhaber|begünstigter|payee|beneficiary|payment\s*received\s*by"
    r"|in\s*favou?r\s*of|ten\s*gunste\s*van)\s*:?",
    _FLAGS,
)
LEGAL_FORM = (
    r"B\.\s?V\.?|BV|N\.\s?V\.?|NV|V\.O\.F\.?|VOF|GmbH|AG|Inc\.?|Ltd\.?|Limited|LLC|L\.L\.C\.|SAS|S\.A\.S\.?"
    r"|S\.A\.|SA|SARL|S\.à\s?r\.l\.|Pvt\.?\s?Ltd\.?|plc|PLC|LLP|B\.V\.B\.A\.?|BVBA|Co\.|Corp\.?|KG|UG"
)
_COMPANY = re.compile(
    # A name's words start with a capital or digit; a brand may open with "e-" or "i".
    rf"((?:(?<![\w-])(?:[a-z]-?)?[A-Z0-9][\w&'\u2019.\-]*,?\s+){{1,5}}?)(?:{LEGAL_FORM})(?![\w])",
    re.UNICODE,
)
_BUYER_BLOCK = re.compile(
    r"(?:bill\s*to|billing\s*address|ship\s*to|shipping\s*address|sold\s*to|invoice\s*to|deliver\s*to"
    r"|factuuradres|afleveradres|leveradres|t\.a\.v\.|attn|aan:|klant:|customer:|nabywca|rechnungsadresse"
    r"|lieferadresse|adresse\s*de\s*facturation|guest\s*name)",
    _FLAGS,
)
_TITLE = re.compile(
    r"^(?:invoice|factuur|rechnung|facture|nota|credit\s*note|creditnota|receipt|kwitantie|kopie"
    r"|copy|payment\s*receipt|tax\s*invoice|page|pagina|seite|original|duplicate|bon|order)\b",
    _FLAGS,
)


def read_iban(pages: list[Page]) -> Field | None:
    for page in pages:
        for line in page.lines:
            for match in _IBAN.finditer(line.text.upper()):
                raw = re.sub(r"\s", "", match.group(1))
                for candidate, confidence in ((raw, 0.95), (_ocr_digits(raw), 0.7)):
                    # A long match may run into the BIC or the next word; try shorter ones too.
                    for end in range(len(candidate), 14, -1):
                        if stdnum_iban.is_valid(candidate[:end]):
                            confidence = round(min(confidence, line.confidence), 2)
                            return Field(candidate[:end], confidence, _source(page, line))
    weak = labelled(pages, _ACCOUNT_LABEL, _iban_shaped, at_start=False, weight=0.4)
    return weak[0] if weak else None


def _ocr_digits(candidate: str) -> str:
    """The check digits, and for a Dutch IBAN the 10-digit account, with OCR's letters fixed."""
    fixed = candidate[:2] + candidate[2:4].translate(_DIGIT_FOR) + candidate[4:]
    if fixed.startswith("NL") and len(fixed) >= 18:
        fixed = fixed[:8] + fixed[8:18].translate(_DIGIT_FOR) + fixed[18:]
    return fixed


def _iban_shaped(spot: Found) -> str | None:
    token = re.sub(r"\s", "", spot.text.split(" - ")[0]).upper().strip(":")
    return token if _IBAN_SHAPE.fullmatch(token) else None


def read_vat_numbers(pages: list[Page]) -> tuple[Field | None, Field | None]:
    """(supplier's VAT number, buyer's VAT number)."""
    supplier = buyer = None
    for page in pages:
        for line in page.lines:
            for run in line.runs:
                for match in _VAT.finditer(run.text.upper()):
                    number = _valid_vat(match.group(1))
                    if number is None:
                        continue
                    found = Field(number, round(min(0.9, run.confidence), 2), _source(page, line))
                    if _BUYER_MARK.search(run.text[: match.start()]):
                        buyer = buyer or found
                    else:
                        supplier = supplier or found
    return supplier, buyer


def _valid_vat(text: str) -> str | None:
    compact = re.sub(r"[\s.\-]", "", text)
    for end in range(len(compact), 7, -1):
        candidate = compact[:end]
        if stdnum_vat.is_valid(candidate):
            return stdnum_vat.compact(candidate)
    return None


def read_kvk(pages: list[Page]) -> Field | None:
    def eight_digits(spot: Found) -> str | None:
        match = re.search(r"(?<!\d)(\d{8})(?!\d)", spot.text.replace(" ", "").replace(".", ""))
        return match.group(1) if match else None

    found = labelled(pages, _KVK, eight_digits, at_start=False)
    return found[0] if found else None


def read_currency(pages: list[Page]) -> Field | None:
    counts: Counter[str] = Counter()
    symbols = {"€": "EUR", "$": "USD", "£": "GBP", "₹": "INR", "zł": "PLN"}
    codes = "EUR|USD|GBP|CHF|INR|PLN|SEK|NOK|DKK|JPY|CNY|CAD|AUD|CZK|HUF|RON|NZD|ZAR"
    for page in pages:
        for line in page.lines:
            text = line.text
            for symbol, code in symbols.items():
                counts[code] += text.count(symbol)
            for match in re.finditer(rf"\b({codes})\b", text):
                counts[match.group(1)] += 2
            counts["INR"] += len(re.findall(r"\bRs\.?\s?-?\d", text))
            if re.search(r"\b(?:us\s*dollars?|u\.s\.\s*dollars?)\b", text, _FLAGS):
                counts["USD"] += 2
            if re.search(r"\beuros?\b", text, _FLAGS):
                counts["EUR"] += 1
    if not counts or counts.most_common(1)[0][1] == 0:
        return None
    code, count = counts.most_common(1)[0]
    return Field(code, 0.8 if count > 1 else 0.6, "whole document: currency signs and codes")


def read_supplier_name(pages: list[Page], *, identifier_lines: set[int]) -> Field | None:
    holder = labelled(pages, _HOLDER, _name_value, at_start=False, weight=0.95)
    if holder:
        return holder[0]
    buyer_lines = _buyer_block_lines(pages)
    counts: Counter[str] = Counter()
    first_seen: dict[str, tuple[Page, Line, float]] = {}
    for page in pages:
        for line in page.lines:
            if id(line) in buyer_lines:
                continue
            for run in line.runs:
                for match in _COMPANY.finditer(run.text):
                    name = _clean_name(match.group(0))
                    if name is None:
                        continue
                    key = name.lower()
                    counts[key] += 1 + 2 * (id(line) in identifier_lines)
                    first_seen.setdefault(key, (page, line, run.confidence))
    if counts:
        key, count = counts.most_common(1)[0]
        page, line, confidence = first_seen[key]
        name = next(
            _clean_name(m.group(0)) for r in line.runs for m in _COMPANY.finditer(r.text)
            if (_clean_name(m.group(0)) or "").lower() == key
        )  # fmt: skip
        return Field(
            name, round(min(0.8 if count > 1 else 0.6, confidence), 2), _source(page, line)
        )
    return _top_text(pages, buyer_lines)


def _name_value(spot: Found) -> str | None:
    text = re.split("\\s[-\u2013|]\\s|,\\s", spot.text)[0].strip(" :")
    return text if re.search(r"[A-Za-z]{2}", text) and len(text) <= 80 else None


def _clean_name(text: str) -> str | None:
    words = text.split()
    # Drop leading words that are sentence text ("sold by"), not part of the name.
    while words and not re.match(r"(?:[a-z]-?)?[A-Z0-9]", words[0]):
        words = words[1:]
    name = " ".join(words).strip(" ,")
    if len(re.sub(r"[^A-Za-z]", "", name)) < 4 or _TITLE.match(name):
        return None
    return name


def _buyer_block_lines(pages: list[Page]) -> set[int]:
    """Lines in an address block under (or beside) a buyer label such as "Bill to"."""
    lines: set[int] = set()
    for hit in find_labels(pages, _BUYER_BLOCK, at_start=True):
        index = hit.page.lines.index(hit.line)
        left, right = hit.run.x0 - 5, hit.run.x0 + max(hit.run.x1 - hit.run.x0, 150)
        for line in hit.page.lines[index : index + 6]:
            if any(left <= run.x0 <= right for run in line.runs):
                lines.add(id(line))
    return lines


def _top_text(pages: list[Page], buyer_lines: set[int]) -> Field | None:
    if not pages:
        return None
    page = pages[0]
    top = [
        line for line in page.lines if line.y1 <= page.height * 0.25 and id(line) not in buyer_lines
    ]
    candidates = []
    for order, line in enumerate(top):
        for run in line.runs:
            text = run.text.strip()
            if _TITLE.match(text) or len(re.sub(r"[^A-Za-z]", "", text)) < 3 or "@" in text:
                continue
            if re.search(r"\d|www\.|http", text) or text.startswith("#"):
                continue
            candidates.append((-run.height, order, text, run, line))
    if not candidates:
        return None
    _height, _order, text, run, line = min(candidates, key=lambda c: (round(c[0]), c[1]))
    return Field(text, round(min(0.4, run.confidence), 2), _source(page, line))


def _source(page: Page, line: Line) -> str:
    unit = "PDF points" if page.unit == "pt" else "pixels"
    box = f"{line.x0:.0f},{line.y0:.0f},{line.x1:.0f},{line.y1:.0f}"
    return f"page {page.number}, box {box} ({unit}, from top left)"
