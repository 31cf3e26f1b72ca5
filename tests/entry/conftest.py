"""An office with two units, an indicator and a sub kegiatan of unit A, and a user per role."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from cascading.choices import Level, ValueKind
from renstra.models import Membership, Role
from tests.factories import (
    FundingSourceFactory,
    IndicatorFactory,
    OrganisationFactory,
    PaguFactory,
    PeriodFactory,
    TargetFactory,
    UnitFactory,
    UserFactory,
    build_chain,
)


@dataclass
class Office:
    organisation: object
    unit_a: object
    unit_b: object
    sub: object
    indicator: object
    percent_indicator: object
    grade_indicator: object
    users: dict


def member(username, role, organisation=None, unit=None):
    user = UserFactory(username=username)
    Membership.objects.create(user=user, role=role, organisation=organisation, unit=unit)
    return user


@pytest.fixture
def office(db):
    organisation = OrganisationFactory()
    unit_a = UnitFactory(organisation=organisation, name="Bidang A")
    unit_b = UnitFactory(organisation=organisation, name="Bidang B")
    period = PeriodFactory(organisation=organisation)
    chain = build_chain(period)
    for node in chain.values():
        node.unit = unit_a
        node.save()
    sub = chain[Level.SUB_KEGIATAN]
    indicator = IndicatorFactory(node=sub, satuan="Orang")
    TargetFactory(indicator=indicator, year=2024, value=Decimal("40"))
    percent_indicator = IndicatorFactory(
        node=chain[Level.PROGRAM],
        value_kind=ValueKind.PERCENTAGE,
        satuan="%",
        aggregation="last",
    )
    TargetFactory(indicator=percent_indicator, year=2024, value=Decimal("80"))
    grade_indicator = IndicatorFactory(
        node=chain[Level.PROGRAM],
        order=2,
        value_kind=ValueKind.ORDINAL,
        satuan="Indeks",
        aggregation="last",
    )
    TargetFactory(indicator=grade_indicator, year=2024, value=None, grade="BB", text="BB Indeks")
    PaguFactory(node=sub, year=2024, source=FundingSourceFactory(), amount=Decimal("1000000"))
    other = OrganisationFactory()
    users = {
        "admin": member("admin-opd", Role.ADMIN, organisation),
        "planner": member("perencana", Role.PLANNER, organisation),
        "operator_a": member("operator-a", Role.OPERATOR, organisation, unit_a),
        "operator_b": member("operator-b", Role.OPERATOR, organisation, unit_b),
        "head": member("kadis", Role.HEAD, organisation),
        "head_b": member("kabid-b", Role.HEAD, organisation, unit_b),
        "reviewer": member("bappeda", Role.REVIEWER, organisation),
        "outsider": member("perencana-lain", Role.PLANNER, other),
        "nobody": UserFactory(username="tanpa-peran"),
    }
    return Office(
        organisation, unit_a, unit_b, sub, indicator, percent_indicator, grade_indicator, users
    )
