"""The seeded office with a user per role, and its Wali Kota recorded as a party."""

import pytest

from performance.choices import PartyKind
from performance.models import Party
from renstra.models import Membership, Role
from tests.factories import OrganisationFactory, UserFactory

MAYOR = "FAIRID NAPARIN, S.E., M.Si"


def member(username, role, organisation=None, unit=None):
    user = UserFactory(username=username)
    Membership.objects.create(user=user, role=role, organisation=organisation, unit=unit)
    return user


@pytest.fixture
def office(seeded_plan):
    Party.objects.create(
        organisation=seeded_plan, kind=PartyKind.MAYOR, title="Wali Kota Palangka Raya", name=MAYOR
    )
    return seeded_plan


@pytest.fixture
def users(office):
    unit = office.units.get(code="sekretariat")
    other = OrganisationFactory()
    return {
        "admin": member("admin-opd", Role.ADMIN, office),
        "planner": member("perencana", Role.PLANNER, office),
        "operator": member("operator", Role.OPERATOR, office, unit),
        "head": member("kadis", Role.HEAD, office),
        "reviewer": member("bappeda", Role.REVIEWER, office),
        "outsider": member("perencana-lain", Role.PLANNER, other),
    }
