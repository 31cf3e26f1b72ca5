"""Reads of the SPM figures: per jenis pelayanan dasar and year, and the office's mean."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from cascading.calculations import mean, predikat
from renstra.models import Organisation

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
