"""A report document as an Excel workbook (openpyxl): one sheet per table.

Each sheet: the heading lines, the numbered header rows (merged as the layout's labels share),
the lines with real numbers in numeric cells (formatted, never text), the signature block; frozen
panes under the header, the header rows repeated on every printed page, landscape, fit to width.
"""

import math
import re
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from renstra.spreadsheet import put

from .choices import Paper
from .document import Document, Line, Signature, Table, excel_format

# Excel's paper codes: 9 is A4; 14 is Folio (8.5 x 13 in, 216 x 330 mm), the F4 of Indonesia.
PAPER_SIZES = {Paper.A4: 9, Paper.F4: 14}
LINE_HEIGHT = 12.75  # points per line of 10 pt text
SIGNATURE_SPACE = 3  # empty rows left for the signature itself

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="E7ECF0")
STYLE_FILLS = {
    "program": PatternFill("solid", fgColor="DCE6EE"),
    "kegiatan": PatternFill("solid", fgColor="EEF3F7"),
    "total": PatternFill("solid", fgColor="DCE6EE"),
    "heading": PatternFill("solid", fgColor="EEF3F7"),
}
MARK_FONT = Font(bold=True, color="C00000", size=12)
MARK_FILL = PatternFill("solid", fgColor="FDECEA")
BOLD_STYLES = {"program", "kegiatan", "total", "heading", "footer"}
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
NUMBER = Alignment(horizontal="right", vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_workbook(document: Document) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = document.title
    workbook.properties.creator = "Renstra Monitor"
    used = set()
    for table in document.tables:
        sheet = workbook.create_sheet(_sheet_name(table.title, used))
        _SheetWriter(sheet, document, table).write()
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    name = _SHEET_NAME_FORBIDDEN.sub("-", title)[:31].strip()
    candidate, number = name, 2
    while candidate in used:
        suffix = f" ({number})"
        candidate, number = name[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate)
    return candidate


class _SheetWriter:
    def __init__(self, sheet: Worksheet, document: Document, table: Table):
        self.sheet = sheet
        self.document = document
        self.table = table
        self.row = 1
        self.heights: dict[int, float] = {}

    def write(self) -> None:
        for index, column in enumerate(self.table.columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column.width
        self.write_heading()
        first_header_row = self.row
        self.write_header()
        last_header_row = self.row - 1
        self.sheet.freeze_panes = self.sheet.cell(
            row=self.row, column=self.table.frozen_columns + 1
        )
        for line in self.table.lines:
            self.write_line(line)
        if self.document.notes:
            self.row += 1
        for note in self.document.notes:
            self.merged_text(note, 0, self.table.width).font = Font(italic=True)
        self.row += 1
        self.write_signatures(self.document.signatures)
        for row, height in self.heights.items():
            self.sheet.row_dimensions[row].height = height
        self.page_setup(first_header_row, last_header_row)

    # --- pieces ---------------------------------------------------------------------------------

    def write_heading(self) -> None:
        for mark in self.document.marks:
            cell = self.merged_text(mark, 0, self.table.width, alignment=CENTRE)
            cell.font = MARK_FONT
            cell.fill = MARK_FILL
        texts = list(self.document.heading)
        if len(self.document.tables) > 1:
            texts.append(self.table.title)
        for index, text in enumerate(texts):
            self.merged_text(text, 0, self.table.width, bold=index < 3, alignment=CENTRE)
        for text in self.document.preamble:
            self.merged_text(text, 0, self.table.width)
        if self.document.realisation_note:
            note = self.merged_text(
                self.document.realisation_note, 0, self.table.width, alignment=CENTRE
            )
            note.font = Font(italic=True)
        if self.document.budget_note:
            note = self.merged_text(
                self.document.budget_note, 0, self.table.width, alignment=CENTRE
            )
            note.font = Font(italic=True)
        self.row += 1

    def write_header(self) -> None:
        top = self.row
        grid = self.table.header_rows()
        for cells in grid:
            for header in cells:
                row, column = top + header.row, header.index + 1
                cell = put(self.sheet, row, column, header.text)
                self.merge_and_box(row, column, header.rows, header.columns)
                numbers_row = header.row == len(grid) - 1
                cell.font = Font(bold=not numbers_row, italic=numbers_row)
                cell.alignment = CENTRE
                for covered_row in range(row, row + header.rows):
                    for covered in range(column, column + header.columns):
                        self.sheet.cell(row=covered_row, column=covered).fill = HEADER_FILL
                self.fit(row, header.text, header.index, header.columns, header.rows)
        self.row = top + len(grid)

    def write_line(self, line: Line) -> None:
        fill = STYLE_FILLS.get(line.style)
        bold = line.style in BOLD_STYLES
        for placed in self.table.cells(line):
            column = placed.index + 1
            value = placed.value
            number_format = excel_format(value, placed.column.format)
            if number_format:
                cell = put(self.sheet, self.row, column, value)
                cell.number_format = number_format
                cell.alignment = NUMBER
            else:
                text = placed.text
                cell = put(self.sheet, self.row, column, text or None)
                cell.alignment = NUMBER if placed.numeric else WRAP_TOP
                self.fit(self.row, text, placed.index, placed.columns)
            self.merge_and_box(self.row, column, 1, placed.columns)
            if bold:
                cell.font = Font(bold=True)
            if fill:
                for covered in range(column, column + placed.columns):
                    self.sheet.cell(row=self.row, column=covered).fill = fill
        self.row += 1

    def write_signatures(self, signatures: list[Signature]) -> None:
        """Signature blocks side by side: one block takes the right half, several share the
        width."""
        width = self.table.width
        if len(signatures) == 1:
            spans = [(width // 2, width - width // 2)]
        else:
            share = width // len(signatures)
            spans = [
                (index * share, share if index < len(signatures) - 1 else width - index * share)
                for index in range(len(signatures))
            ]
        blocks = [self.signature_lines(signature) for signature in signatures]
        top = self.row
        for (start, columns), block in zip(spans, blocks, strict=True):
            self.row = top
            for text, bold in block:
                if text:
                    cell = self.merged_text(text, start, columns, alignment=CENTRE)
                    if bold:
                        cell.font = Font(bold=True, underline="single")
                else:
                    self.row += 1
        self.row = top + max(len(block) for block in blocks)

    def signature_lines(self, signature: Signature) -> list[tuple[str, bool]]:
        lines = [
            (self.document.place_and_date if signature.dated else "", False),
            (signature.caption, False),
            (signature.title, False),
            *([("", False)] * SIGNATURE_SPACE),
            (signature.name_line, True),
            (signature.rank_line, False),
            (signature.nip_line, False),
        ]
        return lines

    def page_setup(self, first_header_row: int, last_header_row: int) -> None:
        sheet = self.sheet
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = PAPER_SIZES[self.document.paper]
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = f"{first_header_row}:{last_header_row}"
        sheet.print_options.horizontalCentered = True
        sheet.page_margins.left = sheet.page_margins.right = 0.4
        sheet.page_margins.top = sheet.page_margins.bottom = 0.5
        sheet.oddFooter.right.text = _("Halaman &P dari &N")
        sheet.oddFooter.left.text = self.document.title
        if self.document.marks:
            marks = " ".join(self.document.marks)
            sheet.oddHeader.center.text = marks
            sheet.oddHeader.center.color = "C00000"
            sheet.oddFooter.center.text = marks

    # --- helpers --------------------------------------------------------------------------------

    def merged_text(self, text: str, start: int, columns: int, *, bold=False, alignment=WRAP_TOP):
        cell = put(self.sheet, self.row, start + 1, text)
        if columns > 1:
            self.sheet.merge_cells(
                start_row=self.row,
                start_column=start + 1,
                end_row=self.row,
                end_column=start + columns,
            )
        cell.alignment = alignment
        if bold:
            cell.font = Font(bold=True)
        self.fit(self.row, text, start, columns)
        self.row += 1
        return cell

    def merge_and_box(self, row: int, column: int, rows: int, columns: int) -> None:
        if rows > 1 or columns > 1:
            self.sheet.merge_cells(
                start_row=row,
                start_column=column,
                end_row=row + rows - 1,
                end_column=column + columns - 1,
            )
        for covered_row in range(row, row + rows):
            for covered in range(column, column + columns):
                self.sheet.cell(row=covered_row, column=covered).border = BOX

    def fit(self, row: int, text: str, index: int, columns: int, rows: int = 1) -> None:
        """Raise the row's height so the wrapped text shows: Excel does not grow rows that hold
        merged cells by itself."""
        if not text:
            return
        width = sum(column.width for column in self.table.columns[index : index + columns])
        needed = sum(math.ceil(len(part) / max(width - 1, 1)) or 1 for part in text.split("\n"))
        height = LINE_HEIGHT * math.ceil(needed / rows)
        self.heights[row] = max(self.heights.get(row, LINE_HEIGHT), height)
