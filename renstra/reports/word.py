"""A whole document (naskah) as an editable Word file: headings, paragraphs and real Word tables
with the same cells as the Excel workbook and the PDF (merged header cells, numbered columns,
Indonesian number format), the DATA CONTOH and DRAF marks on the cover and in every page's
header, and the signature block.
"""

from io import BytesIO

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .choices import Paper
from .document import Document, Table
from .naskah import Naskah

# Landscape sheets, as the reports print: (width, height) in millimetres.
PAGE_MM = {Paper.A4: (297, 210), Paper.F4: (330, 215)}
MARGIN_MM = 15
BODY_POINTS, TABLE_POINTS = 11, 8
MARK_COLOUR = RGBColor(0xC0, 0x00, 0x00)


def write_docx(naskah: Naskah) -> bytes:
    report = naskah.report
    word = WordDocument()
    _page(word, report)
    _cover(word, naskah)
    for chapter in naskah.chapters:
        word.add_heading(chapter.title.upper(), level=1)
        for section in chapter.sections:
            if section.heading.upper() != chapter.title.upper():
                word.add_heading(section.heading, level=2)
            for paragraph in section.paragraphs:
                _paragraph(word, paragraph)
            for table in section.printed_tables:
                caption = word.add_paragraph()
                caption.add_run(table.title).bold = True
                _table(word, table)
    for note in report.notes:
        word.add_paragraph(note).runs[0].font.size = Pt(TABLE_POINTS)
    _signatures(word, report)
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _page(word, report: Document) -> None:
    width, height = PAGE_MM[report.paper]
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(width), Mm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    word.styles["Normal"].font.name = "DejaVu Sans"
    word.styles["Normal"].font.size = Pt(BODY_POINTS)
    # The marks on every page: the header and the footer.
    for part in (section.header, section.footer):
        paragraph = part.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if report.marks:
            run = paragraph.add_run(" ".join(report.marks))
            run.bold = True
            run.font.size = Pt(9)
            run.font.color.rgb = MARK_COLOUR


def _cover(word, naskah: Naskah) -> None:
    report = naskah.report
    for mark in report.marks:
        paragraph = word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(mark)
        run.bold = True
        run.font.color.rgb = MARK_COLOUR
    for index, line in enumerate(report.heading):
        paragraph = word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.bold = index < 3
        run.font.size = Pt(18 if index == 2 else 13)
    if report.realisation_note:
        paragraph = word.add_paragraph(report.realisation_note)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _paragraph(word, text: str) -> None:
    """A paragraph; its own line breaks kept (list items written one a line)."""
    paragraph = word.add_paragraph()
    lines = text.split("\n")
    for number, line in enumerate(lines):
        run = paragraph.add_run(line)
        if number < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)


def _table(word, table: Table) -> None:
    header = table.header_rows()
    word_table = word.add_table(rows=len(header) + len(table.lines), cols=table.width)
    word_table.style = "Table Grid"
    word_table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(column.width for column in table.columns)
    usable = word.sections[0].page_width - word.sections[0].left_margin * 2
    for index, column in enumerate(table.columns):
        width = int(usable * column.width / total)
        for cell in word_table.columns[index].cells:
            cell.width = width
    for row in header:
        for header_cell in row:
            cell = word_table.cell(header_cell.row, header_cell.index)
            last = word_table.cell(
                header_cell.row + header_cell.rows - 1,
                header_cell.index + header_cell.columns - 1,
            )
            if last is not cell and (header_cell.rows > 1 or header_cell.columns > 1):
                cell = cell.merge(last)
            _cell_text(cell, header_cell.text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for offset, line in enumerate(table.lines):
        row = len(header) + offset
        for placed in table.cells(line):
            cell = word_table.cell(row, placed.index)
            if placed.columns > 1:
                cell = cell.merge(word_table.cell(row, placed.index + placed.columns - 1))
            _cell_text(
                cell,
                placed.text,
                bold=line.style in ("program", "total", "heading"),
                align=WD_ALIGN_PARAGRAPH.RIGHT if placed.numeric else WD_ALIGN_PARAGRAPH.LEFT,
            )
    # Header rows repeat on each page the table runs onto.
    for row in word_table.rows[: len(header)]:
        _repeat_header(row)
    word.add_paragraph()


def _cell_text(cell, text: str, *, bold: bool, align) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(TABLE_POINTS)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _signatures(word, report: Document) -> None:
    signatures = report.signatures
    columns = max(len(signatures), 2)
    table = word.add_table(rows=1, cols=columns)
    for index, signature in enumerate(signatures):
        cell = table.cell(0, columns - len(signatures) + index)
        lines = [
            report.place_and_date if signature.dated else "",
            signature.caption,
            signature.title,
            "",
            "",
            signature.name_line,
            str(signature.rank_line),
            str(signature.nip_line),
        ]
        cell.paragraphs[0].add_run(lines[0])
        for line in lines[1:]:
            paragraph = cell.add_paragraph()
            run = paragraph.add_run(line)
            run.bold = line == signature.name_line and bool(signature.name)
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
