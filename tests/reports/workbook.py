"""Reading the produced workbooks the way a person does: by the numbered header row and by the
code or label at the start of a line, never by fixed coordinates."""

from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet


def open_workbook(content: bytes):
    return load_workbook(BytesIO(content))


@dataclass
class Sheet:
    """A report sheet: the numbered row locates the columns, the first column the lines."""

    sheet: Worksheet

    @property
    def numbers_row(self) -> int:
        for row in range(1, self.sheet.max_row + 1):
            if self.sheet.cell(row=row, column=1).value == "(1)":
                return row
        raise AssertionError("no numbered header row")

    def columns(self, number: str) -> list[int]:
        """The columns under a column number: one, or K and Rp under a shared number."""
        row = self.numbers_row
        for column in range(1, self.sheet.max_column + 1):
            if self.sheet.cell(row=row, column=column).value == number:
                merged = [
                    cells
                    for cells in self.sheet.merged_cells.ranges
                    if cells.min_row == row and cells.min_col == column
                ]
                last = merged[0].max_col if merged else column
                return list(range(column, last + 1))
        raise AssertionError(f"no column {number}")

    def column(self, number: str, part: int = 0) -> int:
        return self.columns(number)[part]

    def data_rows(self) -> range:
        """The rows of the table's lines: after the numbers row, up to the first empty row."""
        start = self.numbers_row + 1
        end = start
        while self.sheet.cell(row=end, column=1).value is not None or any(
            self.sheet.cell(row=end, column=column).value is not None
            for column in range(2, self.sheet.max_column + 1)
        ):
            end += 1
        return range(start, end)

    def row_of(self, first_cell: object, column: int = 1, occurrence: int = 0) -> int:
        found = [
            row
            for row in self.data_rows()
            if self.sheet.cell(row=row, column=column).value == first_cell
        ]
        assert len(found) > occurrence, f"no line {first_cell!r} in column {column}"
        return found[occurrence]

    def value(self, row: int, number: str, part: int = 0):
        return self.sheet.cell(row=row, column=self.column(number, part)).value

    def cell(self, row: int, number: str, part: int = 0):
        return self.sheet.cell(row=row, column=self.column(number, part))


def two_places(value) -> Decimal:
    """A numeric cell as Decimal to 2 places, as the sheet displays it."""
    assert isinstance(value, int | float), f"not a number: {value!r}"
    return Decimal(str(value)).quantize(Decimal("0.01"))
