"""The seeded 2024-2026 plan against the document (Tabel 6.1, Bab IV, Bab VII)."""

from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from budgeting.models import Pagu, StatedPagu
from cascading.choices import Aggregation, Level, Polarity, ValueKind
from cascading.models import Indicator, IndicatorTarget, PlanNode
from renstra.models import RenstraPeriod
from renstra.numbers import parse_decimal

from .document import TABEL_6_1

YEARS = (2024, 2025, 2026)
SUB_KEGIATAN_ROWS = [row for row in TABEL_6_1 if len(row[0].split(".")) == 6]


def printed_value(text: str) -> Decimal | None:
    """The number a printed target states: `21.955 Orang` -> 21955, `3,60%` -> 3.60."""
    if text == "-" or text.endswith("Indeks"):
        return None
    return parse_decimal(text.split()[0].removesuffix("%"))


@pytest.fixture
def plan(seeded_plan) -> RenstraPeriod:
    return seeded_plan.periods.get(start_year=2024, end_year=2026)


@pytest.fixture
def nodes(plan) -> dict[str, PlanNode]:
    return {node.code: node for node in plan.nodes.select_related("parent", "unit")}


@pytest.fixture
def indicators(plan) -> dict[str, Indicator]:
    return {
        indicator.node.code: indicator
        for indicator in Indicator.objects.filter(node__period=plan).select_related("node")
    }


def test_counts_per_level(seeded_plan, plan):
    counts = dict(plan.nodes.values_list("level").annotate(n=Count("id")).order_by("level"))
    assert counts == {
        Level.TUJUAN: 1,
        Level.SASARAN: 1,
        Level.PROGRAM: 5,
        Level.KEGIATAN: 14,
        Level.SUB_KEGIATAN: 51,
    }
    previous = seeded_plan.periods.get(start_year=2019, end_year=2023)
    counts = dict(previous.nodes.values_list("level").annotate(n=Count("id")).order_by("level"))
    assert counts == {Level.TUJUAN: 2, Level.SASARAN: 2, Level.PROGRAM: 13}


def test_every_code_and_name_as_printed_in_document_order(plan):
    stored = list(
        plan.nodes.filter(level__gte=Level.PROGRAM).order_by("code_key").values_list("code", "name")
    )
    assert stored == [(row[0], row[1]) for row in TABEL_6_1]


def test_parents_follow_the_codes(nodes):
    assert nodes["T1"].parent is None
    assert nodes["T1.S1"].parent.code == "T1"
    for row in TABEL_6_1:
        segments = row[0].split(".")
        expected = {3: "T1.S1", 5: ".".join(segments[:3]), 6: ".".join(segments[:5])}
        assert nodes[row[0]].parent.code == expected[len(segments)], row[0]


def test_every_indicator_baseline_target_and_final_as_printed(indicators):
    for code, indicator_name, baseline, *columns in (
        (row[0], row[2], row[3], *row[4:]) for row in TABEL_6_1
    ):
        indicator = indicators[code]
        targets = {t.year: t for t in indicator.targets.all()}
        printed = dict(zip(YEARS, columns[0:6:2], strict=True))
        assert indicator.name == indicator_name
        assert (indicator.baseline_text, indicator.baseline_value) == (
            baseline,
            printed_value(baseline),
        ), code
        assert (indicator.final_target_text, indicator.final_target_value) == (
            columns[6],
            printed_value(columns[6]),
        ), code
        assert sorted(targets) == list(YEARS), code
        for year, text in printed.items():
            assert (targets[year].text, targets[year].value) == (text, printed_value(text)), (
                code,
                year,
            )


