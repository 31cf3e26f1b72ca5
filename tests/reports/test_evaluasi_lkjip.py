"""Every computed column of the Evaluasi Renja and the LKjIP tables, read from the workbook and
compared with figures worked out by hand from the plan in conftest.py (year 2025, verified
realisations unless said otherwise)."""

from decimal import Decimal

import pytest

from cascading.constants import SUBMITTED_AND_VERIFIED
from renstra.reports.choices import FileFormat, ReportKind
from renstra.reports.exports import build_document, write_file
from renstra.reports.models import ReportNarrative
from tests.reports.workbook import Sheet, open_workbook, two_places

D = Decimal
NO = None  # an empty cell


def sheets(plan, kind, **options) -> list[Sheet]:
    document = build_document(kind=kind, organisation=plan.organisation, year=2025, **options)
    return [Sheet(ws) for ws in open_workbook(write_file(document, FileFormat.XLSX)).worksheets]


def figure(value):
    """A cell as the hand-worked figure: numbers to 2 places, text as it is."""
    if isinstance(value, int | float):
        return two_places(value)
    return value


def line(sheet: Sheet, row: int, numbers: list[str]) -> list:
    """The K and Rp cells under each column number, left to right."""
    return [
        figure(sheet.sheet.cell(row=row, column=column).value)
        for number in numbers
        for column in sheet.columns(number)
    ]


K_RP = ["(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)", "(12)", "(12a)", "(13)", "(14)"]


