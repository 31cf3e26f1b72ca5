"""The one function that puts a value into a workbook cell, and its reading counterpart.

Every .xlsx the product writes (the five reports, the import templates, the plan export, the
admin exports) fills its cells through `write_cell`, so text a user typed can never become a
formula: text is stored as a string cell (openpyxl would store any text starting with `=` as a
formula), and text that Excel, LibreOffice or Sheets would read as a formula when the cell is
edited (a leading `=`, `+`, `-`, `@`, tab or carriage return, their full-width forms, also after
leading spaces) is marked with Excel's quote prefix, which keeps it text. The text itself is not
changed, so the product's importer reads it back as it was.

Cell text follows the OOXML string escaping: control characters an XML text node cannot carry
(a carriage return among them) are written `_x000D_`, a literal `_xHHHH_` as `_x005F_xHHHH_`;
Excel and LibreOffice read them back as the characters, and so does `read_text`.
"""

import re

from django.utils.functional import Promise

# What makes a spreadsheet read a cell as a formula (OWASP "CSV injection"), full-width included.
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
# XML 1.0 cannot hold these in text; a carriage return would be read back as a line feed.
_NEEDS_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would take the text for a formula (also after leading spaces)."""
    return text[:1] in FORMULA_STARTS or text.lstrip()[:1] in FORMULA_STARTS


def _escape(text: str) -> str:
    return _NEEDS_ESCAPE.sub(lambda match: f"_x{ord(match.group()[0]):04X}_", text)


def read_text(text: str) -> str:
    """A string cell's text as written before `write_cell` escaped it."""
    return _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text) if "_x" in text else text


def write_cell(cell, value):
    """Put `value` into an openpyxl cell: numbers, dates and booleans as they are, any text as a
    string that stays text when the file is opened or the cell edited. Returns the cell."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        cell.value = value
        return cell
    cell.value = _escape(value)
    cell.data_type = "s"
    if looks_like_formula(value):
        cell.quotePrefix = True
    return cell


def put(sheet, row: int, column: int, value):
    """`write_cell` on the cell at (row, column) of an openpyxl worksheet."""
    return write_cell(sheet.cell(row=row, column=column), value)
