"""The seeded plan reproduces the document's printed figures: Tabel 2.3, 2.4, 2.5 and 6.1."""

from decimal import Decimal

import pytest

from budgeting.models import StatedPagu
from cascading.choices import Level
from cascading.models import DataNote
from cascading.selectors import indicator_history, plan_consistency, plan_tree
from renstra.numbers import format_decimal
from spm.calculations import PenerimaSource
from spm.selectors import spm_years
from tests.numbers.generate import generate_plan

D = Decimal

# Tabel 2.4 and 2.5 of the document, row by row: {year: (T, R, printed C)}, as printed.
TABEL_2_4 = {
    "Persentase PMKS yang mandiri": {
        2019: ("2,68", "2,73", "101,87"),
        2020: ("2,7", "2,27", "84,07"),
    },
    "Persentase PMKS yang memperoleh bantuan sosial": {
        2019: ("51,6", "41,77", "80,95"),
        2020: ("51,9", "50,63", "97,55"),
    },
    "Persentase PMKS yang tertangani": {
        2019: ("96,8", "74,97", "77,45"),
        2020: ("97", "88,92", "91,67"),
    },
    "Persentase rumah tangga yang menerima program pemberdayaan sosial": {
        2019: ("55", "60", "109,09"),
        2020: ("55", "33,33", "60,6"),
    },
    "Persentase PMKS skala yang memperoleh bantuan sosial": {
        2019: ("96,8", "74,97", "77,45"),
        2020: ("97", "88,92", "91,67"),
    },
    "Persentase penyandang cacat fisik dan mental": {
        2019: ("5,5", "9,23", "167,82"),
        2020: ("5,5", "6,62", "120,36"),
    },
    "Persentase panti sosial": {2019: ("100", "100", "100"), 2020: ("100", "100", "100")},
    "Persentase wahana kesejahteraan sosial": {
        2019: ("100", "0", "0"),
        2020: ("100", "100", "100"),
    },
    "Persentase korban bencana yang menerima": {
        2019: ("100", "100", "100"),
        2020: ("100", "100", "100"),
    },
    "Persentase korban bencana yang dievakuasi": {
        2019: ("100", "100", "100"),
        2020: ("100", "100", "100"),
    },
}
TABEL_2_5 = {
    "Persentase PPKS yang Berfungsi Sosial": {
        2021: ("2,8", "3,18", "113,49"),
        2022: ("3", "3,55", "118,33"),
        2023: ("3,2", "3,25", "101,56"),
    },
    "Persentase PSKS yang berkontribusi": {
        2021: ("80", "82,50", "103,13"),
        2022: ("80", "80", "100"),
        2023: ("80", "100", "125"),
    },
    "Persentase PPKS yang terpenuhi kebutuhan dasarnya": {
        2021: ("100", "98,39", "98,39"),
        2022: ("100", "97,82", "97,82"),
        2023: ("100", "99,19", "99,19"),
    },
    "Persentase Fakir Miskin": {
        2021: ("45", "80", "177,78"),
        2022: ("45", "84,17", "187,044"),
        2023: ("45", "69,51", "154,47"),
    },
    "Persentase korban bencana alam dan sosial": {
        2021: ("100", "99,96", "99,96"),
        2022: ("100", "100", "100"),
        2023: ("100", "100", "100"),
    },
}
# The one printed C that R / T does not give: 3,18 / 2,8 x 100 = 113,57.
MISPRINTED = ("Persentase PPKS yang Berfungsi Sosial", 2021)

# Tabel 2.3: capaian penerima layanan per service, 2019-2023.
TABEL_2_3 = {
    1: ("100", "118,77", "97,95", "99,73", "99,94"),
    2: ("100", "75,22", "96,23", "93,07", "100"),
    3: ("100", "79,37", "97,50", "99,99", "96,81"),
    4: ("100", "100", "100", "97,87", "100"),
    5: ("100", "100", "99,96", "100", "100"),
}

OFFICE_PAGU_PER_YEAR = D("9363273111.00")


def number(text: str) -> Decimal:
    return D(text.replace(",", "."))


def two_places(value: Decimal | None) -> str:
    return format_decimal(value, 2)