class TestEvaluasiRenja:
    @pytest.fixture
    def sheet(self, plan) -> Sheet:
        (sheet,) = sheets(plan, ReportKind.EVALUASI_RENJA)
        return sheet

    def test_iku_line_k_only(self, sheet):
        row = sheet.row_of("Persentase PPKS berfungsi sosial", column=sheet.column("(4)"))
        assert row == sheet.data_rows().start  # before the programs of its sasaran
        assert sheet.value(row, "(1)") is None and sheet.value(row, "(3)") is None
        assert sheet.value(row, "(2)") == "Sasaran uji"
        # fmt: off
        assert line(sheet, row, K_RP) == [
            D("3.90"), NO,   # (5) written end target
            D("3.60"), NO,   # (6) 2024's level
            D("3.70"), NO,   # (7)
            "-", NO, D("3.80"), NO, "-", NO, "-", NO,  # the 4,0 of TW IV is only submitted
            D("3.80"), NO,
            D("102.70"), NO,  # 3,8/3,7
            D("3.80"), NO,   # a level: the latest value
            D("97.44"), NO,  # 3,8/3,9
        ]
        # fmt: on

    def test_program_flow_line(self, sheet, plan):
        row = sheet.row_of("1.06.02")
        assert sheet.value(row, "(2)") is None  # printed on the IKU line above
        assert sheet.value(row, "(3)") == "PROGRAM UJI"
        assert sheet.value(row, "(4)") == "Jumlah PSKS dibina"
        assert sheet.value(row, "(15)") == "Bidang Pemberdayaan"
        # fmt: off
        assert line(sheet, row, K_RP) == [
            D("300"), D("9000000.00"),   # (5) end-of-period target; pagu 2024-2026 of both subs
            D("80"), D("900000.00"),     # (6) 2024: 30 + 50 people; 900.000 spent
            D("120"), D("3000000.00"),   # (7) 2025 target; pagu 2 + 1 million
            D("40"), D("500000.00"),     # (8) TW I
            D("20"), D("300000.50"),     # (9) TW II
            D("30"), D("0.00"),          # (10) TW III: the 400.000 is only submitted
            "-", D("250000.00"),         # (11) TW IV: the 25 people are only submitted
            D("90"), D("1050000.50"),    # (12) 40 + 20 + 30; 500.000 + 300.000,50 + 250.000
            D("75.00"), D("35.00"),      # (12)/(7): 90/120; 1.050.000,50/3.000.000
            D("170"), D("1950000.50"),   # (13) = (6) + (12)
            D("56.67"), D("21.67"),      # (14) = (13)/(5): 170/300; 1.950.000,50/9.000.000
        ]
        # fmt: on

    def test_second_indicator_of_a_node_grades_and_no_rp(self, sheet):
        row = sheet.row_of("Nilai SAKIP", column=sheet.column("(4)"))
        assert sheet.value(row, "(1)") is None and sheet.value(row, "(3)") is None
        # fmt: off
        assert line(sheet, row, K_RP) == [
            "A", NO,      # (5) "A Indeks"
            "BB", NO,     # (6) the 2024 grade (last)
            "BB", NO,     # (7)
            "-", NO, "-", NO, "-", NO, "B", NO,
            "B", NO,      # (12)
            D("80.00"), NO,  # B (rank 4) against BB (rank 5)
            "B", NO,      # (13) the latest grade
            D("66.67"), NO,  # B (4) against A (6)
        ]
        # fmt: on

    def test_kegiatan_percentage_last_value(self, sheet):
        row = sheet.row_of("1.06.02.2.01")
        assert sheet.value(row, "(2)") is None
        # fmt: off
        assert line(sheet, row, K_RP) == [
            D("90"), D("9000000.00"),
            "-", D("900000.00"),          # no value in 2024
            D("80"), D("3000000.00"),
            "-", D("500000.00"), "-", D("300000.50"), D("72"), D("0.00"), "-", D("250000.00"),
            D("72"), D("1050000.50"),
            D("90.00"), D("35.00"),       # 72/80
            D("72"), D("1950000.50"),     # the latest value, not a sum
            D("80.00"), D("21.67"),       # 72/90
        ]
        # fmt: on

    def test_sub_kegiatan_lines(self, sheet):
        # fmt: off
        assert line(sheet, sheet.row_of("1.06.02.2.01.01"), K_RP) == [
            D("30"), D("6000000.00"),
            D("12"), D("900000.00"),
            D("10"), D("2000000.00"),
            D("4"), D("500000.00"), "-", D("300000.50"), D("5"), D("0.00"), "-", D("0.00"),
            D("9"), D("800000.50"),
            D("90.00"), D("40.00"),       # 9/10; 800.000,50/2.000.000
            D("21"), D("1700000.50"),     # 12 + 9
            D("70.00"), D("28.33"),       # 21/30; 1.700.000,50/6.000.000
        ]
        # Lower is better: (2 x 10 - 8)/10 and (2 x 5 - 8)/5.
        assert line(sheet, sheet.row_of("1.06.02.2.01.02"), K_RP) == [
            D("5"), D("3000000.00"),
            "-", D("0.00"),
            D("10"), D("1000000.00"),
            "-", D("0.00"), "-", D("0.00"), "-", D("0.00"), D("8"), D("250000.00"),
            D("8"), D("250000.00"),
            D("120.00"), D("25.00"),
            D("8"), D("250000.00"),
            D("40.00"), D("8.33"),
        ]
        # fmt: on

    def test_totals_means_and_predikat(self, sheet):
        total = sheet.row_of("Jumlah")
        rp = [value for index, value in enumerate(line(sheet, total, K_RP)) if index % 2]
        assert rp == [
            D("9000000.00"),
            D("900000.00"),
            D("3000000.00"),
            D("500000.00"),
            D("300000.50"),
            D("0.00"),
            D("250000.00"),
            D("1050000.50"),
            D("35.00"),
            D("1950000.50"),
            D("21.67"),
        ]
        mean = sheet.row_of("Rata-rata capaian kinerja (%)")
        predikat = sheet.row_of("Predikat kinerja")
        # K over the five indicator lines: (75 + 80 + 90 + 90 + 120)/5 = 91 and
        # (56,67 + 66,67 + 80 + 70 + 40)/5 = 62,67; Rp over the four nodes:
        # (35 + 35 + 40 + 25)/4 = 33,75 and (21,67 + 21,67 + 28,33 + 8,33)/4 = 20,00.
        assert line(sheet, mean, ["(12a)", "(14)"]) == [
            D("91.00"),
            D("33.75"),
            D("62.67"),
            D("20.00"),
        ]
        assert line(sheet, predikat, ["(12a)", "(14)"]) == [
            "Sangat Tinggi",
            "Sangat Rendah",
            "Rendah",
            "Sangat Rendah",
        ]

    def test_percentages_are_real_numbers_with_two_decimals(self, sheet):
        cell = sheet.cell(sheet.row_of("1.06.02"), "(14)")
        assert isinstance(cell.value, float)
        assert cell.number_format == "#,##0.00"

    def test_submitted_realisations_when_asked(self, plan):
        (sheet,) = sheets(plan, ReportKind.EVALUASI_RENJA, statuses=SUBMITTED_AND_VERIFIED)
        row = sheet.row_of("1.06.02")
        # TW IV 25 people and TW III 400.000 now count: 115 people, Rp 1.450.000,50.
        assert line(sheet, row, ["(10)", "(11)", "(12)"]) == [
            D("30"),
            D("400000.00"),
            D("25"),
            D("250000.00"),
            D("115"),
            D("1450000.50"),
        ]
        heading = [sheet.sheet.cell(row=row, column=1).value for row in range(1, sheet.numbers_row)]
        assert (
            "Realisasi yang dihitung: yang telah diverifikasi dan yang diajukan tetapi belum "
            "diverifikasi." in heading
        )

    def test_narrative_and_both_signatures(self, plan):
        ReportNarrative.objects.create(
            organisation=plan.organisation,
            year=2025,
            report=ReportKind.EVALUASI_RENJA,
            faktor_pendorong="Dukungan pimpinan.",
            faktor_penghambat="Data terlambat.",
            tindak_lanjut="Percepat pendataan.",
            evaluator_title="Kepala Bappeda Kota Uji",
            evaluator_name="Siti Aminah, S.E.",
            evaluator_nip="19750202 200001 2 002",
        )
        (sheet,) = sheets(plan, ReportKind.EVALUASI_RENJA)
        for label, text in (
            ("Faktor pendorong keberhasilan pencapaian", "Dukungan pimpinan."),
            ("Faktor penghambat pencapaian kinerja", "Data terlambat."),
            ("Tindak lanjut yang diperlukan dalam triwulan berikutnya", "Percepat pendataan."),
        ):
            assert sheet.value(sheet.row_of(label), "(5)") == text
        ws = sheet.sheet
        below = {
            ws.cell(row=row, column=column).value
            for row in range(sheet.data_rows().stop, ws.max_row + 1)
            for column in range(1, ws.max_column + 1)
        }
        assert {
            "Dievaluasi oleh,",
            "Kepala Bappeda Kota Uji",
            "Siti Aminah, S.E.",
            "NIP. 19750202 200001 2 002",
            "Disusun oleh,",
            "Kepala Dinas Uji",
            "Budi Santoso, S.Sos",
            "NIP. 19700101 199001 1 001",
        } <= below


