"""An office with five SPM services in two units, its Renstra period, and a user per role."""

from dataclasses import dataclass

import pytest
from django.test import Client

from renstra.models import Organisation, Role, Unit
from spm.models import SpmService
from tests.dashboard.conftest import member
from tests.factories import OrganisationFactory, PeriodFactory, SpmServiceFactory, UnitFactory

YEAR = 2025


@dataclass
class SpmOffice:
    organisation: Organisation
    rehab: Unit
    linjamsos: Unit
    services: list[SpmService]
    users: dict

    def url(self, year: int = YEAR) -> str:
        return f"/spm/{year}/?opd={self.organisation.code}"


def build_office(prefix: str = "") -> SpmOffice:
    organisation = OrganisationFactory()
    PeriodFactory(organisation=organisation)
    rehab = UnitFactory(organisation=organisation, name="Bidang Rehabilitasi Sosial")
    linjamsos = UnitFactory(organisation=organisation, name="Bidang Perlindungan Jaminan Sosial")
    services = [
        SpmServiceFactory(
            organisation=organisation,
            number=number,
            name=f"Layanan dasar nomor {number}",
            unit=rehab if number < 5 else linjamsos,
        )
        for number in range(1, 6)
    ]
    users = {
        "admin": member(f"{prefix}admin", Role.ADMIN, organisation),
        "planner": member(f"{prefix}perencana", Role.PLANNER, organisation),
        "operator": member(f"{prefix}operator-rehab", Role.OPERATOR, organisation, rehab),
        "other_operator": member(
            f"{prefix}operator-lain",
            Role.OPERATOR,
            organisation,
            UnitFactory(organisation=organisation, name="Bidang Pemberdayaan"),
        ),
        "head": member(f"{prefix}kadis", Role.HEAD, organisation),
        "reviewer": member(f"{prefix}peninjau", Role.REVIEWER, organisation),
    }
    return SpmOffice(organisation, rehab, linjamsos, services, users)


@pytest.fixture
def office(db) -> SpmOffice:
    return build_office()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def row_data(service, *, needing="", served="", required="", provided="", note="", version=0):
    """The posted fields of one row, as the page sends them for a row shown empty."""
    pk = service.pk
    data = {f"version-{pk}": str(version)}
    for name, value in (
        ("people_needing", needing),
        ("people_served", served),
        ("quality_required", required),
        ("quality_provided", provided),
        ("note", note),
    ):
        data[f"{name}-{pk}"] = value
        data[f"shown-{name}-{pk}"] = ""
    return data
