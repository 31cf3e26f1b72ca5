"""Writing SPM yearly figures through spm.services: parsing, refusals, locks, audit, versions."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from renstra.models import LockException, PeriodLock
from spm.models import SpmAnnual
from spm.selectors import spm_year
from spm.services import (
    BASELINE_REASON,
    SpmEntry,
    SpmEntryRefused,
    parse_count,
    parse_quantity,
    save_spm_figures,
    save_spm_year,
)
from tests.factories import SpmAnnualFactory

from .conftest import YEAR, build_office

pytestmark = pytest.mark.django_db

D = Decimal


def entry(service, version=None, **figures):
    return SpmEntry(service=service, figures=figures, expected_version=version)


def save(office, user_role, *entries, year=YEAR):
    return save_spm_year(
        user=office.users[user_role],
        organisation=office.organisation,
        year=year,
        entries=list(entries),
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.250", 1250), ("1250", 1250), ("21.955", 21955), (" 7 ", 7), ("", None), ("0", 0)],
)
def test_counts_are_read_as_the_entry_sheet_reads_them(text, value):
    assert parse_count(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.250,5", "bilangan bulat"),
        ("-5", "Tidak boleh negatif"),
        ("seribu", "'seribu' bukan angka"),
        ("1,2,3", "bukan angka"),
        ("99.999.999.999", "terlalu besar"),
    ],
)
def test_bad_counts_are_refused_in_indonesian(text, message):
    with pytest.raises(ValidationError, match=message):
        parse_count(text)


def test_quantities_take_decimals():
    assert parse_quantity("1.250,75") == D("1250.75")
    assert parse_quantity("12.5") == D("12.5")
    with pytest.raises(ValidationError, match="Paling banyak 2 angka di belakang koma"):
        parse_quantity("1,255")


def test_planner_saves_a_year_and_the_selector_computes_it(office):
    first, second = office.services[:2]
    saved = save(
        office,
        "planner",
        entry(
            first,
            people_needing="1.250",
            people_served="1.200",
            quality_required="50",
            quality_provided="45",
            note=" data Dinsos ",
        ),
        entry(second, people_needing="10", people_served="10"),
    )
    assert len(saved) == 2
    row = SpmAnnual.objects.get(service=first, year=YEAR)
    assert (row.people_needing, row.people_served) == (1250, 1200)
    assert (row.quality_required, row.quality_provided, row.note) == (
        D("50"),
        D("45"),
        "data Dinsos",
    )
    assert (row.created_by, row.updated_by, row.version) == (
        office.users["planner"],
        office.users["planner"],
        1,
    )
    figures = {f.service: f for f in spm_year(organisation=office.organisation, year=YEAR).services}
    assert figures[first].capaian_penerima == D("96")
    assert figures[first].capaian_mutu == D("90")
    assert figures[first].indeks == D("94.8")  # 0.8 x 96 + 0.2 x 90
    assert figures[first].kategori.label == "Tuntas Utama"


def test_served_above_needing_is_refused_naming_service_and_fields_and_nothing_is_saved(office):
    first, second = office.services[:2]
    with pytest.raises(SpmEntryRefused) as refused:
        save(
            office,
            "planner",
            entry(second, people_needing="10", people_served="9"),
            entry(first, people_needing="1.250", people_served="1.300"),
        )
    message = refused.value.errors[first.pk]["people_served"]
    assert message == (
        "1. Layanan dasar nomor 1: warga negara yang terlayani (1.300) tidak boleh melebihi "
        "warga negara yang membutuhkan (1.250)."
    )
    assert second.pk not in refused.value.errors
    assert str(refused.value) == "Tidak ada yang disimpan: 1 jenis pelayanan perlu diperbaiki."
    assert not SpmAnnual.objects.exists()


def test_text_and_negatives_are_refused_per_field(office):
    first = office.services[0]
    with pytest.raises(SpmEntryRefused) as refused:
        save(
            office,
            "planner",
            entry(first, people_needing="banyak", people_served="-3", quality_required="-1"),
        )
    errors = refused.value.errors[first.pk]
    assert errors["people_needing"] == (
        "Warga negara yang membutuhkan: 'banyak' bukan angka (contoh: 1.250 atau 1250)."
    )
    assert errors["people_served"] == "Warga negara yang terlayani: Tidak boleh negatif."
    assert errors["quality_required"].endswith("Tidak boleh negatif.")
    assert not SpmAnnual.objects.exists()


def test_every_change_is_audited_with_who_and_the_old_and_new_values(office):
    first = office.services[0]
    save(office, "planner", entry(first, people_needing="100", people_served="80"))
    save(office, "admin", entry(first, version=1, people_served="90"))
    row = SpmAnnual.objects.get(service=first, year=YEAR)
    assert row.version == 2
    history = list(row.history.order_by("history_id"))
    assert [(h.history_user.username, h.people_served, h.version) for h in history] == [
        ("perencana", 80, 1),
        ("admin", 90, 2),
    ]
    assert [h.history_type for h in history] == ["+", "~"]


def test_unchanged_entries_write_nothing(office):
    first = office.services[0]
    save(office, "planner", entry(first, people_needing="100", people_served="80"))
    assert save(office, "admin", entry(first, version=1, people_needing="100")) == []
    row = SpmAnnual.objects.get(service=first, year=YEAR)
    assert (row.version, row.history.count()) == (1, 1)


def test_rows_written_in_bulk_keep_their_old_values_in_the_history(office):
    first = office.services[0]
    SpmAnnual.objects.bulk_create(
        [SpmAnnual(service=first, year=YEAR, people_needing=40, people_served=30)]
    )
    save(office, "planner", entry(first, version=1, people_served="35"))
    history = list(SpmAnnual.objects.get(service=first).history.order_by("history_id"))
    assert [(h.people_served, h.history_change_reason) for h in history] == [
        (30, BASELINE_REASON),
        (35, None),
    ]


def test_a_stale_version_is_refused_with_the_current_value_and_who_set_it(office):
    first = office.services[0]
    save(office, "planner", entry(first, people_needing="100", people_served="80"))
    save(office, "admin", entry(first, version=1, people_served="90"))
    with pytest.raises(SpmEntryRefused) as refused:
        save(office, "planner", entry(first, version=1, people_served="70"))
    message = refused.value.errors[first.pk]["__all__"]
    assert "sudah diubah oleh admin" in message
    assert "terlayani 90" in message
    assert SpmAnnual.objects.get(service=first).people_served == 90


def test_a_first_save_over_a_row_someone_else_created_is_a_conflict(office):
    first = office.services[0]
    save(office, "admin", entry(first, people_needing="100"))
    with pytest.raises(SpmEntryRefused) as refused:
        save(office, "planner", entry(first, version=0, people_needing="120"))
    assert "sudah diubah oleh admin" in refused.value.errors[first.pk]["__all__"]


@pytest.mark.parametrize("quarter", [None, 4])
def test_a_lock_on_the_year_or_its_fourth_quarter_refuses_every_write(office, quarter):
    PeriodLock.objects.create(organisation=office.organisation, year=YEAR, quarter=quarter)
    with pytest.raises(PermissionDenied, match="Data SPM tahun 2025 dikunci"):
        save(office, "admin", entry(office.services[0], people_needing="1"))
    assert not SpmAnnual.objects.exists()


def test_earlier_quarter_locks_and_unit_exceptions_leave_the_year_open(office):
    PeriodLock.objects.create(organisation=office.organisation, year=YEAR, quarter=3)
    year_lock = PeriodLock.objects.create(organisation=office.organisation, year=YEAR)
    LockException.objects.create(lock=year_lock, unit=office.linjamsos)
    save(office, "planner", entry(office.services[4], people_needing="5"))
    with pytest.raises(PermissionDenied):
        save(office, "planner", entry(office.services[0], people_needing="5"))
    assert SpmAnnual.objects.get().service == office.services[4]


def test_operators_enter_their_units_services_only(office):
    rehab_service, linjamsos_service = office.services[0], office.services[4]
    save(office, "operator", entry(rehab_service, people_needing="5"))
    for role, service in (
        ("operator", linjamsos_service),
        ("other_operator", rehab_service),
        ("head", rehab_service),
        ("reviewer", rehab_service),
    ):
        with pytest.raises(PermissionDenied):
            save(office, role, entry(service, people_needing="7"))
    assert list(SpmAnnual.objects.values_list("people_needing", flat=True)) == [5]


def test_another_offices_users_are_refused(office):
    other = build_office(prefix="b-")
    with pytest.raises(PermissionDenied):
        save_spm_year(
            user=other.users["admin"],
            organisation=office.organisation,
            year=YEAR,
            entries=[entry(office.services[0], people_needing="1")],
        )
    with pytest.raises(PermissionDenied):  # their own office named, the other's service given
        save_spm_year(
            user=other.users["admin"],
            organisation=other.organisation,
            year=YEAR,
            entries=[entry(office.services[0], people_needing="1")],
        )
    assert not SpmAnnual.objects.exists()


def test_years_outside_the_offices_periods_are_refused(office):
    with pytest.raises(ValidationError, match="di luar periode Renstra"):
        save(office, "planner", entry(office.services[0], people_needing="1"), year=2031)


def test_one_service_save_raises_field_errors(office):
    first = office.services[0]
    SpmAnnualFactory(service=first, year=YEAR, people_needing=1250)
    with pytest.raises(ValidationError) as refused:
        save_spm_figures(
            user=office.users["planner"],
            year=YEAR,
            entry=entry(first, version=1, people_served="1.300"),
        )
    assert "tidak boleh melebihi" in refused.value.message_dict["people_served"][0]
