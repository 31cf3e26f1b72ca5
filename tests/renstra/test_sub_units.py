"""A Sub Bagian signs its own PK but owns no indicators: nothing that belongs to the indicator
owners (a role bound to a unit, a lock exception, an SPM service) accepts one."""

import pytest
from django.core.exceptions import ValidationError

from renstra.models import LockException, Membership, PeriodLock, Role, Unit
from spm.models import SpmService
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sub_unit(seeded_plan):
    return Unit.objects.get(organisation=seeded_plan, name="Sub Bagian Keuangan dan Aset")


def test_the_seed_puts_two_sub_bagian_under_the_sekretariat(seeded_plan, sub_unit):
    sekretariat = Unit.objects.get(organisation=seeded_plan, kind=Unit.Kind.SECRETARIAT)
    assert sub_unit.parent == sekretariat and sub_unit.is_sub_unit
    assert sorted(sekretariat.children.values_list("name", flat=True)) == [
        "Sub Bagian Keuangan dan Aset",
        "Sub Bagian Umum dan Kepegawaian",
    ]


def test_an_operator_is_not_bound_to_a_sub_unit(seeded_plan, sub_unit):
    membership = Membership(
        user=UserFactory(), role=Role.OPERATOR, organisation=seeded_plan, unit=sub_unit
    )
    with pytest.raises(ValidationError) as refused:
        membership.full_clean()
    assert "subbagian/seksi tidak memiliki indikator sendiri" in str(refused.value)


def test_a_lock_exception_is_not_opened_for_a_sub_unit(seeded_plan, sub_unit):
    lock = PeriodLock.objects.create(organisation=seeded_plan, year=2025, quarter=1)
    with pytest.raises(ValidationError) as refused:
        LockException(lock=lock, unit=sub_unit).full_clean()
    assert "subbagian/seksi tidak mengisi realisasi" in str(refused.value)


def test_an_spm_service_is_not_given_to_a_sub_unit(seeded_plan, sub_unit):
    service = SpmService.objects.filter(organisation=seeded_plan).first()
    service.unit = sub_unit
    with pytest.raises(ValidationError) as refused:
        service.full_clean()
    assert "subbagian/seksi tidak mengisi SPM" in str(refused.value)


def test_a_sub_unit_needs_a_parent_of_its_own_office(seeded_plan, sub_unit):
    orphan = Unit(organisation=seeded_plan, code="seksi-x", name="Seksi X", kind=Unit.Kind.SECTION)
    with pytest.raises(ValidationError) as refused:
        orphan.full_clean()
    assert "Pilih unit induk" in str(refused.value)
    nested = Unit(
        organisation=seeded_plan,
        code="seksi-y",
        name="Seksi Y",
        kind=Unit.Kind.SECTION,
        parent=sub_unit,
    )
    with pytest.raises(ValidationError) as refused:
        nested.full_clean()
    assert "Unit induk harus sekretariat atau bidang." in str(refused.value)
