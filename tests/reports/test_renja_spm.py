"""The Renja and SPM workbooks from the seeded plan: targets and pagu of year n and n+1 as in
the extract of Tabel 6.1; SPM history as Tabel 2.3 records it, year n worked out by hand."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from renstra.reports.choices import FileFormat, ReportKind
from renstra.reports.exports import build_document, write_file
from spm.models import SpmService
from tests.factories import SpmAnnualFactory
from tests.reports.workbook import Sheet, open_workbook, two_places

pytestmark = pytest.mark.django_db


def extract() -> dict:
    return json.loads(Path(settings.SEED_FIXTURE).read_text(encoding="utf-8"))


def workbook_sheets(organisation, kind, year) -> list[Sheet]:
    document = build_document(kind=kind, organisation=organisation, year=year)
    return [Sheet(ws) for ws in open_workbook(write_file(document, FileFormat.XLSX)).worksheets]


def test_renja_2024_with_forecast_2025(seeded_plan):
    (sheet,) = workbook_sheets(seeded_plan, ReportKind.RENJA, 2024)
    period = next(p for p in extract()["periods"] if p["key"] == "2024-2026")
    rows = [node for node in period["nodes"] if node["source"] == "Tabel 6.1"]
    data_rows = list(sheet.data_rows())
    # The IKU of the Sasaran, the urusan and bidang headings, one line per node, the totals.
    iku = data_rows.pop(0)
    assert [sheet.value(iku, number) for number in ("(1)", "(3)", "(5)", "(8)", "(9)")] == [
        None,
        "Persentase PPKS yang Berfungsi Sosial",
        "3,5%",
        "IKU",
        "3,7%",
    ]
    assert sheet.value(iku, "(2)").startswith("Sasaran: Terpenuhinya PPKS")
    assert sheet.value(iku, "(6)") is None
    assert [sheet.value(row, "(1)") for row in data_rows[:2]] == ["1", "1.06"]
    assert sheet.value(data_rows[1], "(2)") == "SOSIAL"
    assert len(data_rows) == 2 + len(rows) + 1
    for line, row in zip(data_rows[2:], rows, strict=False):
        (indicator,) = row["indicators"]
        assert [
            sheet.value(line, number) for number in ("(1)", "(2)", "(3)", "(4)", "(5)", "(7)")
        ] == [
            row["code"],
            row["name"],
            indicator["name"],
            "Kota Palangka Raya",
            indicator["targets"]["2024"]["text"],
            "APBD",
        ]
        assert sheet.value(line, "(8)") == ("IKK" if indicator["is_ikk"] else None)
        assert sheet.value(line, "(9)") == indicator["targets"]["2025"]["text"]
        assert two_places(sheet.value(line, "(6)")) == Decimal(row["rp_printed"]["2024"])
        assert two_places(sheet.value(line, "(10)")) == Decimal(row["rp_printed"]["2025"])
    total = data_rows[-1]
    assert sheet.value(total, "(1)") == "Jumlah"
    assert two_places(sheet.value(total, "(6)")) == Decimal("9363273111.00")
    assert two_places(sheet.value(total, "(10)")) == Decimal("9363273111.00")


def test_spm_year_and_history(seeded_plan):
    first = SpmService.objects.get(organisation=seeded_plan, number=1)
    SpmAnnualFactory(
        service=first,
        year=2024,
        people_needing=200,
        people_served=150,
        quality_required=Decimal("50"),
        quality_provided=Decimal("40"),
    )
    year, history = workbook_sheets(seeded_plan, ReportKind.SPM, 2024)

    row = year.row_of(1)
    numbers = ["(3)", "(4)", "(5)", "(6)", "(7)", "(8)"]
    # 150/200 = 75 %, 40/50 = 80 %, index 80 % x 75 + 20 % x 80 = 76: Tuntas Pratama (>= 70).
    values = [year.value(row, number) for number in numbers]
    assert values[:2] == [200, 150]
    assert [two_places(value) for value in values[2:5]] == [Decimal("75.00"), Decimal("80.00"),
                                                           Decimal("76.00")]  # fmt: skip
    assert values[5] == "Tuntas Pratama"
    assert year.value(year.row_of(2), "(5)") == "-"  # nothing recorded for 2024
    mean = year.row_of("Rata-rata perangkat daerah")
    assert two_places(year.value(mean, "(7)")) == Decimal("76.00")
    assert year.value(mean, "(8)") == "Tuntas Pratama"

    services = {service["number"]: service for service in extract()["spm"]["services"]}
    header = history.numbers_row - 2
    for number, service in services.items():
        line = history.row_of(number)
        assert history.value(line, "(3)") == service["history_indicator"]
        for column in range(4, 14, 2):
            year_label = history.sheet.cell(row=header, column=column).value
            recorded = service["years"][year_label]
            target = history.sheet.cell(row=line, column=column).value
            capaian = history.sheet.cell(row=line, column=column + 1).value
            assert two_places(target) == Decimal(recorded["target"]["value"])
            assert two_places(capaian) == Decimal(recorded["capaian"]["value"])
    assert [history.sheet.cell(row=header, column=c).value for c in range(4, 16, 2)] == [
        "2019", "2020", "2021", "2022", "2023", "2024",
    ]  # fmt: skip
