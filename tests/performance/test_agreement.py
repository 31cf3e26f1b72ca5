"""The Perjanjian Kinerja generated from the seeded plan, edited, finalised and revised."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budgeting.models import Pagu
from cascading.models import IndicatorTarget
from performance.choices import AgreementStatus
from performance.models import Agreement, AgreementTarget
from performance.services import (
    finalise_agreement,
    generate_agreement,
    revise_agreement,
    update_agreement,
)

from .conftest import MAYOR

IKU = "Persentase PPKS yang Berfungsi Sosial"
# Tabel 6.1, 2025 column, the five programs.
PROGRAMS_2025 = {
    "1.06.01": Decimal("6879188261.00"),
    "1.06.02": Decimal("104050600.00"),
    "1.06.04": Decimal("560283050.00"),
    "1.06.05": Decimal("1113925000.00"),
    "1.06.06": Decimal("705826200.00"),
}


def test_office_agreement_2025_from_the_plan(office, users):
    agreement = generate_agreement(user=users["planner"], organisation=office, year=2025)
    iku = agreement.targets.get(indicator_name=IKU)
    assert (iku.value, iku.text, iku.plan_value) == (Decimal("3.7"), "3,7%", Decimal("3.7"))
    assert not iku.differs
    assert {row.code: row.amount for row in agreement.budgets.all()} == PROGRAMS_2025
    assert sum(PROGRAMS_2025.values()) == Decimal("9363273111.00")
    assert agreement.first_name == "NYTA BIANITA REZZA, S.Sos"
    assert agreement.first_nip == "19671213 198911 2 001"
    assert agreement.second_name == MAYOR
    assert agreement.status == AgreementStatus.DRAFT and agreement.number == 1
    assert agreement.history.count() == 1


def test_unit_agreement_carries_the_units_kegiatan_and_sub_kegiatan(office, users):
    unit = office.units.get(code="bidang-rehabilitasi-sosial")
    agreement = generate_agreement(user=users["planner"], organisation=office, year=2025, unit=unit)
    codes = [row.code for row in agreement.budgets.all()]
    assert codes[:2] == ["1.06.04.2.01", "1.06.04.2.01.01"]
    assert all(code.startswith("1.06.04.") for code in codes)
    assert {row.code for row in agreement.targets.all()} >= {"1.06.04", "1.06.04.2.01"}
    # Kabid with the Kepala Dinas.
    assert agreement.first_title == "Kepala Bidang Rehabilitasi Sosial"
    assert agreement.second_name == "NYTA BIANITA REZZA, S.Sos"


def test_edit_keeps_the_plan_value_beside_and_refuses_bad_rows(office, users):
    planner = users["planner"]
    agreement = generate_agreement(user=planner, organisation=office, year=2025)
    iku = agreement.targets.get(indicator_name=IKU)
    program = agreement.budgets.get(code="1.06.02")
    with pytest.raises(ValidationError) as refused:
        update_agreement(
            user=planner,
            agreement=agreement,
            expected_version=agreement.version,
            targets={iku.pk: "4", iku.pk + 10_000: "1"},
            budgets={program.pk: "=1+1"},
        )
    assert "Baris target tidak dikenal." in str(refused.value)
    assert "bukan jumlah rupiah yang sah" in str(refused.value)
    iku.refresh_from_db()
    assert iku.value == Decimal("3.7")
    update_agreement(
        user=planner,
        agreement=agreement,
        expected_version=agreement.version,
        targets={iku.pk: "3,8%"},
        budgets={program.pk: "100.000.000,00"},
    )
    iku.refresh_from_db()
    program.refresh_from_db()
    assert (iku.value, iku.text, iku.plan_text, iku.differs) == (
        Decimal("3.8"),
        "3,8%",
        "3,7%",
        True,
    )
    assert (program.amount, program.plan_amount) == (Decimal("100000000"), Decimal("104050600"))
    assert iku.history.count() == 2
    with pytest.raises(ValidationError, match="sudah diubah pengguna lain"):
        update_agreement(
            user=planner, agreement=agreement, expected_version=1, targets={}, budgets={}
        )


def test_final_agreement_is_frozen_and_a_revision_keeps_both(office, users):
    planner = users["planner"]
    agreement = generate_agreement(user=planner, organisation=office, year=2025)
    agreement = finalise_agreement(
        user=planner, agreement=agreement, expected_version=agreement.version
    )
    assert agreement.status == AgreementStatus.FINAL and agreement.signed_on
    # The plan changes after signing: the final PK does not.
    target = IndicatorTarget.objects.get(indicator__name=IKU, year=2025)
    target.value, target.text = Decimal("5"), "5%"
    target.save()
    pagu = Pagu.objects.filter(node__code="1.06.02.2.02.01", year=2025).first()
    pagu.amount += Decimal("1000000")
    pagu.save()
    iku = agreement.targets.get(indicator_name=IKU)
    assert (iku.value, iku.text, iku.plan_value) == (Decimal("3.7"), "3,7%", Decimal("3.7"))
    assert agreement.budgets.get(code="1.06.02").amount == PROGRAMS_2025["1.06.02"]
    with pytest.raises(ValidationError, match="sudah final"):
        update_agreement(
            user=planner,
            agreement=agreement,
            expected_version=agreement.version,
            targets={iku.pk: "9"},
            budgets={},
        )
    with pytest.raises(ValidationError, match="sudah final"):
        finalise_agreement(user=planner, agreement=agreement, expected_version=agreement.version)
    with pytest.raises(ValidationError, match="alasan"):
        revise_agreement(user=planner, agreement=agreement, reason="  ")
    revision = revise_agreement(user=planner, agreement=agreement, reason="APBD perubahan 2025")
    assert (revision.number, revision.status, revision.reason) == (
        2,
        "draft",
        "APBD perubahan 2025",
    )
    revised_iku = revision.targets.get(indicator_name=IKU)
    # The agreed target carries over; the plan's current value stands beside it.
    assert (revised_iku.value, revised_iku.plan_value, revised_iku.differs) == (
        Decimal("3.7"),
        Decimal("5"),
        True,
    )
    # The revision's plan column reads the budget as it is now; the agreed figure carries over.
    revised_program = revision.budgets.get(code="1.06.02")
    assert revised_program.amount == PROGRAMS_2025["1.06.02"]
    assert revised_program.plan_amount == PROGRAMS_2025["1.06.02"] + Decimal("1000000")
    with pytest.raises(ValidationError, match="draf revisi"):
        revise_agreement(user=planner, agreement=agreement, reason="lagi")
    assert Agreement.objects.filter(year=2025).count() == 2
    assert AgreementTarget.objects.get(agreement=agreement, indicator_name=IKU).value == Decimal(
        "3.7"
    )


def test_generate_twice_is_refused(office, users):
    generate_agreement(user=users["planner"], organisation=office, year=2025)
    with pytest.raises(ValidationError, match="sudah ada"):
        generate_agreement(user=users["admin"], organisation=office, year=2025)


@pytest.mark.parametrize("role", ["operator", "head", "reviewer", "outsider"])
def test_only_administrators_and_planners_of_the_office_write(office, users, role):
    with pytest.raises(PermissionDenied):
        generate_agreement(user=users[role], organisation=office, year=2025)
    agreement = generate_agreement(user=users["admin"], organisation=office, year=2025)
    with pytest.raises(PermissionDenied):
        finalise_agreement(user=users[role], agreement=agreement, expected_version=1)
    assert Agreement.objects.get().status == AgreementStatus.DRAFT
