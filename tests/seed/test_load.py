"""The loader: idempotent, keeps what users entered, loads independent copies; the commands."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command, load_command_class
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgeting.models import FundingSource, Pagu, StatedPagu
from cascading.choices import Aggregation, Status
from cascading.models import DataNote, Indicator, IndicatorTarget, PlanNode, Realisation
from renstra.models import Organisation, PeriodLock, RenstraPeriod, Unit
from renstra.seed.extract import default_source_path
from renstra.seed.load import load_plan
from renstra.selectors import is_locked
from spm.models import SpmAnnual, SpmService

MODELS = (
    Organisation,
    Unit,
    RenstraPeriod,
    PlanNode,
    Indicator,
    IndicatorTarget,
    Realisation,
    FundingSource,
    Pagu,
    StatedPagu,
    SpmService,
    SpmAnnual,
    DataNote,
    PeriodLock,
)
SOURCE = default_source_path(settings.BASE_DIR)
needs_source = pytest.mark.skipif(
    not SOURCE.is_file(), reason=f"the seed document is not checked out at {SOURCE}"
)


def seed_data() -> dict:
    return json.loads(Path(settings.SEED_FIXTURE).read_text(encoding="utf-8"))


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_first_load_row_counts(seeded_plan):
    assert row_counts() == {
        "Organisation": 1,
        "Unit": 5 + 2,
        "RenstraPeriod": 2,
        "PlanNode": 72 + 17,
        "Indicator": 71 + 15,
        "IndicatorTarget": 213 + 10 * 2 + 5 * 3,
        "Realisation": 10 * 2 + 5 * 3,
        "FundingSource": 1,
        "Pagu": 51 * 3,
        "StatedPagu": 70 * 4,
        "SpmService": 5,
        "SpmAnnual": 25,
        "DataNote": 38,
        "PeriodLock": 5,
    }


def test_loading_twice_writes_nothing(seeded_plan):
    before = row_counts()
    with CaptureQueriesContext(connection) as queries:
        again = load_plan(seed_data())
    writes = [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert again == seeded_plan
    assert row_counts() == before


def test_the_finished_period_arrives_locked_and_an_opened_year_stays_open(seeded_plan):
    """2019-2023 is history: each year is locked when the plan is first loaded, 2024-2026 is not,
    and a year an administrator opened is not locked again by a later load."""
    locks = PeriodLock.objects.filter(organisation=seeded_plan)
    assert sorted(locks.values_list("year", flat=True)) == [2019, 2020, 2021, 2022, 2023]
    assert not locks.exclude(quarter=None).exists()
    assert all("2019-2023 telah selesai" in lock.reason for lock in locks)
    assert locks.get(year=2023).history.count() == 1
    for quarter in (1, 4):
        assert is_locked(organisation_id=seeded_plan.pk, unit_id=None, year=2023, quarter=quarter)
        assert not is_locked(
            organisation_id=seeded_plan.pk, unit_id=None, year=2024, quarter=quarter
        )
    locks.get(year=2023).delete()
    load_plan(seed_data())
    assert sorted(locks.values_list("year", flat=True)) == [2019, 2020, 2021, 2022]


def test_reload_keeps_realisations_and_tuned_settings(seeded_plan):
    indicator = Indicator.objects.get(node__organisation=seeded_plan, node__code="1.06.04.2.01.01")
    entered = Realisation.objects.create(
        indicator=indicator, year=2024, quarter=1, value=Decimal("30"), status=Status.SUBMITTED
    )
    corrected = Realisation.objects.get(indicator__node__code="T2.S1", year=2021)
    corrected.value = Decimal("3.20")
    corrected.status = Status.RETURNED
    corrected.save()
    indicator.aggregation = Aggregation.MAX
    indicator.save()
    period = seeded_plan.periods.get(start_year=2024)
    period.status = RenstraPeriod.Status.CLOSED
    period.save()

    load_plan(seed_data())

    entered.refresh_from_db()
    corrected.refresh_from_db()
    indicator.refresh_from_db()
    period.refresh_from_db()
    assert (entered.value, entered.status) == (Decimal("30"), Status.SUBMITTED)
    assert (corrected.value, corrected.status) == (Decimal("3.20"), Status.RETURNED)
    assert indicator.aggregation == Aggregation.MAX
    assert period.status == RenstraPeriod.Status.CLOSED
    assert Realisation.objects.count() == 35 + 1


def test_reload_restores_the_document_values(seeded_plan):
    node = PlanNode.objects.get(organisation=seeded_plan, code="1.06.04.2.01.07")
    node.name = "Nama yang diubah"
    node.save()
    target = IndicatorTarget.objects.get(indicator__node=node, year=2025)
    target.value, target.text = Decimal("100"), "100 Orang"
    target.save()
    Pagu.objects.filter(node=node, year=2026).update(amount=Decimal("1"))

    load_plan(seed_data())

    node.refresh_from_db()
    target.refresh_from_db()
    assert node.name == (
        "Fasilitasi Pembuatan Nomor Induk Kependudukan, Akta Kelahiran, Surat Nikah, dan "
        "Kartu Identitas Anak"
    )
    assert (target.value, target.text) == (Decimal("35"), "35 Orang")
    assert Pagu.objects.get(node=node, year=2026).amount == Decimal("5000000.00")


def test_another_organisation_code_loads_an_independent_copy(seeded_plan):
    copy = load_plan(seed_data(), organisation_code="dinsos-kota-uji")

    assert copy.pk != seeded_plan.pk
    assert (copy.code, copy.name, copy.short_name) == (
        "dinsos-kota-uji",
        "Dinas Sosial Kota Palangka Raya (dinsos-kota-uji)",
        "Dinas Sosial (dinsos-kota-uji)",
    )
    for organisation in (seeded_plan, copy):
        assert organisation.periods.count() == 2
        assert organisation.plan_nodes.count() == 89
        assert Pagu.objects.filter(node__organisation=organisation).count() == 153
        assert Realisation.objects.filter(indicator__node__organisation=organisation).count() == 35
        assert organisation.spm_services.count() == 5
        assert organisation.data_notes.count() == 38
    assert not PlanNode.objects.filter(organisation=copy, unit__organisation=seeded_plan).exists()
    assert not PlanNode.objects.filter(organisation=copy, period__organisation=seeded_plan).exists()
    assert FundingSource.objects.count() == 1

    IndicatorTarget.objects.filter(
        indicator__node__organisation=copy, indicator__node__code="1.06.02", year=2024
    ).update(value=Decimal("80"))
    original = IndicatorTarget.objects.get(
        indicator__node__organisation=seeded_plan, indicator__node__code="1.06.02", year=2024
    )
    assert original.value == Decimal("100")


def test_seed_renstra_prints_an_indonesian_summary(db):
    out = StringIO()
    call_command("seed_renstra", stdout=out)
    text = out.getvalue()
    assert "Renstra Dinas Sosial Kota Palangka Raya dimuat (kode dinsos-palangka-raya)." in text
    assert (
        "Periode 2024-2026: 1 Tujuan, 1 Sasaran, 5 Program, 14 Kegiatan, 51 Sub Kegiatan." in text
    )
    assert "Periode 2019-2023: 2 Tujuan, 2 Sasaran, 13 Program." in text
    assert "2024 Rp 9.363.273.111,00" in text
    assert "total Rp 28.089.819.333,00" in text
    assert "Catatan data: 38" in text


def test_seed_renstra_for_another_office(db):
    call_command("seed_renstra", organisation_code="dinsos-uji-2", stdout=StringIO())
    assert Organisation.objects.get().code == "dinsos-uji-2"


@needs_source
def test_extract_seed_check_passes_against_the_committed_json():
    out = StringIO()
    call_command("extract_seed", "--check", stdout=out)
    assert "sesuai dengan dokumen" in out.getvalue()


@needs_source
def test_extract_seed_writes_the_committed_json(tmp_path):
    output = tmp_path / "seed.json"
    call_command("extract_seed", output=output, stdout=StringIO())
    assert output.read_bytes() == Path(settings.SEED_FIXTURE).read_bytes()


@needs_source
def test_extract_seed_check_fails_when_the_json_differs(tmp_path):
    output = tmp_path / "seed.json"
    output.write_text(Path(settings.SEED_FIXTURE).read_text(encoding="utf-8").replace("35", "36"))
    with pytest.raises(CommandError, match="berbeda dari hasil ekstraksi"):
        call_command("extract_seed", "--check", output=output, stdout=StringIO())


def test_extract_seed_without_the_document(tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("extract_seed", source=tmp_path / "missing.txt", stdout=StringIO())


@pytest.mark.parametrize("command", ["extract_seed", "seed_renstra"])
def test_command_help_renders(command):
    parser = load_command_class("renstra", command).create_parser("manage.py", command)
    assert "--" in parser.format_help()
