"""A plan 40 times the seeded one: the same query count, and roll-ups that match naive totals."""

from collections import defaultdict
from decimal import Decimal

import pytest

from cascading.calculations import capaian
from cascading.choices import Aggregation, Level, Status
from cascading.models import Indicator, IndicatorTarget, PlanNode, Realisation
from cascading.selectors import plan_tree
from tests.numbers.generate import generate_plan

pytestmark = pytest.mark.django_db

SCALE = 40


def read_everything(tree):
    """Touch every attribute a page or export shows, to catch lazy queries."""
    for node in tree.walk():
        str(node.node.unit)
        for figures in node.indicators:
            str(figures.indicator.node)
            str(figures.predikat)


def count_plan_tree_queries(django_assert_max_num_queries, period, year=2024, quarter=4):
    with django_assert_max_num_queries(100) as captured:
        read_everything(plan_tree(period=period, year=year, quarter=quarter))
    return len(captured)


@pytest.fixture
def large():
    return generate_plan(scale=SCALE, seed=1)


def test_query_count_does_not_grow_with_the_plan(large, django_assert_max_num_queries):
    levels = PlanNode.objects.filter(period=large.period).values_list("level", flat=True)
    counts = {level: list(levels).count(level) for level in Level}
    assert counts == {
        Level.TUJUAN: 1,
        Level.SASARAN: 1,
        Level.PROGRAM: 5 * SCALE,
        Level.KEGIATAN: 14 * SCALE,
        Level.SUB_KEGIATAN: 51 * SCALE,
    }
    small = generate_plan(scale=1, seed=2)
    counts = {
        count_plan_tree_queries(django_assert_max_num_queries, plan.period, quarter=quarter)
        for plan in (small, large)
        for quarter in (1, 4)
    }
    assert counts == {8}


def naive_year_to_date(values_by_quarter, rule):
    quarters = sorted(values_by_quarter)
    values = [values_by_quarter[q] for q in quarters]
    if not values:
        return None
    return {
        Aggregation.SUM: sum(values),
        Aggregation.LAST: values[-1],
        Aggregation.MAX: max(values),
        Aggregation.AVERAGE: sum(values) / len(values),
    }[rule]


def test_indicator_figures_match_a_naive_reading_of_the_rows(large):
    for quarter in (2, 4):
        check_indicator_figures(large, quarter)


def check_indicator_figures(large, quarter):
    tree = plan_tree(period=large.period, year=2024, quarter=quarter)
    figures = {f.indicator.pk: f for node in tree.walk() for f in node.indicators}
    indicators = {i.pk: i for i in Indicator.objects.filter(node__period=large.period)}
    assert figures.keys() == indicators.keys()

    entered = defaultdict(dict)
    for row in Realisation.objects.filter(
        indicator__in=indicators, year=2024, status=Status.VERIFIED, quarter__lte=quarter
    ):
        entered[row.indicator_id][row.quarter] = row.grade or row.value
    targets = {
        t.indicator_id: t
        for t in IndicatorTarget.objects.filter(indicator__in=indicators, year=2024)
    }
    for pk, indicator in indicators.items():
        target, by_quarter = targets[pk], entered[pk]
        if target.grade:
            grade = by_quarter[max(by_quarter)] if by_quarter else ""
            expected = capaian(
                value_kind=indicator.value_kind,
                target_grade=target.grade,
                realisation_grade=grade,
            )
        else:
            expected = capaian(
                polarity=indicator.polarity,
                target=target.value,
                target_upper=target.value_upper,
                realisation=naive_year_to_date(by_quarter, indicator.aggregation),
            )
        assert figures[pk].capaian == expected, indicator.name
        assert figures[pk].quarters_entered == tuple(sorted(by_quarter))


def test_budget_roll_up_matches_naive_sums(large):
    for quarter in (1, 3, 4):
        check_budget_roll_up(large, quarter)


def check_budget_roll_up(large, quarter):
    tree = plan_tree(period=large.period, year=2024, quarter=quarter)
    parent_of = dict(PlanNode.objects.filter(period=large.period).values_list("id", "parent_id"))
    pagu, spent = defaultdict(Decimal), defaultdict(Decimal)

    def ancestors_and_self(node_id):
        while node_id is not None:
            yield node_id
            node_id = parent_of[node_id]

    for (sub, year), amount in large.pagu.items():
        if year == 2024:
            for node_id in ancestors_and_self(sub):
                pagu[node_id] += amount
    for (sub, year, q, status), amount in large.spent.items():
        if year == 2024 and q <= quarter and status == Status.VERIFIED:
            for node_id in ancestors_and_self(sub):
                spent[node_id] += amount
    for node_id, node in tree.nodes.items():
        assert node.pagu == pagu[node_id]
        assert node.realisasi_anggaran == spent[node_id]
    assert tree.pagu == sum(amount for (_s, y), amount in large.pagu.items() if y == 2024)


def test_node_capaian_is_the_mean_of_its_indicators_and_children(large):
    tree = plan_tree(period=large.period, year=2024)
    for node in tree.walk():
        own = [f.capaian for f in node.indicators if f.capaian is not None]
        assert node.capaian == (sum(own) / len(own) if own else None)
        children = [child.capaian for child in node.children if child.capaian is not None]
        assert node.capaian_children_mean == (sum(children) / len(children) if children else None)
