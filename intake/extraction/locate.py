"""Finding labels on a page and the value printed to their right or below them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from intake.extraction.layout import Line, Page, Run, Word

_LEADING_PUNCTUATION = re.compile("^[\\s:#.\\-\u2013=]+")
_CURRENCY_ONLY = re.compile(r"^(?:€|\$|£|₹|EUR|USD|GBP|Rs\.?|:|-)$", re.I)


@dataclass(frozen=True)
class Found:
    """A piece of text with the box it was read from."""

    text: str
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    unit: str
    confidence: float
    how: str  # "same" (after the label), "right", "below" or "pattern"

    def source(self) -> str:
        return (
            f"page {self.page}, box {self.x0:.0f},{self.y0:.0f},{self.x1:.0f},{self.y1:.0f}"
            f" ({'PDF points' if self.unit == 'pt' else 'pixels'}, from top left)"
        )


@dataclass(frozen=True)
class Hit:
    page: Page
    line: Line
    run: Run
    match: re.Match


def found_words(words: list[Word], page: Page, how: str) -> Found:
    return Found(
        " ".join(word.text for word in words),
        page.number,
        min(w.x0 for w in words),
        min(w.y0 for w in words),
        max(w.x1 for w in words),
        max(w.y1 for w in words),
        page.unit,
        min(w.confidence for w in words),
        how,
    )


def find_labels(pages: list[Page], pattern: re.Pattern, *, at_start: bool = True) -> Iterator[Hit]:
    """Runs holding a label, top to bottom, page by page. With `at_start` the label must open
    the run (so "Order date" is no hit for "date")."""
    for page in pages:
        for line in page.lines:
            for run in line.runs:
                text = run.text
                match = pattern.match(text) if at_start else pattern.search(text)
                if match:
                    yield Hit(page, line, run, match)


def values_after(hit: Hit, *, numeric: bool = False) -> list[Found]:
    """Where a label's value may stand, in order of likelihood: after it in the same run, in the
    run(s) to its right, in the lines below it. With `numeric`, consecutive runs to the right
    are taken together up to the next run holding a word (so a row of amounts stays whole)."""
    candidates = []
    words = _words_after_match(hit)
    right = [run for run in hit.line.runs if run.x0 >= hit.run.x1 - 1]
    if numeric:
        # The label's own run and the runs to its right up to the next label-like word.
        taken = list(words)
        for run in right:
            if _has_word(run.text):
                break
            taken.extend(run.words)
        if taken:
            candidates.append(found_words(taken, hit.page, "same" if words else "right"))
    else:
        if words:
            candidates.append(found_words(words, hit.page, "same"))
        if right:
            candidates.append(found_words(right[0].words, hit.page, "right"))
    below = _words_below(hit, whole_runs=not numeric)
    if below:
        candidates.append(found_words(below, hit.page, "below"))
    return candidates


def _has_word(text: str) -> bool:
    return any(
        len(re.sub(r"[^A-Za-zÀ-ÿ]", "", token)) >= 3 and not _CURRENCY_ONLY.match(token)
        for token in text.split()
    )


def _words_after_match(hit: Hit) -> list[Word]:
    # Map the end of the match in the run's text back to its words.
    end = hit.match.end()
    position, words = 0, []
    for word in hit.run.words:
        start = position
        position += len(word.text) + 1
        if start >= end:
            words.append(word)
        elif position - 1 > end:
            rest = word.text[end - start :]
            if _LEADING_PUNCTUATION.sub("", rest):
                words.append(Word(rest, word.x0, word.y0, word.x1, word.y1, word.confidence))
    while words and not _LEADING_PUNCTUATION.sub("", words[0].text):
        words = words[1:]
    return words


def _words_below(hit: Hit, *, whole_runs: bool) -> list[Word]:
    """Words under the label in the next line or the one after. Amounts are taken word by
    word (a row of columns is one run); text such as a date is taken as the whole run."""
    lines = hit.page.lines
    index = lines.index(hit.line)
    height = max(hit.run.height, 1)
    tolerance = 0.5 * height
    left, right = hit.run.x0 - tolerance, hit.run.x1 + tolerance
    for line in lines[index + 1 : index + 3]:
        if line.y0 - hit.line.y1 > 3 * height:
            break
        if whole_runs:
            words = [
                w for run in line.runs if run.x1 >= left and run.x0 <= right for w in run.words
            ]
        else:
            words = [w for w in line.words if w.x1 >= left and w.x0 <= right]
        if words:
            return words
    return []
