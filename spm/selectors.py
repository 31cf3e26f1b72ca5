"""Reads of the SPM figures: per jenis pelayanan dasar and year, and the office's mean."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from cascading.calculations import mean, predikat
from renstra.models import Organisation, PeriodLock, Role, Unit
from renstra.numbers import format_measure
from renstra.permissions import access_of, entry_scope
from renstra.selectors import LockBook

from .calculations import PenerimaSource, capaian_mutu, capaian_penerima, indeks_capaian
from .models import SpmAnnual, SpmKategoriBand, SpmService, SpmWeights


@dataclass(frozen=True)
class SpmServiceFigures:
    """One jenis pelayanan dasar in one year; `annual` is None when nothing was recorded."""

    service: SpmService
    year: int
    annual: SpmAnnual | None
    capaian_penerima: Decimal | None
    penerima_source: PenerimaSource | None
    capaian_mutu: Decimal | None
    indeks: Decimal | None
    kategori: SpmKategoriBand | None


@dataclass(frozen=True)
class SpmYear:
    """The office's SPM figures for one year: each service, and the means over the services."""

    organisation: Organisation
    year: int
    weights: SpmWeights
    services: list[SpmServiceFigures]
    capaian_penerima: Decimal | None
    capaian_mutu: Decimal | None
    indeks: Decimal | None
    kategori: SpmKategoriBand | None


def spm_years(*, organisation: Organisation, years: Iterable[int]) -> list[SpmYear]:
    """SPM figures of the office for each of `years` (Tabel 2.3 and the SPM report). Four queries.

    The index weights come from the SpmWeights row (the model's defaults, 80/20, if it is absent);
    kategori from the SpmKategoriBand scale, for each service's index and for the office's mean.
    """
    weights = SpmWeights.objects.filter(pk=1).first() or SpmWeights()
    bands = list(SpmKategoriBand.objects.all())
    services = list(SpmService.objects.filter(organisation=organisation))
    years = sorted(years)
    annuals = {
        (annual.service_id, annual.year): annual
        for annual in SpmAnnual.objects.filter(
            service__organisation=organisation, year__in=years
        ).order_by()
    }
    result = []
    for year in years:
        figures = [
            _service_figures(service, year, annuals.get((service.pk, year)), weights, bands)
            for service in services
        ]
        office_indeks = mean(figure.indeks for figure in figures)
        result.append(
            SpmYear(
                organisation=organisation,
                year=year,
                weights=weights,
                services=figures,
                capaian_penerima=mean(figure.capaian_penerima for figure in figures),
                capaian_mutu=mean(figure.capaian_mutu for figure in figures),
                indeks=office_indeks,
                kategori=predikat(office_indeks, bands),
            )
        )
    return result


def spm_year(*, organisation: Organisation, year: int) -> SpmYear:
    """SPM figures of the office for one year."""
    return spm_years(organisation=organisation, years=[year])[0]


def _service_figures(
    service: SpmService,
    year: int,
    annual: SpmAnnual | None,
    weights: SpmWeights,
    bands: list[SpmKategoriBand],
) -> SpmServiceFigures:
    if annual is None:
        penerima, source, mutu = None, None, None
    else:
        penerima, source = capaian_penerima(
            served=annual.people_served,
            needing=annual.people_needing,
            recorded=annual.recorded_capaian,
        )
        mutu = capaian_mutu(provided=annual.quality_provided, required=annual.quality_required)
    indeks = indeks_capaian(
        penerima=penerima,
        mutu=mutu,
        recipient_weight=weights.recipient_weight,
        quality_weight=weights.quality_weight,
    )
    return SpmServiceFigures(
        service=service,
        year=year,
        annual=annual,
        capaian_penerima=penerima,
        penerima_source=source,
        capaian_mutu=mutu,
        indeks=indeks,
        kategori=predikat(indeks, bands),
    )


@dataclass(frozen=True)
class SpmFilling:
    """A year whose SPM figures are being entered: some services have them, not all."""

    year: int
    services_with_figures: int
    services: int


HAS_FIGURES = Q(people_needing__isnull=False, people_served__isnull=False) | Q(
    recorded_capaian__isnull=False
)


def latest_complete_year(
    *, organisation: Organisation, year: int
) -> tuple[int | None, SpmFilling | None]:
    """The latest year up to `year` in which every service of the office has a capaian penerima
    (SPM is reported per year, once all services are counted), and the newest year after it that
    is still being filled, if any. Two queries."""
    services = SpmService.objects.filter(organisation=organisation).count()
    counts = (
        SpmAnnual.objects.filter(HAS_FIGURES, service__organisation=organisation, year__lte=year)
        .values("year")
        .annotate(services=Count("service", distinct=True))
        .order_by("-year")
    )
    filling = None
    for row in counts:
        if services and row["services"] >= services:
            return row["year"], filling
        if filling is None:
            filling = SpmFilling(
                year=row["year"], services_with_figures=row["services"], services=services
            )
    return None, filling


