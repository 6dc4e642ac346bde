"""Pages built from text at positions, so field rules can be tested without a PDF or OCR."""

from intake.extraction.layout import Page, Word, group_lines

CHAR_WIDTH, LINE_HEIGHT = 6.0, 10.0


def page_of(rows: list[list[tuple[float, str]]], *, number: int = 1) -> Page:
    """Each row is a list of (x, text); rows are 14 points apart. Words in a text are split on
    spaces and placed as a monospaced font would."""
    words = []
    for index, row in enumerate(rows):
        y = 50 + index * 14
        for x, text in row:
            cursor = x
            for token in text.split(" "):
                if token:
                    width = len(token) * CHAR_WIDTH
                    words.append(Word(token, cursor, y, cursor + width, y + LINE_HEIGHT))
                cursor += (len(token) + 1) * CHAR_WIDTH
    return Page(number, 595, 842, "pt", group_lines(words, page=number))
