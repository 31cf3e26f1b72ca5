"""The seeded plan with a known set of realisations, entered and verified through the services,
and a user per role."""

from dataclasses import dataclass

import pytest
from django.test import Client

from budgeting.services import save_budget_realisation
from cascading import workflow
from cascading.models import Indicator, PlanNode
from cascading.services import save_realisation
from renstra.models import Membership, Organisation, Role, Unit
from tests.factories import OrganisationFactory, UserFactory

YEAR = 2024


@dataclass
class Plan:
    organisation: Organisation
    iku: Indicator
    ikk: Indicator
    kegiatan_indicator: Indicator
    sub_indicator: Indicator
    sub: PlanNode
    unit: Unit
    users: dict


def member(username, role, organisation=None, unit=None):
    user = UserFactory(username=username)
    Membership.objects.create(user=user, role=role, organisation=organisation, unit=unit)
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def indicator(organisation, code) -> Indicator:
    return Indicator.objects.select_related("node__period").get(
        node__organisation=organisation, node__period__start_year=YEAR, node__code=code
    )


@pytest.fixture
def plan(seeded_plan) -> Plan:
    """2024: the IKU 3,1 verified in TW 1 and 3,5 only submitted in TW 2; the IKK of program
    1.06.02 87,4 in TW 1; its kegiatan 1.06.02.2.03 20 in TW 1; sub kegiatan 1.06.02.2.03.01 10 and
    12 people in TW 1 and 2; that sub kegiatan spent Rp 5.000.000 in TW 1 (verified) and
    Rp 3.000.000 in TW 2 (draft)."""
    organisation = seeded_plan
    unit = Unit.objects.get(organisation=organisation, code="bidang-pemberdayaan-sosial")
    users = {
        "planner": member("perencana", Role.PLANNER, organisation),
        "head": member("kadis", Role.HEAD, organisation),
        "operator": member("operator", Role.OPERATOR, organisation, unit),
        "reviewer": member("bappeda", Role.REVIEWER),
        "outsider": member("perencana-lain", Role.PLANNER, OrganisationFactory()),
        "nobody": UserFactory(username="tanpa-peran"),
    }
    found = {
        "iku": indicator(organisation, "T1.S1"),
        "ikk": indicator(organisation, "1.06.02"),
        "kegiatan_indicator": indicator(organisation, "1.06.02.2.03"),
        "sub_indicator": indicator(organisation, "1.06.02.2.03.01"),
    }
    planner, head = users["planner"], users["head"]
    verified, submitted = [], []
    for name, quarter, value in [
        ("iku", 1, "3,1"),
        ("ikk", 1, "87,4"),
        ("kegiatan_indicator", 1, "20"),
        ("sub_indicator", 1, "10"),
        ("sub_indicator", 2, "12"),
    ]:
        verified.append(
            save_realisation(
                user=planner, indicator=found[name], year=YEAR, quarter=quarter, value=value
            )
        )
    submitted.append(
        save_realisation(user=planner, indicator=found["iku"], year=YEAR, quarter=2, value="3,5")
    )
    sub = found["sub_indicator"].node
    verified.append(
        save_budget_realisation(user=planner, node=sub, year=YEAR, quarter=1, amount="5.000.000")
    )
    save_budget_realisation(user=planner, node=sub, year=YEAR, quarter=2, amount="3.000.000")
    workflow.submit(user=planner, records=verified + submitted)
    workflow.verify(user=head, records=verified)
    return Plan(organisation=organisation, sub=sub, unit=unit, users=users, **found)
