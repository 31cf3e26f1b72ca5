"""Reading the produced PDFs back: the table rows as pdfplumber finds them between the ruled
lines, the text of each page, and the type sizes actually drawn."""

from io import BytesIO

import pdfplumber


def open_pdf(content: bytes):
    return pdfplumber.open(BytesIO(content))


def page_texts(content: bytes) -> list[str]:
    """Each page's text, runs of white space made single spaces."""
    with open_pdf(content) as document:
        return [" ".join((page.extract_text() or "").split()) for page in document.pages]


def table_rows(content: bytes) -> list[list[str]]:
    """The rows of every ruled table on every page, in order; a cell's lines joined by a
    space, a cell covered by a merged neighbour "" (the header rows repeat on each page)."""
    rows = []
    with open_pdf(content) as document:
        for page in document.pages:
            for table in page.extract_tables():
                rows += [[" ".join((cell or "").split()) for cell in row] for row in table]
    return rows


def numbered_rows(content: bytes) -> list[tuple[list[str], list[str]]]:
    """Each body row of the ruled tables with the numbers row ("(1)", "(2)", ...) of its table,
    so that a table printed in parts is read part by part."""
    paired, numbers = [], []
    for row in table_rows(content):
        if row and row[0] == "(1)":
            numbers = row
        elif numbers and row and row[0] and not row[0].startswith("("):
            paired.append((numbers, row))
    return paired


def numbered_column(rows: list[list[str]], number: str) -> int:
    """The index of the (first) column under the column number `number`, e.g. "(13)"."""
    for row in rows:
        if row and row[0] == "(1)" and number in row:
            return row.index(number)
    raise AssertionError(f"no column {number}")


def smallest_font_size(content: bytes) -> float:
    """The smallest type size drawn on any page, in points, as rendered (font size times the
    text matrix scale, which pdfplumber reports per character)."""
    with open_pdf(content) as document:
        return min(char["size"] for page in document.pages for char in page.chars)
