"""Generated offices for the city pages: each one a small plan (Tujuan to Sub Kegiatan) with an
IKU, an IKK, pagu and values in each workflow status, so that every column of the city
dashboard has a hand-computable figure."""

from decimal import Decimal

import pytest
from django.test import Client

from cascading.choices import Status
from renstra.models import Membership, Role
from tests.factories import (
    BudgetRealisationFactory,
    IndicatorFactory,
    NodeFactory,
    OrganisationFactory,
    PaguFactory,
    PeriodFactory,
    RealisationFactory,
    TargetFactory,
    UnitFactory,
    UserFactory,
)

YEAR = 2024


def generated_office(number: int, *, iku_value: str = "80", spent: str = "250000.00"):
    """Office `number`: IKU target 100 with `iku_value` verified in TW 1 (capaian = iku_value);
    pagu Rp 1.000.000 with `spent` verified (serapan = spent / 10.000); one IKK with target and
    a submitted TW 1 value (in the backlog), one kegiatan indicator with target whose TW 1 value
    was returned. Quarter 1 entry progress: 3 of 3 indicators entered."""
    office = OrganisationFactory(code=f"opd-{number:02d}", name=f"Dinas {number:02d}")
    unit = UnitFactory(organisation=office, code="bidang", name="Bidang Uji")
    period = PeriodFactory(organisation=office)
    chain = {}
    parent = None
    for level, code in enumerate(
        ["T1", "T1.S1", "1.06.02", "1.06.02.2.03", "1.06.02.2.03.01"], start=1
    ):
        parent = chain[level] = NodeFactory(period=period, parent=parent, code=code, unit=unit)
    iku = IndicatorFactory(node=chain[2], is_iku=True, name="IKU uji")
    ikk = IndicatorFactory(node=chain[3], is_ikk=True, name="IKK uji")
    kegiatan = IndicatorFactory(node=chain[4], name="Indikator kegiatan")
    for indicator in (iku, ikk, kegiatan):
        TargetFactory(indicator=indicator, year=YEAR, value=Decimal("100"))
    RealisationFactory(
        indicator=iku, year=YEAR, quarter=1, value=Decimal(iku_value), status=Status.VERIFIED
    )
    RealisationFactory(indicator=ikk, year=YEAR, quarter=1, status=Status.SUBMITTED)
    RealisationFactory(indicator=kegiatan, year=YEAR, quarter=1, status=Status.RETURNED)
    PaguFactory(node=chain[5], year=YEAR, amount=Decimal("1000000.00"))
    BudgetRealisationFactory(
        node=chain[5], year=YEAR, quarter=1, amount=Decimal(spent), status=Status.VERIFIED
    )
    return office


def generated_city(count: int) -> list:
    return [generated_office(number) for number in range(1, count + 1)]


def member(username, role, organisation=None, unit=None):
    user = UserFactory(username=username)
    Membership.objects.create(user=user, role=role, organisation=organisation, unit=unit)
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def bappeda(db):
    return member("bappeda-kota", Role.BAPPEDA)