class TestLkjip:
    @pytest.fixture
    def tables(self, plan) -> dict[str, Sheet]:
        return {sheet.sheet.title: sheet for sheet in sheets(plan, ReportKind.LKJIP)}

    def test_sheets(self, tables):
        assert list(tables) == [
            "Pengukuran Kinerja Tahun 2025",
            "Perbandingan Realisasi Kinerja",
            "Anggaran dan Efisiensi Program",
            "Perjanjian Kinerja - Sasaran",
            "Perjanjian Kinerja - Program",
        ]

    def test_measurement(self, tables):
        sheet = tables["Pengukuran Kinerja Tahun 2025"]
        numbers = ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"]
        rows = list(sheet.data_rows())
        assert [line(sheet, row, numbers) for row in rows] == [
            # 3,8 (TW II; the 4,0 of TW IV is only submitted) of 3,7
            [1, "Sasaran uji", "Persentase PPKS berfungsi sosial", "%", D("3.70"), D("3.80"),
             D("102.70"), "Sangat Tinggi"],
            [2, NO, "Jumlah PSKS dibina", "Orang", D("120"), D("90"), D("75.00"), "Sedang"],
            [3, NO, "Nilai SAKIP", "Indeks", "BB", "B", D("80.00"), "Tinggi"],
            # (102,70 + 75 + 80)/3
            ["Rata-rata capaian kinerja", NO, NO, NO, NO, NO, D("85.90"), "Tinggi"],
        ]  # fmt: skip

    def test_comparison_with_earlier_years_and_end_target(self, tables):
        sheet = tables["Perbandingan Realisasi Kinerja"]
        numbers = ["(2)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"]
        assert sheet.value(sheet.numbers_row - 1, "(5)") == "2024"
        assert sheet.value(sheet.numbers_row - 2, "(4)") == "Kondisi Awal (2023)"
        assert [line(sheet, row, numbers) for row in sheet.data_rows()] == [
            # last value: 3,8 of 3,9
            ["Persentase PPKS berfungsi sosial", D("3.20"), D("3.60"), D("3.80"), D("3.90"),
             D("3.80"), D("97.44")],
            # a flow: 80 + 90 of 300
            ["Jumlah PSKS dibina", D("70"), D("80"), D("90"), D("300"), D("170"), D("56.67")],
            # a grade: B against A
            ["Nilai SAKIP", "BB", "BB", "B", "A", "B", D("66.67")],
        ]  # fmt: skip

    def test_budget_and_efficiency(self, tables):
        sheet = tables["Anggaran dan Efisiensi Program"]
        numbers = ["(2)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"]
        assert [line(sheet, row, numbers) for row in sheet.data_rows()] == [
            # capaian (75 + 80)/2 = 77,5 against serapan 35,0000167: 221,43, efisien
            ["1.06.02", D("3000000.00"), D("1050000.50"), D("35.00"), D("77.50"), D("221.43"),
             "Efisien"],
            [NO, D("3000000.00"), D("1050000.50"), D("35.00"), NO, NO, NO],
        ]  # fmt: skip
        assert sheet.value(sheet.row_of("Jumlah"), "(1)") == "Jumlah"

    def test_perjanjian_kinerja(self, tables):
        targets = tables["Perjanjian Kinerja - Sasaran"]
        assert [line(targets, row, ["(3)", "(4)"]) for row in targets.data_rows()] == [
            ["Persentase PPKS berfungsi sosial", "3,7%"],
            ["Jumlah PSKS dibina", "120 Orang"],
            ["Nilai SAKIP", "BB Indeks"],
        ]
        budgets = tables["Perjanjian Kinerja - Program"]
        assert [line(budgets, row, ["(3)", "(4)"]) for row in budgets.data_rows()] == [
            ["PROGRAM UJI", D("3000000.00")],
            [NO, D("3000000.00")],
        ]
