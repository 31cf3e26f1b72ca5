"""Rows for every model the admin shows, built with the project factories.

`add_offices(n)` adds n complete offices: a unit, a period, a plan chain Tujuan to Sub Kegiatan
with an indicator, a target and a realisation on every node, money on the sub kegiatan, an SPM
service with a year, a data note, and the office records of `add_office_records`, and one row
for each scale; so a changelist holds n rows (5n for per-node tables).
"""

from decimal import Decimal

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token

from budgeting.models import StatedPagu
from cascading.choices import NoteKind
from cascading.models import DataNote, Indicator, PredikatBand
from performance.choices import PartyKind
from performance.models import Agreement, IndicatorDefinition, Party
from renstra.models import LockException, Membership, PeriodLock, Role
from renstra.reports.choices import ReportKind
from renstra.reports.models import ReportNarrative
from spm.models import SpmKategoriBand
from tests.factories import (
    BudgetRealisationFactory,
    FundingSourceFactory,
    IndicatorFactory,
    NodeFactory,
    OrganisationFactory,
    PaguFactory,
    PeriodFactory,
    RealisationFactory,
    SpmAnnualFactory,
    SpmServiceFactory,
    TargetFactory,
    UnitFactory,
    UserFactory,
)

CODES = ("T1", "T1.S1", "1.06.02", "1.06.02.2.03", "1.06.02.2.03.01")


def add_office_records(organisation, unit):
    """What an office gathers besides its plan: a user with a role, a group and an API token,
    a lock with an exception, a report narrative, and the login-audit rows. Returns the user."""
    user = UserFactory()
    Group.objects.create(name=f"Kelompok {user.username}")
    Token.objects.create(user=user)
    Membership.objects.create(user=user, role=Role.OPERATOR, organisation=organisation, unit=unit)
    lock = PeriodLock.objects.create(organisation=organisation, year=2024, locked_by=user)
    LockException.objects.create(lock=lock, unit=unit, opened_by=user)
    ReportNarrative.objects.create(
        organisation=organisation,
        year=2024,
        report=ReportKind.EVALUASI_RENJA,
        faktor_pendorong="Dukungan anggaran tepat waktu.",
    )
    Party.objects.create(
        organisation=organisation, kind=PartyKind.MAYOR, title="Wali Kota", name="Wali Kota Uji"
    )
    add_performance_records(organisation, user)
    add_budget_records(organisation)
    login = {
        "user_agent": "pytest",
        "ip_address": "127.0.0.1",
        "username": user.username,
        "http_accept": "*/*",
        "path_info": "/masuk/",
    }
    AccessAttempt.objects.create(**login, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**login)
    AccessFailureLog.objects.create(**login)
    add_city_records(organisation)
    return user


def add_performance_records(organisation, user) -> None:
    """A Perjanjian Kinerja and an indicator definition sheet, once the office has a plan."""
    period = organisation.periods.order_by("-start_year").first()
    indicator = Indicator.objects.filter(node__organisation=organisation).order_by("pk").first()
    if period is None or indicator is None:
        return
    Agreement.objects.create(
        organisation=organisation, period=period, year=period.start_year, created_by=user
    )
    IndicatorDefinition.objects.create(indicator=indicator, data_source="Laporan bidang")


def add_budget_records(organisation) -> None:
    """What the budget imports store, once the office has a sub kegiatan: a DPA with a line,
    a realisation per account and a saved column profile."""
    import datetime

    from budgeting.models import BudgetLine, BudgetVersion, ColumnProfile, RealisationAccount
    from cascading.choices import Level
    from cascading.models import PlanNode

    node = PlanNode.objects.filter(organisation=organisation, level=Level.SUB_KEGIATAN).first()
    if node is None or BudgetVersion.objects.filter(organisation=organisation).exists():
        return
    year = node.period.start_year
    version = BudgetVersion.objects.create(
        organisation=organisation,
        year=year,
        kind="dpa",
        effective_date=datetime.date(year, 1, 2),
        source="dpa.xlsx",
    )
    BudgetLine.objects.create(
        version=version, node=node, account="5.1.02.01.01.0024", amount=Decimal("900000.00")
    )
    RealisationAccount.objects.create(
        node=node,
        year=year,
        account="5.1.02.01.01.0024",
        as_of=datetime.date(year, 3, 31),
        amount=Decimal("100000.00"),
        source="realisasi.xlsx",
    )
    ColumnProfile.objects.create(
        organisation=organisation, name="SIPD kami", columns={"kode": "Kode Sub Kegiatan"}
    )


