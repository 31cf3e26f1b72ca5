"""indicator_history and plan_consistency on small plans built by hand."""

from decimal import Decimal

import pytest

from budgeting.models import Pagu, StatedPagu
from cascading.choices import NoteKind, Status
from cascading.models import DataNote
from cascading.selectors import indicator_history, plan_consistency
from tests.factories import (
    FundingSourceFactory,
    IndicatorFactory,
    NodeFactory,
    PeriodFactory,
    RealisationFactory,
    TargetFactory,
    UnitFactory,
    build_chain,
)

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def previous_period():
    """A 2019-2023 period with one indicator: yearly values at TW IV, printed C beside them."""
    period = PeriodFactory(start_year=2019, end_year=2023, status="closed", name="Renstra lama")
    sasaran = NodeFactory(parent=NodeFactory(period=period, code="T1"), code="T1.S1")
    iku = IndicatorFactory(node=sasaran, satuan="%")
    rows = [(2021, "2.8", "3.18", "113.49"), (2022, "3", "3.55", "118.33")]
    for year, target, realisation, printed in rows:
        TargetFactory(indicator=iku, year=year, value=D(target), reported_capaian=D(printed))
        RealisationFactory(
            indicator=iku, year=year, quarter=4, value=D(realisation), status=Status.VERIFIED
        )
    return period, iku


def test_history_lists_every_year_of_the_period(previous_period):
    period, iku = previous_period
    [history] = indicator_history(period=period)
    assert history.indicator == iku
    assert [f.year for f in history.years] == [2019, 2020, 2021, 2022, 2023]
    by_year = {f.year: f for f in history.years}
    assert (by_year[2019].target, by_year[2019].realisation, by_year[2019].capaian) == (
        None,
        None,
        None,
    )
    assert (by_year[2022].target, by_year[2022].realisation) == (D("3"), D("3.55"))
    assert by_year[2022].capaian == D("355") / D("3")
    assert by_year[2022].reported_capaian == D("118.33")


def test_history_query_count(previous_period, django_assert_num_queries):
    period, _iku = previous_period
    with django_assert_num_queries(4):
        for history in indicator_history(period=period):
            str(history.indicator.node.unit)


def test_consistency_finds_a_printed_capaian_that_does_not_add_up(previous_period):
    period, iku = previous_period
    report = plan_consistency(organisation=period.organisation)
    [difference] = report.capaian_differences
    assert (difference.figures.indicator, difference.figures.year) == (iku, 2021)
    assert difference.printed == D("113.49")
    assert round(difference.computed, 2) == D("113.57")
    assert round(difference.difference, 2) == D("-0.08")


def test_consistency_reports_a_printed_capaian_that_cannot_be_computed(previous_period):
    period, iku = previous_period
    TargetFactory(indicator=iku, year=2023, value=D("3.2"), reported_capaian=D("101.56"))
    report = plan_consistency(organisation=period.organisation)
    missing = [d for d in report.capaian_differences if d.figures.year == 2023]
    assert [(d.printed, d.computed, d.difference) for d in missing] == [(D("101.56"), None, None)]


def test_consistency_pagu_differences_per_year_and_end_of_period():
    chain = build_chain()
    program, kegiatan = chain[3], chain[4]
    second_sub = NodeFactory(parent=kegiatan, code="1.06.02.2.03.02")
    source = FundingSourceFactory()
    for sub, amount in ((chain[5], "100.00"), (second_sub, "50.00")):
        for year in (2024, 2025, 2026):
            Pagu.objects.create(node=sub, year=year, source=source, amount=D(amount))
    Pagu.objects.create(node=chain[5], year=2030, source=source, amount=D("7.00"))  # off period
    StatedPagu.objects.bulk_create(
        [
            StatedPagu(node=program, year=2024, amount=D("150.00")),  # right
            StatedPagu(node=program, year=2025, amount=D("151.00")),  # wrong
            StatedPagu(node=program, year=None, amount=D("450.00")),  # right: 3 x 150
            StatedPagu(node=kegiatan, year=None, amount=D("400.00")),  # wrong
            StatedPagu(node=kegiatan, year=2027, amount=D("10.00")),  # no pagu that year
            StatedPagu(node=second_sub, year=2026, amount=D("50.00")),  # right
        ]
    )
    report = plan_consistency(organisation=program.organisation)
    found = {
        (d.node.code, d.year): (d.stated, d.computed, d.difference) for d in report.pagu_differences
    }
    assert found == {
        ("1.06.02", 2025): (D("151.00"), D("150.00"), D("1.00")),
        ("1.06.02.2.03", None): (D("400.00"), D("450.00"), D("-50.00")),
        ("1.06.02.2.03", 2027): (D("10.00"), D("0.00"), D("10.00")),
    }


def test_consistency_unparsed_targets_and_indicators_without_unit():
    chain = build_chain()
    unit = UnitFactory(organisation=chain[1].organisation)
    with_unit = NodeFactory(parent=chain[4], code="1.06.02.2.03.09", unit=unit)
    owned = IndicatorFactory(node=with_unit)
    orphan = IndicatorFactory(node=chain[5])
    unparsed = TargetFactory(indicator=owned, year=2024, value=None, text="50 Orang/bulan")
    TargetFactory(indicator=owned, year=2025, value=None, text="-")  # no target: fine
    TargetFactory(indicator=owned, year=2026, value=None, grade="BB", text="BB Indeks")  # parsed
    TargetFactory(indicator=orphan, year=2024, value=D("35"), text="35 Orang")  # parsed
    TargetFactory(indicator=orphan, year=2025, value=None, text="")  # nothing written

    report = plan_consistency(organisation=unit.organisation)
    assert report.unparsed_targets == [unparsed]
    assert report.indicators_without_unit == [orphan]
    assert not report.is_clean


def test_consistency_lists_the_notes_of_the_office_only():
    period = PeriodFactory()
    note = DataNote.objects.create(
        organisation=period.organisation,
        period=period,
        kind=NoteKind.DOCUMENT_ERROR,
        source="Tabel 2.5",
        subject="IKU 2021",
        text="C tercetak 113,49; R/T = 113,57.",
    )
    DataNote.objects.create(
        organisation=PeriodFactory().organisation,
        kind=NoteKind.INTERPRETATION,
        source="Tabel 6.1",
        subject="lain",
        text="kantor lain",
    )
    report = plan_consistency(organisation=period.organisation)
    assert report.notes == [note]
    assert report.is_clean


def test_consistency_query_count_is_fixed(previous_period, django_assert_num_queries):
    period, _iku = previous_period
    with django_assert_num_queries(9):
        report = plan_consistency(organisation=period.organisation)
        for difference in report.capaian_differences:
            str(difference.figures.indicator.node.period)
        for note in report.notes:
            str(note.period)