@pytest.mark.parametrize(
    ("code", "year", "text", "value", "grade", "satuan"),
    [
        ("1.06.01", 2024, "BB Indeks", None, "BB", "Indeks"),
        ("1.06.01.2.01", 2025, "100 %", Decimal("100"), "", "%"),
        ("1.06.01.2.01.01", 2026, "8 Dokumen", Decimal("8"), "", "Dokumen"),
        ("1.06.01.2.02.01", 2024, "50 Orang/bulan", Decimal("50"), "", "Orang/bulan"),
        ("1.06.01.2.07.02", 2024, "-", None, "", "Unit"),
        ("1.06.01.2.07.02", 2026, "1 Unit", Decimal("1"), "", "Unit"),
        ("1.06.01.2.07.11", 2026, "-", None, "", "Unit"),
        ("1.06.01.2.09.09", 2025, "3 Unit", Decimal("3"), "", "Unit"),
        ("1.06.01.2.09.09", 2026, "2 Unit", Decimal("2"), "", "Unit"),
        ("1.06.02.2.03.04", 2024, "70 Lembaga", Decimal("70"), "", "Lembaga"),
        ("1.06.04.2.01.07", 2024, "35 Orang", Decimal("35"), "", "Orang"),
        ("1.06.05", 2024, "3,60%", Decimal("3.60"), "", "%"),
        ("1.06.05", 2026, "3,80%", Decimal("3.80"), "", "%"),
        ("1.06.05.2.02.01", 2025, "21.955 Orang", Decimal("21955"), "", "Orang"),
        ("1.06.05.2.02.03", 2024, "6.900 Keluarga", Decimal("6900"), "", "Keluarga"),
        ("1.06.06.2.01.03", 2024, "2 Unit", Decimal("2"), "", "Unit"),
    ],
)
def test_representative_targets_parsed(indicators, code, year, text, value, grade, satuan):
    target = indicators[code].targets.get(year=year)
    assert (target.text, target.value, target.grade) == (text, value, grade)
    assert indicators[code].satuan == satuan


@pytest.mark.parametrize(
    ("code", "baseline_text", "baseline_value", "final_text", "final_value"),
    [
        ("1.06.01", "BB Indeks", None, "BB Indeks", None),
        ("1.06.05", "3,50%", Decimal("3.50"), "3,80%", Decimal("3.80")),
        ("1.06.05.2.02.01", "21955 Orang", Decimal("21955"), "21.955 Orang", Decimal("21955")),
        ("1.06.05.2.02.02", "-", None, "12 Keluarga", Decimal("12")),
        ("1.06.05.2.02.03", "6900 Keluarga", Decimal("6900"), "6.900 Keluarga", Decimal("6900")),
        ("1.06.01.2.07.11", "1 Unit", Decimal("1"), "-", None),
    ],
)
def test_representative_baselines_and_final_targets(
    indicators, code, baseline_text, baseline_value, final_text, final_value
):
    indicator = indicators[code]
    assert (indicator.baseline_text, indicator.baseline_value) == (baseline_text, baseline_value)
    assert (indicator.final_target_text, indicator.final_target_value) == (
        final_text,
        final_value,
    )


def test_target_counts(plan):
    targets = IndicatorTarget.objects.filter(indicator__node__period=plan)
    per_indicator = (
        Indicator.objects.filter(node__period=plan)
        .annotate(n=Count("targets"))
        .values_list("node__code", "n")
    )
    assert len(per_indicator) == 71  # the Sasaran's IKU and one indicator per Tabel 6.1 row
    assert all(n == 3 for _, n in per_indicator)
    assert targets.count() == 213
    assert targets.filter(grade="BB").count() == 3  # Nilai SAKIP, every year
    assert set(
        targets.filter(value__isnull=True, grade="").values_list("indicator__node__code", "year")
    ) == {("1.06.01.2.07.02", 2024), ("1.06.01.2.07.02", 2025), ("1.06.01.2.07.11", 2026)}


def test_one_indicator_per_node_below_the_tujuan(plan):
    counts = plan.nodes.annotate(n=Count("indicators")).values_list("code", "n")
    assert {code: n for code, n in counts if n != 1} == {"T1": 0}


