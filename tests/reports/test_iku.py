"""The IKU (the Sasaran's indicator "Persentase PPKS yang Berfungsi Sosial", 3,5 / 3,7 / 3,9 %)
is a row of the evaluasi Renja and the LKjIP (the Renstra table and the Renja test it in their
own files), with its kondisi awal from the previous period's last realisation (Tabel 2.5: 3,25
in 2023, the plans linked when the seed is loaded) and its end target (the last year's level)."""

from decimal import Decimal

import pytest

from cascading.choices import Level, Status
from cascading.models import Indicator, Realisation
from renstra.reports.choices import FileFormat, ReportKind
from renstra.reports.exports import build_document, write_file
from tests.reports.pdfread import numbered_column, table_rows
from tests.reports.workbook import Sheet, open_workbook, two_places

pytestmark = pytest.mark.django_db

IKU = "Persentase PPKS yang Berfungsi Sosial"
D = Decimal


@pytest.fixture
def iku(seeded_plan) -> Indicator:
    """The 2024-2026 IKU, realised 3,8 % in 2025 (verified)."""
    indicator = Indicator.objects.get(node__period__start_year=2024, node__level=Level.SASARAN)
    Realisation.objects.create(
        indicator=indicator, year=2025, quarter=4, value=D("3.8"), status=Status.VERIFIED
    )
    return indicator


def test_the_loader_links_the_iku_to_the_previous_period(iku):
    assert iku.name == IKU and iku.is_iku
    assert iku.previous.node.period.start_year == 2019
    assert iku.previous.name == IKU
    assert iku.previous.realisations.get(year=2023).value == D("3.25")


def workbook(organisation, kind) -> dict[str, Sheet]:
    document = build_document(kind=kind, organisation=organisation, year=2025)
    return {ws.title: Sheet(ws) for ws in open_workbook(write_file(document, FileFormat.XLSX))}


def test_evaluasi_renja_row(iku, seeded_plan):
    (sheet,) = workbook(seeded_plan, ReportKind.EVALUASI_RENJA).values()
    row = sheet.row_of(IKU, column=sheet.column("(4)"))
    assert sheet.value(row, "(2)").startswith("Terpenuhinya PPKS")
    assert sheet.value(row, "(1)") is None
    k = {number: sheet.value(row, number) for number in ("(5)", "(7)", "(12)", "(13)")}
    assert k == {"(5)": 3.9, "(7)": 3.7, "(12)": 3.8, "(13)": 3.8}
    assert two_places(sheet.value(row, "(12a)")) == D("102.70")  # 3,8 / 3,7
    assert two_places(sheet.value(row, "(14)")) == D("97.44")  # 3,8 / 3,9
    assert sheet.value(row, "(5)", part=1) is None  # no Rp of its own


def test_lkjip_rows(iku, seeded_plan):
    sheets = workbook(seeded_plan, ReportKind.LKJIP)
    measured = sheets["Pengukuran Kinerja Tahun 2025"]
    row = measured.row_of(IKU, column=measured.column("(3)"))
    assert [measured.value(row, number) for number in ("(4)", "(5)", "(6)", "(8)")] == [
        "%",
        3.7,
        3.8,
        "Sangat Tinggi",
    ]
    compared = sheets["Perbandingan Realisasi Kinerja"]
    row = compared.row_of(IKU, column=compared.column("(2)"))
    # (4) kondisi awal 2023, (5) 2024, (6) 2025, (7) end target, (8) to date, (9) capaian
    assert [compared.value(row, f"({number})") for number in range(4, 9)] == [
        3.25,
        "-",  # nothing realised in 2024
        3.8,
        3.9,
        3.8,
    ]
    assert two_places(compared.value(row, "(9)")) == D("97.44")

    document = build_document(kind=ReportKind.LKJIP, organisation=seeded_plan, year=2025)
    rows = table_rows(write_file(document, FileFormat.PDF))
    baseline, end = numbered_column(rows, "(4)"), numbered_column(rows, "(9)")
    printed = [row for row in rows if IKU in row and len(row) > end]
    assert any(row[baseline] == "3,25" and row[end] == "97,44" for row in printed)
