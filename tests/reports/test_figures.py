"""The figures the reports add to the selectors: years combined by the indicator's period rule,
quarter values as entered, budget per quarter, funding sources. Each pinned by hand."""

from decimal import Decimal

import pytest

from budgeting.selectors import funding_sources_by_node, realisasi_by_quarter
from cascading.calculations import infer_period_rule, over_period
from cascading.choices import Level, PeriodRule, Status
from cascading.constants import SUBMITTED_AND_VERIFIED
from cascading.selectors import QuarterValue, quarter_values
from tests.factories import (
    BudgetRealisationFactory,
    FundingSourceFactory,
    IndicatorFactory,
    NodeFactory,
    PaguFactory,
    RealisationFactory,
    build_chain,
)

D = Decimal


class TestOverPeriod:
    YEARS = {2026: D("7"), 2024: D("5"), 2025: D("3")}

    def test_cumulative_adds_the_years(self):
        assert over_period(self.YEARS, PeriodRule.CUMULATIVE) == D("15")

    def test_level_takes_the_latest_year_whatever_the_dict_order(self):
        assert over_period(self.YEARS, PeriodRule.LEVEL) == D("7")

    def test_years_without_a_value_are_skipped_not_zero(self):
        years = {2024: D("4"), 2025: None, 2026: D("2")}
        assert over_period(years, PeriodRule.LEVEL) == D("2")
        assert over_period(years, PeriodRule.CUMULATIVE) == D("6")
        assert over_period({2024: D("4"), 2025: None}, PeriodRule.LEVEL) == D("4")
        assert over_period({2024: D("0"), 2025: None}, PeriodRule.LEVEL) == D("0")

    @pytest.mark.parametrize("rule", list(PeriodRule))
    def test_nothing_entered_is_none(self, rule):
        assert over_period({}, rule) is None
        assert over_period({2024: None, 2025: ""}, rule) is None

    @pytest.mark.parametrize("rule", list(PeriodRule))
    def test_grades_take_the_latest(self, rule):
        assert over_period({2025: "B", 2024: "A", 2026: ""}, rule) == "B"


class TestInferPeriodRule:
    def test_end_target_the_sum_of_the_years_is_cumulative(self):
        # 1.06.05.2.02.02 of the seed: 4 + 4 + 4 = 12
        years = {2024: D("4"), 2025: D("4"), 2026: D("4")}
        assert infer_period_rule(D("12"), years) == PeriodRule.CUMULATIVE

    def test_end_target_the_last_year_is_a_level(self):
        years = {2024: D("8"), 2025: D("8"), 2026: D("8")}
        assert infer_period_rule(D("8"), years) == PeriodRule.LEVEL

    def test_a_single_year_equal_to_the_end_is_a_level(self):
        assert infer_period_rule(D("5"), {2024: None, 2025: None, 2026: D("5")}) == (
            PeriodRule.LEVEL
        )

    def test_other_end_targets_and_none_are_levels(self):
        years = {2024: D("3.5"), 2025: D("3.7"), 2026: D("3.9")}
        assert infer_period_rule(D("4"), years) == PeriodRule.LEVEL
        assert infer_period_rule(None, years) == PeriodRule.LEVEL
        assert infer_period_rule(D("4"), {}) == PeriodRule.LEVEL


@pytest.mark.django_db
class TestQuarterValues:
    def test_own_value_per_quarter_by_status(self):
        sub = build_chain()[Level.SUB_KEGIATAN]
        flow = IndicatorFactory(node=sub)
        grade = IndicatorFactory(node=sub, order=2, satuan="Indeks")
        RealisationFactory(indicator=flow, quarter=1, value=D("10"), status=Status.VERIFIED)
        RealisationFactory(indicator=flow, quarter=2, value=D("15"), status=Status.SUBMITTED)
        RealisationFactory(indicator=flow, quarter=3, value=D("99"), status=Status.DRAFT)
        RealisationFactory(indicator=flow, year=2025, quarter=1, status=Status.VERIFIED)
        RealisationFactory(
            indicator=grade, quarter=4, value=None, grade="BB", status=Status.VERIFIED
        )
        period = sub.period

        verified = quarter_values(period=period, year=2024)
        assert verified == {
            flow.pk: {1: QuarterValue(D("10"), "")},
            grade.pk: {4: QuarterValue(None, "BB")},
        }
        submitted = quarter_values(period=period, year=2024, statuses=SUBMITTED_AND_VERIFIED)
        assert submitted[flow.pk] == {1: QuarterValue(D("10"), ""), 2: QuarterValue(D("15"), "")}


@pytest.mark.django_db
class TestBudgetByQuarter:
    @pytest.fixture
    def chain(self):
        """Tujuan > ... > kegiatan with two sub kegiatan: the chain's and a second one."""
        chain = build_chain()
        return chain, NodeFactory(parent=chain[Level.KEGIATAN], code="1.06.02.2.03.02")

    def test_quarter_spending_rolls_up(self, chain, django_assert_num_queries):
        chain, second = chain
        sub = chain[Level.SUB_KEGIATAN]
        BudgetRealisationFactory(node=sub, quarter=1, amount=D("100.50"), status=Status.VERIFIED)
        BudgetRealisationFactory(node=sub, quarter=3, amount=D("200.00"), status=Status.VERIFIED)
        BudgetRealisationFactory(node=second, quarter=1, amount=D("50.25"), status=Status.VERIFIED)
        BudgetRealisationFactory(node=second, quarter=2, amount=D("70.00"), status=Status.SUBMITTED)

        with django_assert_num_queries(2):
            figures = realisasi_by_quarter(period=sub.period, year=2024)
        assert figures[sub.pk] == {1: D("100.50"), 2: D("0"), 3: D("200.00"), 4: D("0")}
        program = chain[Level.PROGRAM]
        assert figures[program.pk] == {1: D("150.75"), 2: D("0"), 3: D("200.00"), 4: D("0")}
        assert figures[chain[Level.TUJUAN].pk][1] == D("150.75")

        with_submitted = realisasi_by_quarter(
            period=sub.period, year=2024, statuses=SUBMITTED_AND_VERIFIED
        )
        assert with_submitted[chain[Level.KEGIATAN].pk][2] == D("70.00")

    def test_funding_sources_of_a_parent_are_its_children(self, chain, django_assert_num_queries):
        chain, second = chain
        sub = chain[Level.SUB_KEGIATAN]
        apbd = FundingSourceFactory(code="apbd", name="APBD")
        dak = FundingSourceFactory(code="dak", name="DAK")
        PaguFactory(node=sub, source=apbd)
        PaguFactory(node=second, source=dak)
        PaguFactory(node=second, source=apbd)
        PaguFactory(node=sub, year=2025, source=dak)

        with django_assert_num_queries(2):
            names = funding_sources_by_node(period=sub.period, year=2024)
        assert names[sub.pk] == ["APBD"]
        assert names[second.pk] == ["APBD", "DAK"]
        assert names[chain[Level.PROGRAM].pk] == ["APBD", "DAK"]
        nothing = funding_sources_by_node(period=sub.period, year=2026)
        assert nothing[chain[Level.PROGRAM].pk] == []