def test_pagu_per_sub_kegiatan_and_year_from_apbd(plan):
    pagu = {
        (p.node.code, p.year): p
        for p in Pagu.objects.filter(node__period=plan).select_related("node", "source")
    }
    assert len(pagu) == 51 * 3
    for row in SUB_KEGIATAN_ROWS:
        for year, printed in zip(YEARS, row[5:10:2], strict=True):
            assert pagu[row[0], year].amount == parse_decimal(printed), (row[0], year)
            assert (pagu[row[0], year].source.code, pagu[row[0], year].source.name) == (
                "apbd",
                "APBD",
            )
    assert pagu["1.06.01.2.07.02", 2024].amount == 0
    assert pagu["1.06.01.2.07.11", 2026].amount == 0


def test_stated_pagu_of_every_node_as_printed(plan):
    stated = {
        (s.node.code, s.year): s.amount
        for s in StatedPagu.objects.filter(node__period=plan).select_related("node")
    }
    assert len(stated) == 70 * 4
    for row in TABEL_6_1:
        for year, printed in zip((*YEARS, None), (*row[5:10:2], row[11]), strict=True):
            assert stated[row[0], year] == parse_decimal(printed), (row[0], year)


@pytest.mark.parametrize("year", YEARS)
def test_program_and_kegiatan_stated_pagu_equals_sum_of_sub_kegiatan_pagu(plan, year):
    for level, path in ((Level.PROGRAM, "node__parent__parent"), (Level.KEGIATAN, "node__parent")):
        sums = dict(
            Pagu.objects.filter(node__period=plan, year=year)
            .values_list(f"{path}__code")
            .annotate(total=Sum("amount"))
            .order_by()
        )
        stated = dict(
            StatedPagu.objects.filter(node__period=plan, node__level=level, year=year).values_list(
                "node__code", "amount"
            )
        )
        assert stated == sums
        assert len(stated) == {Level.PROGRAM: 5, Level.KEGIATAN: 14}[level]


