"""The one cell writer: text stays text (and unchanged), numbers stay numbers."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from renstra.spreadsheet import looks_like_formula, put, read_text

FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\uff1d1+1", "\uff0b1", "\uff0d1"]
FORMULAS += ["\uff20A1", "  =1+1", "\u3000=1", '=HYPERLINK("http://x","y")']
PLAIN = ["Jumlah PSKS", "1.06.02", "35 Orang", "a=b", "", "#N/A", "_x000D_ apa adanya"]


def round_trip(values: list) -> tuple[bytes, list]:
    book = Workbook()
    for row, value in enumerate(values, start=1):
        put(book.active, row, 1, value)
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    return buffer.getvalue(), [sheet.cell(row=row, column=1) for row in range(1, len(values) + 1)]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_forms_are_recognised(text):
    assert looks_like_formula(text)


@pytest.mark.parametrize("text", PLAIN)
def test_ordinary_text_is_not_a_formula(text):
    assert not looks_like_formula(text)


def test_text_stays_text_and_reads_back_unchanged():
    texts = [*FORMULAS, *PLAIN[:-3], "#N/A", "baris\r\nkedua", "nul\x00dan\x1f", "_x000D_ apa"]
    content, cells = round_trip(texts)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    for text, cell in zip(texts, cells, strict=True):
        assert cell.data_type == "s", text
        assert read_text(cell.value) == text
        assert cell.quotePrefix == looks_like_formula(text)


def test_numbers_dates_and_empty_cells_keep_their_type():
    values = [Decimal("1234.5"), 7, -3, 2.5, True, datetime.date(2025, 3, 31), None]
    _content, cells = round_trip(values)
    assert [cell.data_type for cell in cells] == ["n", "n", "n", "n", "b", "d", "n"]
    assert [cell.value for cell in cells[:5]] == [1234.5, 7, -3, 2.5, True]
    assert cells[6].value is None
