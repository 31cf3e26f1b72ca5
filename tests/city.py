"""Two offices of one city, both loaded from the seeded plan, with a user per role in each, and
city-wide users; each office has a 2024 TW I value verified, one submitted and a budget
realisation, all entered through the services.
"""

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from budgeting.models import BudgetRealisation
from budgeting.services import save_budget_realisation
from cascading import workflow
from cascading.choices import Level, ValueKind
from cascading.models import Indicator, PlanNode, Realisation
from cascading.services import save_realisation
from renstra.models import Membership, Organisation, Role
from renstra.seed.load import load_plan
from tests.conftest import _seed_data
from tests.factories import UserFactory

SECOND_OFFICE = "dinas-b"
PASSWORD = "rahasia-uji-123"


@dataclass
class Office:
    """One office, its users by role and the rows entered for it."""

    organisation: Organisation
    users: dict[str, object]
    indicator: Indicator
    submitted_indicator: Indicator
    sub_kegiatan: PlanNode
    verified: Realisation
    submitted: Realisation
    budget: BudgetRealisation

    @property
    def code(self) -> str:
        return self.organisation.code


@dataclass
class City:
    a: Office
    b: Office
    users: dict[str, object]


def member(username: str, role: str, organisation=None, unit=None):
    user = UserFactory(username=username)
    Membership.objects.create(user=user, role=role, organisation=organisation, unit=unit)
    return user


def _office(organisation: Organisation, prefix: str, values: tuple[str, str, str]) -> Office:
    """Users for `organisation`; a verified and a submitted value and a verified budget row."""
    sub_kegiatan = (
        PlanNode.objects.filter(
            organisation=organisation,
            period__status="active",
            level=Level.SUB_KEGIATAN,
            unit__isnull=False,
            indicators__value_kind=ValueKind.NUMBER,
        )
        .order_by("code_key")
        .distinct()
        .first()
    )
    unit = sub_kegiatan.unit
    users = {
        "admin": member(f"{prefix}-admin", Role.ADMIN, organisation),
        "planner": member(f"{prefix}-perencana", Role.PLANNER, organisation),
        "operator": member(f"{prefix}-operator", Role.OPERATOR, organisation, unit),
        "head": member(f"{prefix}-kadis", Role.HEAD, organisation),
        "reviewer": member(f"{prefix}-peninjau", Role.REVIEWER, organisation),
    }
    indicators = list(
        Indicator.objects.filter(
            node__period=sub_kegiatan.period, node__unit=unit, value_kind=ValueKind.NUMBER
        ).order_by("node__code_key", "order")[:2]
    )
    operator, head = users["operator"], users["head"]
    evidence = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    verified = save_realisation(
        user=operator,
        indicator=indicators[0],
        year=2024,
        quarter=1,
        value=values[0],
        evidence=evidence,
    )
    submitted = save_realisation(
        user=operator, indicator=indicators[1], year=2024, quarter=1, value=values[1]
    )
    budget = save_budget_realisation(
        user=operator, node=sub_kegiatan, year=2024, quarter=1, amount=values[2]
    )
    workflow.submit(user=operator, records=[verified, submitted, budget])
    workflow.verify(user=head, records=[verified, budget])
    return Office(
        organisation=organisation,
        users=users,
        indicator=indicators[0],
        submitted_indicator=indicators[1],
        sub_kegiatan=sub_kegiatan,
        verified=verified,
        submitted=submitted,
        budget=budget,
    )


def build_city() -> City:
    a = _office(load_plan(_seed_data()), "a", ("12", "7", "1.250.000,00"))
    b = _office(
        load_plan(_seed_data(), organisation_code=SECOND_OFFICE), "b", ("30", "9", "2.000.000,00")
    )
    users = {
        "city_admin": member("kota-admin", Role.ADMIN),
        "city_reviewer": member("kota-peninjau", Role.REVIEWER),
        "superuser": UserFactory(username="super", is_superuser=True, is_staff=True),
        "nobody": UserFactory(username="tanpa-peran"),
    }
    return City(a=a, b=b, users=users)
