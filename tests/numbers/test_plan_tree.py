"""plan_tree on a small plan built by hand, every figure computed by hand."""

from decimal import Decimal

import pytest

from budgeting.models import BudgetRealisation, Pagu
from cascading.choices import Aggregation, Level, Polarity, Status, ValueKind
from cascading.constants import SUBMITTED_AND_VERIFIED, Efficiency
from cascading.selectors import plan_tree
from tests.factories import (
    FundingSourceFactory,
    IndicatorFactory,
    NodeFactory,
    PeriodFactory,
    RealisationFactory,
    TargetFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal
V, S, DRAFT = Status.VERIFIED, Status.SUBMITTED, Status.DRAFT


def indicator(node, *, target=None, grade="", upper=None, realisations=(), **fields):
    """An indicator of `node` with a 2024 target and (quarter, value, status) realisations."""
    made = IndicatorFactory(node=node, order=node.indicators.count() + 1, **fields)
    if target is not None or grade:
        TargetFactory(indicator=made, year=2024, value=target, value_upper=upper, grade=grade)
    for quarter, value, status in realisations:
        values = {"grade": value, "value": None} if isinstance(value, str) else {"value": value}
        RealisationFactory(indicator=made, year=2024, quarter=quarter, status=status, **values)
    return made


@pytest.fixture
def plan():
    """T1 > T1.S1 > program P > kegiatan K1 (SK1, SK2) and K2 (SK3); another office beside it."""
    period = PeriodFactory()
    unit = UnitFactory(organisation=period.organisation)
    tujuan = NodeFactory(period=period, code="T1")
    sasaran = NodeFactory(parent=tujuan, code="T1.S1")
    program = NodeFactory(parent=sasaran, code="1.06.02", unit=unit)
    k1 = NodeFactory(parent=program, code="1.06.02.2.01", unit=unit)
    k2 = NodeFactory(parent=program, code="1.06.02.2.02", unit=unit)
    sk1 = NodeFactory(parent=k1, code="1.06.02.2.01.01", unit=unit)
    sk2 = NodeFactory(parent=k1, code="1.06.02.2.01.02", unit=unit)
    sk3 = NodeFactory(parent=k2, code="1.06.02.2.02.01", unit=unit)

    # IKU, last value: verified 1.0 and 2.0, then 4.2 submitted in TW III.
    iku = indicator(
        sasaran,
        target=D("3.5"),
        aggregation=Aggregation.LAST,
        realisations=[(1, D("1.0"), V), (2, D("2.0"), V), (3, D("4.2"), S)],
    )
    # Program: a flow (30 + 40 of 100) and a lower-is-better rate (8 against 10).
    flow = indicator(program, target=D("100"), realisations=[(1, D("30"), V), (2, D("40"), V)])
    rate = indicator(
        program,
        target=D("10"),
        polarity=Polarity.NEGATIVE,
        aggregation=Aggregation.LAST,
        realisations=[(1, D("9"), V), (2, D("8"), V)],
    )
    # K1: a flow over four quarters, 260 of 200 at the end of the year.
    k1_flow = indicator(
        k1,
        target=D("200"),
        realisations=[(1, D("50"), V), (2, D("50"), V), (3, D("100"), V), (4, D("60"), V)],
    )
    # K2: a SAKIP grade, B reached against BB.
    grade = indicator(
        k2,
        grade="BB",
        value_kind=ValueKind.ORDINAL,
        aggregation=Aggregation.LAST,
        realisations=[(1, "CC", V), (2, "B", V)],
    )
    # SK1: a range 60-80 averaged over the quarters: (70 + 90) / 2 = 80.
    ranged = indicator(
        sk1,
        target=D("60"),
        upper=D("80"),
        polarity=Polarity.RANGE,
        aggregation=Aggregation.AVERAGE,
        realisations=[(1, D("70"), V), (2, D("90"), V), (3, D("10"), DRAFT)],
    )
    # SK2: no target this year, a realisation all the same.
    untargeted = indicator(sk2, realisations=[(1, D("5"), V)])

    apbd = FundingSourceFactory(code="apbd", name="APBD")
    dak = FundingSourceFactory(code="dak", name="DAK")
    Pagu.objects.bulk_create(
        [
            Pagu(node=sk1, year=2024, source=apbd, amount=D("1000000.00")),
            Pagu(node=sk1, year=2024, source=dak, amount=D("500000.00")),
            Pagu(node=sk2, year=2024, source=apbd, amount=D("2000000.00")),
            Pagu(node=sk3, year=2024, source=apbd, amount=D("1500000.00")),
            Pagu(node=sk3, year=2025, source=apbd, amount=D("9999999.00")),
        ]
    )
    BudgetRealisation.objects.bulk_create(
        [
            BudgetRealisation(node=sk1, year=2024, quarter=1, amount=D("300000.00"), status=V),
            BudgetRealisation(node=sk1, year=2024, quarter=2, amount=D("450000.00"), status=V),
            BudgetRealisation(node=sk2, year=2024, quarter=1, amount=D("1000000.00"), status=V),
            BudgetRealisation(node=sk2, year=2024, quarter=3, amount=D("500000.00"), status=DRAFT),
            BudgetRealisation(node=sk3, year=2024, quarter=1, amount=D("750000.00"), status=S),
            BudgetRealisation(node=sk3, year=2025, quarter=1, amount=D("1.00"), status=V),
        ]
    )

    # Another office's plan must not leak in.
    other = NodeFactory(code="T1")
    indicator(other, target=D("1"), realisations=[(1, D("1"), V)])

    return {
        "period": period,
        "nodes": {n.code: n for n in (tujuan, sasaran, program, k1, k2, sk1, sk2, sk3)},
        "indicators": {
            "iku": iku,
            "flow": flow,
            "rate": rate,
            "k1_flow": k1_flow,
            "grade": grade,
            "ranged": ranged,
            "untargeted": untargeted,
        },
    }


def figures_of(tree, indicator):
    node = tree.nodes[indicator.node_id]
    return next(f for f in node.indicators if f.indicator.pk == indicator.pk)


def test_structure_follows_the_cascade_in_code_order(plan):
    tree = plan_tree(period=plan["period"], year=2024)
    assert [root.node.code for root in tree.roots] == ["T1"]
    assert [(n.node.level, n.node.code) for n in tree.walk()] == [
        (Level.TUJUAN, "T1"),
        (Level.SASARAN, "T1.S1"),
        (Level.PROGRAM, "1.06.02"),
        (Level.KEGIATAN, "1.06.02.2.01"),
        (Level.SUB_KEGIATAN, "1.06.02.2.01.01"),
        (Level.SUB_KEGIATAN, "1.06.02.2.01.02"),
        (Level.KEGIATAN, "1.06.02.2.02"),
        (Level.SUB_KEGIATAN, "1.06.02.2.02.01"),
    ]
    program = tree.nodes[plan["nodes"]["1.06.02"].pk]
    assert [f.indicator.pk for f in program.indicators] == [
        plan["indicators"]["flow"].pk,
        plan["indicators"]["rate"].pk,
    ]


def test_indicator_figures_full_year_verified_only(plan):
    tree = plan_tree(period=plan["period"], year=2024)
    ind = plan["indicators"]

    iku = figures_of(tree, ind["iku"])
    assert (iku.target, iku.realisation, iku.quarters_entered) == (D("3.5"), D("2"), (1, 2))
    assert iku.capaian == D("2") * 100 / D("3.5")  # 57,14: TW III is only submitted
    assert iku.predikat.label == "Rendah"

    flow = figures_of(tree, ind["flow"])
    assert (flow.realisation, flow.capaian, flow.predikat.label) == (D("70"), D("70"), "Sedang")

    rate = figures_of(tree, ind["rate"])
    assert (rate.realisation, rate.capaian) == (D("8"), D("120"))  # (2 x 10 - 8) / 10

    k1_flow = figures_of(tree, ind["k1_flow"])
    assert (k1_flow.realisation, k1_flow.capaian) == (D("260"), D("130"))  # not capped
    assert k1_flow.quarters_entered == (1, 2, 3, 4)

    grade = figures_of(tree, ind["grade"])
    assert (grade.target_grade, grade.realisation_grade, grade.capaian) == ("BB", "B", D("80"))
    assert grade.realisation is None

    ranged = figures_of(tree, ind["ranged"])
    assert (ranged.target, ranged.target_upper) == (D("60"), D("80"))
    assert (ranged.realisation, ranged.capaian) == (D("80"), D("100"))

    untargeted = figures_of(tree, ind["untargeted"])
    assert (untargeted.target, untargeted.realisation, untargeted.capaian) == (None, D("5"), None)
    assert untargeted.predikat is None


def test_year_to_date_after_the_second_quarter(plan):
    tree = plan_tree(period=plan["period"], year=2024, quarter=2)
    k1_flow = figures_of(tree, plan["indicators"]["k1_flow"])
    assert (k1_flow.realisation, k1_flow.capaian, k1_flow.quarters_entered) == (
        D("100"),
        D("50"),
        (1, 2),
    )
    after_one = plan_tree(period=plan["period"], year=2024, quarter=1)
    assert figures_of(after_one, plan["indicators"]["rate"]).capaian == D("110")  # 9 of 10


def test_submitted_values_count_when_asked(plan):
    tree = plan_tree(period=plan["period"], year=2024, statuses=SUBMITTED_AND_VERIFIED)
    iku = figures_of(tree, plan["indicators"]["iku"])
    assert (iku.realisation, iku.capaian, iku.quarters_entered) == (D("4.2"), D("120"), (1, 2, 3))
    sk3 = tree.nodes[plan["nodes"]["1.06.02.2.02.01"].pk]
    assert sk3.realisasi_anggaran == D("750000.00")


def test_node_capaian_own_and_mean_of_children(plan):
    tree = plan_tree(period=plan["period"], year=2024)
    by_code = {n.node.code: n for n in tree.walk()}
    program = by_code["1.06.02"]
    assert program.capaian == D("95")  # own indicators: (70 + 120) / 2
    assert program.predikat.label == "Sangat Tinggi"
    assert program.capaian_children_mean == D("105")  # kegiatan: (130 + 80) / 2
    assert by_code["1.06.02.2.01"].capaian == D("130")
    assert by_code["1.06.02.2.01"].capaian_children_mean == D("100")  # SK2 has no capaian
    assert by_code["1.06.02.2.01.02"].capaian is None
    assert by_code["T1.S1"].capaian == D("2") * 100 / D("3.5")
    assert by_code["T1.S1"].capaian_children_mean == D("95")
    assert by_code["T1"].capaian is None  # no indicator of its own
    assert by_code["T1"].capaian_children_mean == by_code["T1.S1"].capaian


def test_budget_summed_up_from_sub_kegiatan(plan):
    tree = plan_tree(period=plan["period"], year=2024)
    by_code = {n.node.code: n for n in tree.walk()}
    expected = {
        "1.06.02.2.01.01": (D("1500000.00"), D("750000.00"), D("50")),
        "1.06.02.2.01.02": (D("2000000.00"), D("1000000.00"), D("50")),
        "1.06.02.2.02.01": (D("1500000.00"), D("0.00"), D("0")),
        "1.06.02.2.01": (D("3500000.00"), D("1750000.00"), D("50")),
        "1.06.02.2.02": (D("1500000.00"), D("0.00"), D("0")),
        "1.06.02": (D("5000000.00"), D("1750000.00"), D("35")),
        "T1": (D("5000000.00"), D("1750000.00"), D("35")),
    }
    for code, figures in expected.items():
        node = by_code[code]
        assert (node.pagu, node.realisasi_anggaran, node.serapan) == figures, code
    assert (tree.pagu, tree.realisasi_anggaran, tree.serapan) == expected["T1"]


def test_budget_year_to_date(plan):
    tree = plan_tree(period=plan["period"], year=2024, quarter=1)
    program = tree.nodes[plan["nodes"]["1.06.02"].pk]
    assert (program.realisasi_anggaran, program.serapan) == (D("1300000.00"), D("26"))


def test_efficiency_on_programs_only(plan):
    tree = plan_tree(period=plan["period"], year=2024)
    by_code = {n.node.code: n for n in tree.walk()}
    program = by_code["1.06.02"]
    assert program.efficiency_ratio == D("95") * 100 / D("35")  # 271,43
    assert program.efficiency == Efficiency.EFFICIENT
    assert by_code["1.06.02.2.01"].efficiency is None


def test_a_year_without_data_gives_dashes_not_errors(plan):
    tree = plan_tree(period=plan["period"], year=2026)
    assert all(f.capaian is None for n in tree.walk() for f in n.indicators)
    assert all(n.serapan is None and n.pagu == 0 for n in tree.walk())
    assert tree.serapan is None


def test_query_count_is_fixed(plan, django_assert_num_queries):
    with django_assert_num_queries(8):
        tree = plan_tree(period=plan["period"], year=2024)
        for node in tree.walk():
            str(node.node.unit)
            for figures in node.indicators:
                str(figures.indicator.node)


def test_quarter_outside_one_to_four_is_refused(plan):
    with pytest.raises(ValueError, match="quarter"):
        plan_tree(period=plan["period"], year=2024, quarter=5)
