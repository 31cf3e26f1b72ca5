"""Every report names the budget version it used, in the PDF and in the workbook's header rows;
the Renstra table keeps the Renstra figure whatever the DPA says."""

from decimal import Decimal

import pytest

from renstra.reports.choices import FileFormat, ReportKind
from renstra.reports.exports import build_document, write_file
from tests.reports.pdfread import page_texts
from tests.reports.workbook import open_workbook

pytestmark = pytest.mark.django_db

DPA = "Pagu yang dipakai: DPA 2025, berlaku 01-01-2025."


def header_text(sheet, rows: int = 10) -> str:
    return " ".join(str(sheet.cell(row=row, column=1).value or "") for row in range(1, rows + 1))


@pytest.mark.parametrize(
    ("kind", "year", "note"),
    [
        (ReportKind.EVALUASI_RENJA, 2025, DPA),
        (ReportKind.LKJIP, 2025, DPA),
        (
            ReportKind.RENJA,
            2025,
            "Pagu yang dipakai: Renstra 2025 (pagu indikatif); Renstra 2026 (pagu indikatif).",
        ),
        (
            ReportKind.RENSTRA,
            2024,
            "Pagu yang dipakai: Renstra 2024 (pagu indikatif); Renstra "
            "2025 (pagu indikatif); Renstra 2026 (pagu indikatif).",
        ),
    ],
)
def test_reports_name_the_budget_version(seeded_plan, dpa_2025, kind, year, note):
    document = build_document(kind=kind, organisation=seeded_plan, year=year)
    assert document.budget_note == note
    sheets = open_workbook(write_file(document, FileFormat.XLSX)).worksheets
    assert all(note in header_text(sheet) for sheet in sheets)
    pages = page_texts(write_file(document, FileFormat.PDF))
    assert note.split(":")[0] in pages[0]


def test_evaluasi_column_7_is_the_dpa_and_column_5_the_renstra(seeded_plan, dpa_2025):
    from renstra.reports.selectors import evaluasi_renja_table, renstra_table

    period = seeded_plan.periods.get(start_year=2024)
    table = evaluasi_renja_table(period=period, year=2025)
    assert table.totals.pagu == Decimal("1785000000.00")  # the DPA of the generated file
    renstra = renstra_table(period=period)
    assert table.totals.final == renstra.pagu_period  # (5): the Renstra's end-of-period pagu
    assert renstra.pagu_by_year[2025] != Decimal("1785000000.00")


def test_dashboard_names_the_version(client, planner, seeded_plan, dpa_2025):
    client.force_login(planner)
    page = client.get(f"/?opd={seeded_plan.code}&tahun=2025&tw=2").content.decode()
    assert DPA in page
