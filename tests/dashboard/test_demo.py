"""The demo data command: refused outside development, written through the workflow, marked."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from budgeting.models import BudgetRealisation
from cascading.choices import Level, Status, ValueKind
from cascading.models import Realisation
from cascading.services import save_realisation
from renstra.demo import ended_quarters, fill_demo_realisations, remove_demo_realisations
from renstra.models import Organisation, Role
from renstra.services import lock_period
from tests.dashboard.conftest import client_for, member
from tests.factories import (
    IndicatorFactory,
    OrganisationFactory,
    PaguFactory,
    PeriodFactory,
    SpmServiceFactory,
    TargetFactory,
    UnitFactory,
    build_chain,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 8, 15)  # 2024 and the first half of 2025 have ended


@pytest.fixture
def office():
    organisation = OrganisationFactory(code="dinas-contoh")
    unit = UnitFactory(organisation=organisation)
    chain = build_chain(PeriodFactory(organisation=organisation))
    for node in chain.values():
        node.unit = unit
        node.save()
    count = IndicatorFactory(node=chain[Level.SUB_KEGIATAN], satuan="Laporan")
    percent = IndicatorFactory(
        node=chain[Level.PROGRAM], value_kind=ValueKind.PERCENTAGE, aggregation="last", satuan="%"
    )
    grade = IndicatorFactory(
        node=chain[Level.PROGRAM], order=2, value_kind=ValueKind.ORDINAL, aggregation="last"
    )
    for year in (2024, 2025, 2026):
        TargetFactory(indicator=count, year=year, value=Decimal("1"))
        TargetFactory(indicator=grade, year=year, value=None, grade="BB", text="BB Indeks")
        PaguFactory(node=chain[Level.SUB_KEGIATAN], year=year, amount=Decimal("80000000"))
    TargetFactory(indicator=percent, year=2024, value=Decimal("80"))  # none for 2025: "-"
    SpmServiceFactory(organisation=organisation)
    return organisation


def test_refused_without_debug(settings, office):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo_realisations")
    assert not Realisation.objects.exists()
    assert not Organisation.objects.filter(demo_data=True).exists()


def test_refused_with_production_settings_even_when_forced(settings, office):
    settings.DEBUG = True
    settings.SETTINGS_MODULE = "renstra.settings.production"
    with pytest.raises(CommandError, match="produksi"):
        call_command("seed_demo_realisations", "--force")
    assert not Realisation.objects.exists()


def test_unknown_office_is_refused(settings, office):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("seed_demo_realisations", "--organisation", "tidak-ada")


def test_fills_the_ended_quarters_through_the_workflow(office):
    result = fill_demo_realisations(organisation=office, today=TODAY)
    ended = [(2024, 1), (2024, 2), (2024, 3), (2024, 4), (2025, 1), (2025, 2)]
    assert ended_quarters(office.periods.get(), TODAY) == ended
    records = list(Realisation.objects.select_related("indicator"))
    # Two indicators with a target every year, the percentage only in 2024.
    assert result.indicator_values == len(records) == 2 * 6 + 4
    assert {(r.year, r.quarter) for r in records} == set(ended)
    assert result.budget_values == BudgetRealisation.objects.count() == 6
    assert result.spm_years == 1  # 2024; 2025 has not ended
    statuses = {record.status for record in records}
    assert Status.VERIFIED in statuses and len(statuses) >= 2
    for record in records:
        assert record.note == "DATA CONTOH"
        assert record.history.count() >= 1
        if record.status == Status.VERIFIED:
            assert record.verified_by not in (None, record.created_by)
            assert record.history.filter(status=Status.SUBMITTED).exists()
        if record.status == Status.RETURNED:
            assert record.return_comment
    grades = {r.grade for r in records if r.indicator.value_kind == ValueKind.ORDINAL}
    assert grades <= {"BB", "B"}
    yearly = [r.value for r in records if r.indicator.satuan == "Laporan" and r.year == 2024]
    assert sum(yearly) == 1  # one report a year lands in one quarter, not rounded away
    assert Organisation.objects.get(pk=office.pk).demo_data


def test_a_second_run_keeps_what_is_there(office):
    planner = member("perencana-dinas", Role.PLANNER, office)
    kept = save_realisation(
        user=planner,
        indicator=office.plan_nodes.get(level=Level.SUB_KEGIATAN).indicators.get(),
        year=2024,
        quarter=1,
        value="7",
    )
    first = fill_demo_realisations(organisation=office, today=TODAY)
    count = Realisation.objects.count()
    second = fill_demo_realisations(organisation=office, today=TODAY)
    assert first.indicator_values == 2 * 6 + 4 - 1
    assert second.indicator_values == second.budget_values == second.spm_years == 0
    assert Realisation.objects.count() == count
    kept.refresh_from_db()
    assert (kept.value, kept.status, kept.created_by) == (Decimal("7"), Status.DRAFT, planner)


def test_locked_quarters_are_left_alone(office):
    admin = member("admin-dinas", Role.ADMIN, office)
    lock_period(user=admin, organisation=office, year=2024, quarter=1)
    result = fill_demo_realisations(organisation=office, today=TODAY)
    assert result.locked_skipped == 3 + 1  # three indicators and one sub kegiatan budget
    assert not Realisation.objects.filter(year=2024, quarter=1).exists()


def test_the_command_marks_the_office_and_every_page_shows_it(settings, office, client):
    settings.DEBUG = False
    assert "DATA CONTOH" not in client.get(reverse("login")).content.decode()
    call_command("seed_demo_realisations", "--organisation", office.code, "--force")
    assert Organisation.objects.get(pk=office.pk).demo_data
    assert "DATA CONTOH" in client.get(reverse("login")).content.decode()
    reader = client_for(member("pembaca", Role.REVIEWER, office))
    for url in (reverse("home"), reverse("dashboard:tree"), reverse("dashboard:trends")):
        assert "DATA CONTOH" in reader.get(url).content.decode()


def test_removing_demo_data_leaves_real_values_and_lifts_the_banner(office):
    planner = member("perencana-dinas", Role.PLANNER, office)
    real = save_realisation(
        user=planner,
        indicator=office.plan_nodes.get(level=Level.SUB_KEGIATAN).indicators.get(),
        year=2024,
        quarter=1,
        value="7",
    )
    fill_demo_realisations(organisation=office, today=TODAY)
    assert Realisation.objects.count() > 1 and BudgetRealisation.objects.exists()
    call_command("seed_demo_realisations", "--remove")
    assert list(Realisation.objects.all()) == [real]
    assert not BudgetRealisation.objects.exists()
    assert not Organisation.objects.get(pk=office.pk).demo_data


def test_a_demo_value_someone_changed_is_kept_with_the_banner(office):
    fill_demo_realisations(organisation=office, today=TODAY)
    planner = member("perencana-dinas", Role.PLANNER, office)
    draft = Realisation.objects.filter(status__in=[Status.DRAFT, Status.RETURNED]).first()
    save_realisation(
        user=planner,
        indicator=draft.indicator,
        year=draft.year,
        quarter=draft.quarter,
        value="3",
        expected_version=draft.version,
    )
    result = remove_demo_realisations(organisation=office)
    assert result.kept == 1
    assert list(Realisation.objects.values_list("pk", flat=True)) == [draft.pk]
    assert Organisation.objects.get(pk=office.pk).demo_data
