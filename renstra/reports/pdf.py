"""A report document as PDF: the HTML template printed by WeasyPrint.

The table headers are a `thead`, which WeasyPrint repeats on every page a table runs onto; the
page footer counts "Halaman x dari y" with the CSS page counters. The type size follows the
widest table, so that its columns (in the layout's character widths) fill the page.
"""

from django.template.loader import render_to_string
from weasyprint import HTML

from .choices import Paper
from .document import Document

PAGE_SIZES = {Paper.A4: "A4 landscape", Paper.F4: "330mm 215mm"}
MARGIN_MM = 8
PRINTABLE_WIDTH_MM = {Paper.A4: 297 - 2 * MARGIN_MM, Paper.F4: 330 - 2 * MARGIN_MM}
# One character of the layout's widths at 1 pt: a DejaVu Sans Condensed digit is about 0.57 em
# (1 pt = 0.3528 mm), plus room for the cell padding.
MM_PER_CHARACTER_POINT = 0.22
SMALLEST_POINTS, LARGEST_POINTS = 4.0, 7.5


def font_size(document: Document) -> float:
    widest = max(sum(column.width for column in table.columns) for table in document.printed_tables)
    fitting = PRINTABLE_WIDTH_MM[document.paper] / (widest * MM_PER_CHARACTER_POINT)
    return round(min(max(fitting, SMALLEST_POINTS), LARGEST_POINTS), 2)


def write_pdf(document: Document) -> bytes:
    html = render_to_string(
        "reports/pdf.html",
        {
            "document": document,
            "page_size": PAGE_SIZES[document.paper],
            "margin": f"{MARGIN_MM}mm",
            "font_size": f"{font_size(document)}pt",
        },
    )
    return HTML(string=html).write_pdf()


def write_naskah_pdf(naskah) -> bytes:
    """A whole document (renstra/reports/naskah.py): cover, chapters with their tables, the
    signature block with the closing text; tables at the report's type size."""
    document = naskah.report
    html = render_to_string(
        "reports/naskah_pdf.html",
        {
            "naskah": naskah,
            "document": document,
            "page_size": PAGE_SIZES[document.paper],
            "margin": f"{MARGIN_MM}mm",
            "font_size": f"{font_size(document)}pt",
        },
    )
    return HTML(string=html).write_pdf()