def test_totals(plan):
    per_year = dict(
        Pagu.objects.filter(node__period=plan)
        .values_list("year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    assert per_year == {year: Decimal("9363273111.00") for year in YEARS}
    total = Pagu.objects.filter(node__period=plan).aggregate(total=Sum("amount"))["total"]
    assert total == Decimal("28089819333.00")
    period_column = StatedPagu.objects.filter(
        node__period=plan, node__level=Level.PROGRAM, year__isnull=True
    ).aggregate(total=Sum("amount"))["total"]
    assert period_column == Decimal("28089819333.00")


def test_iku_on_the_sasaran(nodes, indicators):
    assert nodes["T1"].name == (
        "Meningkatnya PPKS (Pemerlu Pelayanan Kesejahteraan Sosial) yang berfungsi sosial"
    )
    assert nodes["T1.S1"].name == (
        "Terpenuhinya PPKS (Pemerlu Pelayanan Kesejahteraan Sosial) yang berfungsi sosial"
    )
    iku = indicators["T1.S1"]
    assert iku.is_iku and not iku.is_ikk
    assert iku.name == "Persentase PPKS yang Berfungsi Sosial"
    assert iku.formula == (
        "Jumlah PPKS yang berfungsi sosial / Jumlah PPKS yang ditangani dalam 1 tahun x 100%"
    )
    assert iku.definition.startswith("Sesuai dengan Pasal 1 butir [3] UU No. 14 tahun 2019")
    assert "Bidang Penanganan Fakir Miskin bertanggung jawab" in iku.definition
    assert iku.definition.endswith("rekapitulasi data layanan setiap bidang pada tahun berjalan")
    assert (iku.satuan, iku.value_kind, iku.aggregation) == (
        "%",
        ValueKind.PERCENTAGE,
        Aggregation.LAST,
    )
    assert list(iku.targets.values_list("year", "value", "text")) == [
        (2024, Decimal("3.5"), "3,5%"),
        (2025, Decimal("3.7"), "3,7%"),
        (2026, Decimal("3.9"), "3,9%"),
    ]
    assert Indicator.objects.filter(node__period=nodes["T1"].period, is_iku=True).count() == 1


def test_ikk_flags_keep_the_tabel_6_1_targets(plan, indicators):
    flagged = set(
        Indicator.objects.filter(node__period=plan, is_ikk=True).values_list(
            "node__code", flat=True
        )
    )
    assert flagged == {"1.06.02", "1.06.04", "1.06.05", "1.06.06"}
    targets = {
        code: list(indicators[code].targets.values_list("value", flat=True))
        for code in sorted(flagged)
    }
    assert targets == {
        "1.06.02": [Decimal("100")] * 3,  # Bab VII prints 80 % for 2024: a data note says so
        "1.06.04": [Decimal("100")] * 3,
        "1.06.05": [Decimal("3.60"), Decimal("3.70"), Decimal("3.80")],
        "1.06.06": [Decimal("100")] * 3,
    }


@pytest.mark.parametrize(
    ("code", "kind", "rollup"),
    [
        ("1.06.01", ValueKind.ORDINAL, Aggregation.LAST),
        ("1.06.01.2.01", ValueKind.PERCENTAGE, Aggregation.LAST),
        ("1.06.04", ValueKind.PERCENTAGE, Aggregation.LAST),  # printed "Presentase ..."
        ("1.06.05", ValueKind.PERCENTAGE, Aggregation.LAST),
        ("1.06.01.2.01.01", ValueKind.NUMBER, Aggregation.SUM),
        ("1.06.01.2.02.01", ValueKind.NUMBER, Aggregation.AVERAGE),
        ("1.06.01.2.05.02", ValueKind.NUMBER, Aggregation.SUM),
        ("1.06.01.2.06.09", ValueKind.NUMBER, Aggregation.SUM),
        ("1.06.01.2.09.02", ValueKind.NUMBER, Aggregation.MAX),
        ("1.06.01.2.09.09", ValueKind.NUMBER, Aggregation.MAX),
        ("1.06.01.2.09.11", ValueKind.NUMBER, Aggregation.MAX),
        ("1.06.04.2.01.01", ValueKind.NUMBER, Aggregation.SUM),
        ("1.06.05.2.02.01", ValueKind.NUMBER, Aggregation.SUM),
        ("1.06.06.2.01.03", ValueKind.NUMBER, Aggregation.MAX),
    ],
)
def test_value_kind_and_rollup(indicators, code, kind, rollup):
    assert (indicators[code].value_kind, indicators[code].aggregation) == (kind, rollup)


def test_rollups_and_polarity_overall(seeded_plan):
    indicators = Indicator.objects.filter(node__organisation=seeded_plan)
    assert set(indicators.values_list("polarity", flat=True)) == {Polarity.POSITIVE}
    rollups = dict(
        indicators.filter(node__period__start_year=2024)
        .values_list("aggregation")
        .annotate(n=Count("id"))
        .order_by()
    )
    assert rollups == {
        Aggregation.LAST: 20,  # the IKU, 5 programs and 14 kegiatan: percentages and a grade
        Aggregation.SUM: 46,
        Aggregation.AVERAGE: 1,
        Aggregation.MAX: 4,
    }


def test_units_by_the_iku_manual(nodes):
    expected = {
        "1.06.01": "Sekretariat",
        "1.06.02": "Bidang Pemberdayaan Sosial",
        "1.06.04": "Bidang Rehabilitasi Sosial",
        "1.06.05": "Bidang Penanganan Fakir Miskin",
        "1.06.06": "Bidang Perlindungan dan Jaminan Sosial",
    }
    assert nodes["T1"].unit.name == nodes["T1.S1"].unit.name == "Sekretariat"
    for row in TABEL_6_1:
        node = nodes[row[0]]
        assert node.unit.name == expected[row[0][:7]], row[0]
        assert node.unit_label == "Dinas Sosial"


@pytest.mark.parametrize(
    ("code", "sasaran"),
    [
        ("1.06.01", ""),
        ("1.06.01.2.01.01", ""),
        ("1.06.02", "Meningkatnya Kontribusi PSKS dalam proses penanganan PPKS"),
        ("1.06.04.2.02", "Terpenuhinya PPKS non SPM yang Memerlukan Pelayanan dan Pembinaan"),
        (
            "1.06.04.2.01.08",
            "Terpenuhinya Orang yang Mendapatkan Akses ke Layanan Pendidikan dan Kesehatan "
            "Dasar Kewenangan Kabupaten/Kota",
        ),
        ("1.06.05.2.02", "Terlaksananya Penyaluran bantuan sosial sesuai dengan DTKS"),
        ("1.06.06", "i Kebutuhan Dasar bagi Korban Bencana"),  # printed truncated; a note says so
        (
            "1.06.06.2.02.02",
            "Terpenuhinya Orang yang Melaksanakan Koordinasi, Sosialisasi dan Pelaksanaan "
            "Taruna Siaga Bencana Kewenangan Kabupaten/Kota",
        ),
    ],
)
def test_sasaran_statements_from_bab_iv(nodes, code, sasaran):
    assert nodes[code].sasaran == sasaran


def test_every_cascaded_node_has_its_sasaran(nodes):
    # Tabel 4.2 covers every program, kegiatan and sub kegiatan except the support program.
    without = sorted(code for code, node in nodes.items() if code[:1] == "1" and not node.sasaran)
    assert without == sorted(row[0] for row in TABEL_6_1 if row[0].startswith("1.06.01"))


def test_organisation_units_and_periods(seeded_plan):
    organisation = seeded_plan
    assert (organisation.code, organisation.name, organisation.short_name) == (
        "dinsos-palangka-raya",
        "Dinas Sosial Kota Palangka Raya",
        "Dinas Sosial",
    )
    assert organisation.government == "Pemerintah Kota Palangka Raya"
    assert organisation.city == "Palangka Raya"
    assert organisation.address == (
        "Jalan Ir. Soekarno – Jalan G. Obos XI (Lingkar Dalam) Palangka Raya"
    )
    assert "dinsos@palangkaraya.go.id" in organisation.email
    assert (
        organisation.head_title,
        organisation.head_name,
        organisation.head_rank,
        organisation.head_nip,
    ) == (
        "Kepala Dinas Sosial Kota Palangka Raya",
        "NYTA BIANITA REZZA, S.Sos",
        "Pembina Utama Muda",
        "19671213 198911 2 001",
    )
    assert list(organisation.units.values_list("name", "kind", "head_title", "parent__code")) == [
        ("Sekretariat", "sekretariat", "Sekretaris Dinas Sosial Kota Palangka Raya", None),
        ("Bidang Pemberdayaan Sosial", "bidang", "Kepala Bidang Pemberdayaan Sosial", None),
        ("Bidang Rehabilitasi Sosial", "bidang", "Kepala Bidang Rehabilitasi Sosial", None),
        (
            "Bidang Perlindungan dan Jaminan Sosial",
            "bidang",
            "Kepala Bidang Perlindungan dan Jaminan Sosial",
            None,
        ),
        (
            "Bidang Penanganan Fakir Miskin",
            "bidang",
            "Kepala Bidang Penanganan Fakir Miskin",
            None,
        ),
        # Bab II 2.1.2: the Sekretariat consists of two Sub Bagian (its sub-units).
        (
            "Sub Bagian Umum dan Kepegawaian",
            "subbagian",
            "Kepala Sub Bagian Umum dan Kepegawaian",
            "sekretariat",
        ),
        (
            "Sub Bagian Keuangan dan Aset",
            "subbagian",
            "Kepala Sub Bagian Keuangan dan Aset",
            "sekretariat",
        ),
    ]
    periods = organisation.periods.order_by("start_year")
    assert [(p.start_year, p.end_year, p.baseline_year, p.status) for p in periods] == [
        (2019, 2023, 2018, RenstraPeriod.Status.CLOSED),
        (2024, 2026, 2023, RenstraPeriod.Status.ACTIVE),
    ]
    assert "2018-2023" in periods[0].legal_basis and "2021" in periods[0].legal_basis
    assert periods[1].legal_basis == (
        "Peraturan Walikota Palangka Raya Nomor 19 Tahun 2023 tentang Rencana Strategis "
        "Perangkat Daerah Kota Palangka Raya Tahun 2024-2026"
    )
