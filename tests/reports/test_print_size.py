"""Legible print: the smallest type drawn in each report's PDF, measured from the rendered
document (each character's size as pdfplumber reads it: the font size times the text matrix
scale), is at least 7 pt on F4 landscape, for the seeded plan (the widest real tables)."""

import pytest

from renstra.reports.choices import FileFormat, Paper, ReportKind
from renstra.reports.exports import build_document, write_file
from tests.reports.pdfread import page_texts, smallest_font_size

pytestmark = pytest.mark.django_db

SMALLEST_LEGIBLE = 7.0


@pytest.mark.parametrize("kind", list(ReportKind))
def test_no_type_below_7_pt_on_f4(seeded_plan, kind):
    document = build_document(kind=kind, organisation=seeded_plan, year=2025, paper=Paper.F4)
    content = write_file(document, FileFormat.PDF)
    assert smallest_font_size(content) >= SMALLEST_LEGIBLE - 0.01
    assert page_texts(content)[0]  # the pages hold text, not a blank measured as "no size"


# On A4 the Renja, LKjIP and SPM also print at 7 pt; the Renstra table and the evaluasi Renja's
# Rp table, sized for F4, come to about 6.3 pt.
@pytest.mark.parametrize("kind", [ReportKind.RENJA, ReportKind.LKJIP, ReportKind.SPM])
def test_narrower_reports_keep_7_pt_on_a4(seeded_plan, kind):
    document = build_document(kind=kind, organisation=seeded_plan, year=2025, paper=Paper.A4)
    assert smallest_font_size(write_file(document, FileFormat.PDF)) >= SMALLEST_LEGIBLE - 0.01