# SPM figures are yearly, reported after the year ends: the year's figures are locked when its
# last quarter is (a lock on the whole year covers TW IV too), unless the lock grants the service's
# unit an exception. The same rule as renstra.services.ensure_unlocked for TW IV.
LOCK_QUARTER = 4


def year_lock(locks: LockBook, service: SpmService) -> PeriodLock | None:
    """The lock refusing writes to `service`'s figures of the book's year, or None."""
    if locks.is_locked(quarter=LOCK_QUARTER, unit_id=service.unit_id):
        return locks.lock_for(LOCK_QUARTER)
    return None


# What the SPM page edits, in the order of its columns; `spm.services` parses each of them.
PAGE_INPUTS = (
    "people_needing",
    "people_served",
    "quality_required",
    "quality_provided",
    "note",
)


@dataclass
class SpmInput:
    """One input of a row of the SPM page: what the row shows, and what the user typed."""

    name: str
    label: str
    shown: str
    typed: str | None = None
    error: str = ""

    @property
    def value(self) -> str:
        return self.shown if self.typed is None else self.typed


@dataclass
class SpmPageRow:
    """One jenis pelayanan dasar on the SPM page: its computed figures and its inputs."""

    figures: SpmServiceFigures
    editable: bool
    locked: bool
    inputs: list[SpmInput]
    unit: Unit | None = None
    updated_by: str = ""
    updated_at: datetime.datetime | None = None
    error: str = ""

    @property
    def service(self) -> SpmService:
        return self.figures.service

    @property
    def version(self) -> int | None:
        return self.figures.annual.version if self.figures.annual else None

    @property
    def has_errors(self) -> bool:
        return bool(self.error) or any(item.error for item in self.inputs)


@dataclass
class SpmPage:
    """The SPM page of an office and year: the year's figures, the locks, what the user may do."""

    spm: SpmYear
    rows: list[SpmPageRow]
    lock: PeriodLock | None  # the lock refusing writes to some of the year's figures

    @property
    def editable(self) -> bool:
        return any(row.editable for row in self.rows)

    @property
    def locked_rows(self) -> bool:
        return any(row.locked for row in self.rows)


def shown_input(annual: SpmAnnual | None, name: str) -> str:
    """A stored figure as the SPM page's input shows it (`1.250`, `87,5`); "" when none."""
    if annual is None:
        return ""
    value = getattr(annual, name)
    if name == "note":
        return value
    return format_measure(value, empty="")


def spm_page(*, user, organisation: Organisation, year: int) -> SpmPage:
    """Everything the SPM page shows, in a fixed number of queries (the figures from `spm_year`,
    the locks, the units, who changed each row)."""
    spm = spm_year(organisation=organisation, year=year)
    locks = LockBook.load(organisation_id=organisation.pk, year=year)
    scope = entry_scope(user, organisation.pk)
    ids = [figure.annual.pk for figure in spm.services if figure.annual]
    who = {
        pk: (username or "", when)
        for pk, username, when in SpmAnnual.objects.filter(pk__in=ids).values_list(
            "pk", "updated_by__username", "updated_at"
        )
    }
    units = {unit.pk: unit for unit in Unit.objects.filter(organisation=organisation)}
    rows, lock = [], None
    for figure in spm.services:
        row_lock = year_lock(locks, figure.service)
        locked = row_lock is not None
        lock = lock or row_lock
        username, when = who.get(figure.annual.pk if figure.annual else None, ("", None))
        rows.append(
            SpmPageRow(
                figures=figure,
                editable=scope.allows(figure.service.unit_id) and not locked,
                locked=locked,
                inputs=[
                    SpmInput(
                        name=name,
                        label=str(SpmAnnual._meta.get_field(name).verbose_name),
                        shown=shown_input(figure.annual, name),
                    )
                    for name in PAGE_INPUTS
                ],
                unit=units.get(figure.service.unit_id),
                updated_by=username,
                updated_at=when,
            )
        )
    return SpmPage(spm=spm, rows=rows, lock=lock)


def may_enter_spm(user) -> bool:
    """Whether the user may enter some SPM figures of their office (for the menu)."""
    access = access_of(user)
    if access.superuser or access.role in (Role.ADMIN, Role.PLANNER):
        return True
    if access.role == Role.OPERATOR:
        return SpmService.objects.filter(
            organisation_id=access.organisation_id, unit_id=access.unit_id
        ).exists()
    return False