def add_city_records(organisation) -> None:
    """The city's RPJMD with a Tujuan and Sasaran Pemda, an IKU Pemda with a target, and the
    office's first Tujuan (when it has one) linked to the Sasaran."""
    from city.models import PemdaGoal, PemdaIndicator, PemdaTarget, Rpjmd

    rpjmd = Rpjmd.objects.create(
        government=f"{organisation.government} {organisation.pk}",
        start_year=2024,
        end_year=2026,
        name="RPJMD Uji",
    )
    tujuan = PemdaGoal.objects.create(
        rpjmd=rpjmd, kind="tujuan", code=f"T{organisation.pk}", name="Tujuan pemda uji"
    )
    sasaran = PemdaGoal.objects.create(
        rpjmd=rpjmd,
        kind="sasaran",
        parent=tujuan,
        code=f"T{organisation.pk}.S1",
        name="Sasaran pemda uji",
    )
    indicator = PemdaIndicator.objects.create(goal=sasaran, name="IKU pemda uji")
    PemdaTarget.objects.create(indicator=indicator, year=2024, value=Decimal("10"))
    link_city_goal(organisation)


def link_city_goal(organisation) -> None:
    """Link the office's first Tujuan, once it has one, to its Sasaran Pemda."""
    from cascading.choices import Level
    from cascading.models import PlanNode
    from city.models import GoalLink, PemdaGoal

    node = PlanNode.objects.filter(organisation=organisation, level=Level.TUJUAN).first()
    if node is not None and not GoalLink.objects.filter(node=node).exists():
        goal = PemdaGoal.objects.get(code=f"T{organisation.pk}.S1")
        GoalLink.objects.create(node=node, goal=goal)


def add_office() -> None:
    organisation = OrganisationFactory()
    unit = UnitFactory(organisation=organisation)
    user = add_office_records(organisation, unit)
    period = PeriodFactory(organisation=organisation)

    parent = None
    for code in CODES:
        node = NodeFactory(period=period, parent=parent, code=code, unit=unit)
        indicator = IndicatorFactory(node=node)
        TargetFactory(indicator=indicator)
        RealisationFactory(indicator=indicator, created_by=user, updated_by=user)
        parent = node
    sub_kegiatan = parent
    add_performance_records(organisation, user)
    add_budget_records(organisation)
    link_city_goal(organisation)

    source = FundingSourceFactory(code=f"sumber-{organisation.pk}", name=f"Sumber {organisation}")
    PaguFactory(node=sub_kegiatan, source=source)
    StatedPagu.objects.create(node=sub_kegiatan, year=None, amount=Decimal("3000000.00"))
    BudgetRealisationFactory(node=sub_kegiatan, created_by=user, updated_by=user)
    DataNote.objects.create(
        organisation=organisation,
        period=period,
        kind=NoteKind.DOCUMENT_DIFFERENCE,
        source="Tabel 6.1",
        subject=sub_kegiatan.code,
        text="Target berbeda dengan Tabel 4.2.",
    )
    SpmAnnualFactory(service=SpmServiceFactory(organisation=organisation, unit=unit))

    # Scales: a distinct lower bound per office, below the default bands.
    lower = Decimal(organisation.pk) / 100
    PredikatBand.objects.create(lower=lower, label=f"Predikat {organisation.pk}")
    SpmKategoriBand.objects.create(lower=lower, label=f"Kategori {organisation.pk}")


def add_offices(count: int) -> None:
    for _ in range(count):
        add_office()
