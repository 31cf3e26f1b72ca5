"""The database itself refuses rows that break the plan's rules."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from cascading.choices import Level
from cascading.codes import code_key
from cascading.models import IndicatorTarget, PlanNode, Realisation
from tests.factories import (
    BudgetRealisationFactory,
    IndicatorFactory,
    NodeFactory,
    PaguFactory,
    PeriodFactory,
    RealisationFactory,
    TargetFactory,
    build_chain,
)

pytestmark = pytest.mark.django_db


def refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_duplicate_target_for_same_year_is_refused():
    target = TargetFactory()
    refused(lambda: IndicatorTarget.objects.create(indicator=target.indicator, year=target.year))


def test_duplicate_realisation_for_same_quarter_is_refused():
    first = RealisationFactory()
    refused(
        lambda: Realisation.objects.create(
            indicator=first.indicator, year=first.year, quarter=first.quarter
        )
    )


def test_quarter_five_is_refused():
    refused(lambda: RealisationFactory(quarter=5))


@pytest.mark.parametrize("bad_level", [Level.TUJUAN, Level.KEGIATAN, Level.SUB_KEGIATAN])
def test_node_under_a_parent_of_the_wrong_level_is_refused(bad_level):
    chain = build_chain()
    sasaran = chain[Level.SASARAN]
    refused(
        lambda: PlanNode.objects.create(
            organisation=sasaran.organisation,
            period=sasaran.period,
            parent=sasaran,
            level=bad_level,
            code="9.99",
            name="salah tingkat",
        )
    )


def test_moving_a_node_under_a_wrong_parent_is_refused():
    chain = build_chain()
    sub = chain[Level.SUB_KEGIATAN]
    sub.parent = chain[Level.PROGRAM]
    refused(sub.save)


def test_changing_a_parent_level_under_its_children_is_refused():
    chain = build_chain()
    kegiatan = chain[Level.KEGIATAN]
    kegiatan.level = Level.PROGRAM
    kegiatan.parent = chain[Level.SASARAN]
    refused(kegiatan.save)


def test_parent_in_another_period_is_refused():
    chain = build_chain()
    other = PeriodFactory(
        organisation=chain[Level.TUJUAN].organisation,
        start_year=2019,
        end_year=2023,
        status="closed",
    )
    refused(
        lambda: PlanNode.objects.create(
            organisation=other.organisation,
            period=other,
            parent=chain[Level.TUJUAN],
            level=Level.SASARAN,
            code="T9.S1",
            name="periode lain",
        )
    )


def test_sasaran_without_parent_is_refused():
    period = PeriodFactory()
    refused(
        lambda: PlanNode.objects.create(
            organisation=period.organisation,
            period=period,
            level=Level.SASARAN,
            code="T1.S1",
            name="tanpa induk",
        )
    )


def test_two_and_four_digit_sub_kegiatan_codes_are_the_same_code():
    chain = build_chain()
    kegiatan = chain[Level.KEGIATAN]
    assert code_key("1.06.02.2.03.01") == code_key("1.06.02.2.03.0001")
    refused(lambda: NodeFactory(parent=kegiatan, code="1.06.02.2.03.0001"))


def test_codes_sort_by_segment_not_text():
    codes = [
        "1.06.01.2.10",
        "1.06.01.2.02",
        "1.06.01.2.9",
        "T1",
        "T1.S1",
        "1.06.01.2.01.0011",
        "1.06.01.2.01.02",
    ]
    assert sorted(codes, key=code_key) == [
        "1.06.01.2.01.02",
        "1.06.01.2.01.0011",
        "1.06.01.2.02",
        "1.06.01.2.9",
        "1.06.01.2.10",
        "T1",
        "T1.S1",
    ]


def test_negative_pagu_is_refused():
    sub = build_chain()[Level.SUB_KEGIATAN]
    refused(lambda: PaguFactory(node=sub, amount=Decimal("-1")))


def test_negative_budget_realisation_is_refused():
    sub = build_chain()[Level.SUB_KEGIATAN]
    refused(lambda: BudgetRealisationFactory(node=sub, amount=Decimal("-0.01")))


def test_range_target_with_lower_above_upper_is_refused():
    indicator = IndicatorFactory()
    refused(
        lambda: TargetFactory(indicator=indicator, value=Decimal("10"), value_upper=Decimal("5"))
    )


def test_indicator_order_is_unique_per_node():
    indicator = IndicatorFactory()
    refused(lambda: IndicatorFactory(node=indicator.node, order=indicator.order))


def test_period_years_must_be_ordered():
    refused(lambda: PeriodFactory(start_year=2026, end_year=2024))


def test_only_one_active_period_per_organisation():
    period = PeriodFactory()
    refused(lambda: PeriodFactory(organisation=period.organisation, start_year=2027, end_year=2031))
