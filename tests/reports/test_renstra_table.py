"""The Renstra table made from the freshly seeded database reproduces the seed's Tabel 6.1.

The expected cells are read here straight from the committed extract (fixtures/), not from the
database: codes, names, indicators, targets as printed, Rp per year and for the period, the unit
as printed, and the totals row.
"""

import functools
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from renstra.reports.choices import FileFormat, Paper, ReportKind
from renstra.reports.exports import build_document, write_file
from tests.reports.workbook import Sheet, open_workbook

pytestmark = pytest.mark.django_db

YEAR_TOTAL = Decimal("9363273111.00")
PERIOD_TOTAL = Decimal("28089819333.00")
GOALS = ("tujuan", "sasaran")


RP_COLUMNS = (("(8)", "2024"), ("(10)", "2025"), ("(12)", "2026"), ("(14)", "period"))


@functools.cache
def extract_nodes() -> list[dict]:
    """The nodes of the 2024-2026 period in the committed extract, in the document's order."""
    data = json.loads(Path(settings.SEED_FIXTURE).read_text(encoding="utf-8"))
    period = next(period for period in data["periods"] if period["key"] == "2024-2026")
    return period["nodes"]


def tabel_61() -> list[dict]:
    return [node for node in extract_nodes() if node["source"] == "Tabel 6.1"]


def goals() -> dict[str, str]:
    return {node["level"]: node["name"] for node in extract_nodes() if node["level"] in GOALS}


@pytest.fixture
def sheet(seeded_plan) -> Sheet:
    document = build_document(kind=ReportKind.RENSTRA, organisation=seeded_plan, year=2025)
    workbook = open_workbook(write_file(document, FileFormat.XLSX))
    assert len(workbook.worksheets) == 1
    return Sheet(workbook.worksheets[0])


def money(value) -> Decimal:
    assert isinstance(value, int | float), f"Rp must be a number, not {value!r}"
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_every_row_and_cell_of_tabel_61(sheet):
    rows = tabel_61()
    assert [row["level"] for row in rows].count("sub_kegiatan") == 51
    # The IKU line of the Sasaran (test_iku_line), one line per row of Tabel 6.1 (one indicator
    # each), then the totals line.
    data_rows = list(sheet.data_rows())[1:]
    assert len(data_rows) == len(rows) + 1
    compared = 0
    for line, row in zip(data_rows, rows, strict=False):
        (indicator,) = row["indicators"]
        expected = {
            "(3)": row["code"],
            "(4)": row["name"],
            "(5)": indicator["name"],
            "(6)": indicator["baseline"]["text"],
            "(7)": indicator["targets"]["2024"]["text"],
            "(9)": indicator["targets"]["2025"]["text"],
            "(11)": indicator["targets"]["2026"]["text"],
            "(13)": indicator["final_target"]["text"],
            "(15)": row["unit_label"],
        }
        for number, text in expected.items():
            assert sheet.value(line, number) == (text or None), (row["code"], number)
            compared += 1
        for number, key in RP_COLUMNS:
            assert money(sheet.value(line, number)) == Decimal(row["rp_printed"][key]), (
                row["code"],
                number,
            )
            assert sheet.cell(line, number).number_format == "#,##0.00"
            compared += 1
    assert compared == len(rows) * 13 == 910


def test_iku_line(sheet):
    """The Sasaran's indicator (the IKU) opens the table: kondisi awal from the previous
    period's last realisation (Tabel 2.5: 3,25 in 2023), the yearly targets, and the end target
    the last year's level as the IKU is a level; no code, program or Rp of its own."""
    iku = list(sheet.data_rows())[0]
    assert sheet.value(iku, "(5)") == "Persentase PPKS yang Berfungsi Sosial"
    assert [sheet.value(iku, number) for number in ("(6)", "(7)", "(9)", "(11)", "(13)")] == [
        3.25,
        "3,5%",
        "3,7%",
        "3,9%",
        3.9,
    ]
    for number in ("(3)", "(4)", "(8)", "(10)", "(12)", "(14)", "(15)"):
        assert sheet.value(iku, number) is None, number


def test_tujuan_and_sasaran_on_the_first_line_only(sheet):
    """Columns (1)-(2) hold the office's Tujuan and Sasaran (Bab IV): Tabel 6.1 prints the
    Sasaran Pemda there, a difference the seed records as a data note."""
    first, second = list(sheet.data_rows())[:2]
    assert sheet.value(first, "(1)") == goals()["tujuan"]
    assert sheet.value(first, "(2)") == goals()["sasaran"]
    assert sheet.value(second, "(1)") is None
    assert sheet.value(second, "(2)") is None


def test_totals_row(sheet):
    total = list(sheet.data_rows())[-1]
    assert sheet.value(total, "(1)") == "Jumlah"
    for number in ("(8)", "(10)", "(12)"):
        assert money(sheet.value(total, number)) == YEAR_TOTAL
    assert money(sheet.value(total, "(14)")) == PERIOD_TOTAL


def test_numbered_merged_header_frozen_and_printable(sheet):
    ws = sheet.sheet
    numbers = sheet.numbers_row
    assert [ws.cell(row=numbers, column=c).value for c in range(1, 16)] == [
        f"({n})" for n in range(1, 16)
    ]
    top = numbers - 3
    merged = {str(cells) for cells in ws.merged_cells.ranges}
    # (1) Tujuan spans the three label rows; the funding group spans (7)-(12); each year two.
    assert f"A{top}:A{top + 2}" in merged
    assert ws.cell(row=top, column=7).value == "Target Kinerja Program dan Kerangka Pendanaan"
    assert f"G{top}:L{top}" in merged
    assert ws.cell(row=top + 1, column=7).value == "Tahun 2024"
    assert f"G{top + 1}:H{top + 1}" in merged
    assert ws.freeze_panes == f"A{numbers + 1}"
    assert ws.print_title_rows == f"${top}:${numbers}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_heading_and_signature(sheet, seeded_plan):
    ws = sheet.sheet
    texts = [ws.cell(row=row, column=1).value for row in range(1, sheet.numbers_row)]
    assert "PEMERINTAH KOTA PALANGKA RAYA" in texts
    assert "DINAS SOSIAL KOTA PALANGKA RAYA" in texts
    assert "Renstra 2024-2026, periode 2024-2026" in texts
    below = {
        ws.cell(row=row, column=column).value
        for row in range(sheet.data_rows().stop, ws.max_row + 1)
        for column in range(1, ws.max_column + 1)
    }
    assert {
        seeded_plan.head_title,
        seeded_plan.head_name,
        seeded_plan.head_rank,
        f"NIP. {seeded_plan.head_nip}",
    } <= below
    assert any(str(text).startswith("Palangka Raya, ") for text in below if text)


def test_f4_paper(seeded_plan):
    document = build_document(
        kind=ReportKind.RENSTRA, organisation=seeded_plan, year=2024, paper=Paper.F4
    )
    sheet = open_workbook(write_file(document, FileFormat.XLSX)).worksheets[0]
    assert sheet.page_setup.paperSize == 14