@pytest.fixture
def periods(seeded_plan):
    return {period.start_year: period for period in seeded_plan.periods.order_by("start_year")}


def history_rows(period):
    """{(printed row name, year): figures} for the rows of Tabel 2.4 and 2.5."""
    names = {**TABEL_2_4, **TABEL_2_5}
    rows = {}
    for history in indicator_history(period=period):
        [row] = [name for name in names if history.indicator.name.startswith(name)]
        for figures in history.years:
            if figures.year in names[row]:
                rows[row, figures.year] = figures
    return rows


def test_history_reproduces_the_printed_capaian_of_tabel_2_4_and_2_5(periods):
    rows = history_rows(periods[2019])
    printed = {
        (name, year): values
        for table in (TABEL_2_4, TABEL_2_5)
        for name, years in table.items()
        for year, values in years.items()
    }
    assert rows.keys() == printed.keys()
    for key, (target, realisation, capaian) in printed.items():
        figures = rows[key]
        assert (figures.target, figures.realisation) == (number(target), number(realisation)), key
        assert figures.reported_capaian == number(capaian), key
        if key == MISPRINTED:
            continue
        assert two_places(figures.capaian) == two_places(number(capaian)), key


def test_the_misprinted_capaian_is_computed_and_noted(periods, seeded_plan):
    figures = history_rows(periods[2019])[MISPRINTED]
    assert two_places(figures.capaian) == "113,57"
    assert two_places(figures.reported_capaian) == "113,49"
    note = DataNote.objects.get(organisation=seeded_plan, source="Tabel 2.5")
    assert "113,49" in note.text

    report = plan_consistency(organisation=seeded_plan)
    [difference] = report.capaian_differences
    assert difference.figures == figures
    assert note in report.notes


def test_spm_capaian_of_tabel_2_3(seeded_plan):
    years = spm_years(organisation=seeded_plan, years=range(2019, 2024))
    for index, year in enumerate(years):
        assert year.year == 2019 + index
        figures = {f.service.number: f for f in year.services}
        assert figures.keys() == TABEL_2_3.keys()
        for service, printed in TABEL_2_3.items():
            assert two_places(figures[service].capaian_penerima) == two_places(
                number(printed[index])
            ), (service, year.year)
            assert figures[service].penerima_source == PenerimaSource.RECORDED
    assert two_places(years[1].capaian_penerima) == two_places(
        sum(number(printed[1]) for printed in TABEL_2_3.values()) / 5
    )


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_program_pagu_sums_equal_the_printed_program_pagu(periods, year):
    tree = plan_tree(period=periods[2024], year=year)
    stated = dict(
        StatedPagu.objects.filter(node__period=periods[2024], year=year).values_list(
            "node_id", "amount"
        )
    )
    programs = [node for node in tree.walk() if node.node.level == Level.PROGRAM]
    assert len(programs) == 5
    for program in programs:
        assert program.pagu == stated[program.node.pk], program.node.code
    assert tree.pagu == OFFICE_PAGU_PER_YEAR
    assert sum(program.pagu for program in programs) == OFFICE_PAGU_PER_YEAR
    # Nothing spent yet: serapan 0 %, and no efficiency reading without capaian.
    assert tree.realisasi_anggaran == 0 and tree.serapan == 0
    assert all(program.efficiency is None for program in programs)


def test_the_seeded_pagu_adds_up_everywhere(seeded_plan):
    assert plan_consistency(organisation=seeded_plan).pagu_differences == []


def test_query_count_is_the_same_on_a_plan_forty_times_larger(
    periods, django_assert_max_num_queries
):
    large = generate_plan(scale=40)

    def count(period):
        with django_assert_max_num_queries(100) as captured:
            tree = plan_tree(period=period, year=2024)
            for node in tree.walk():
                str(node.node.unit)
                for figures in node.indicators:
                    str(figures.indicator.node)
        return len(captured), len(tree.nodes)

    seeded_queries, seeded_nodes = count(periods[2024])
    large_queries, large_nodes = count(large.period)
    assert large_nodes > 35 * seeded_nodes
    assert seeded_queries == large_queries == 8
