"""The heads' pages: the dashboard, the plan tree, an indicator, the trends and their data.

Every page requires login and a role in the office it shows (`renstra.permissions.can_read`);
every figure comes from `renstra.dashboard.selectors`, verified realisations only.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cascading.choices import QUARTERS
from cascading.models import Indicator
from cascading.selectors import plan_tree
from city.reminders import deadlines, reminders_for, schedule_of
from city.selectors import office_reviews, pemda_links
from renstra.entry.selectors import returned_by_quarter
from renstra.models import Organisation, RenstraPeriod
from renstra.params import ascii_year
from renstra.permissions import (
    REFUSED_READ,
    access_of,
    can_read,
    entry_scope,
    readable_organisations,
    verify_scope,
)
from renstra.scope import (
    default_quarter,
    organisation_for,
    requested_quarter,
    unit_id_from,
)

from . import selectors
from .constants import ATTENTION_SHOWN, SERAPAN_AHEAD_POINTS, SERAPAN_BEHIND_POINTS


@dataclass
class PageScope:
    """The office, period, year and quarter a page shows, and the choices to switch them."""

    organisation: Organisation
    periods: list[RenstraPeriod]
    period: RenstraPeriod | None
    year: int
    quarter: int
    offices: list[Organisation] = field(default_factory=list)
    may_enter: bool = False
    may_verify: bool = False
    params: dict[str, str] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted({year for period in self.periods for year in period.years})

    @property
    def quarters(self) -> tuple[int, ...]:
        return QUARTERS

    @property
    def query(self) -> str:
        """The query string that keeps this office, year and quarter on a link."""
        return urlencode(
            {"opd": self.organisation.code, "tahun": self.year, "tw": self.quarter, **self.params}
        )


def _period_of(periods: list[RenstraPeriod], year: int) -> RenstraPeriod | None:
    for period in sorted(periods, key=lambda item: item.start_year, reverse=True):
        if year in period.years:
            return period
    return None


def no_plan(request, scope: PageScope):
    """The office has no Renstra period for the year: say so, and keep the choices."""
    return render(request, "dashboard/no_plan.html", {"scope": scope}, status=404)


def page_scope(request) -> PageScope:
    organisation = organisation_for(request.user, request.GET.get("opd"))
    if not can_read(request.user, organisation.pk):
        raise PermissionDenied(REFUSED_READ)
    year, quarter = requested_quarter(request, organisation)
    periods = list(organisation.periods.all())
    city_wide = access_of(request.user).city_wide
    return PageScope(
        organisation=organisation,
        periods=periods,
        period=_period_of(periods, year),
        year=year,
        quarter=quarter,
        offices=list(readable_organisations(request.user)) if city_wide else [],
        may_enter=not entry_scope(request.user, organisation.pk).empty,
        may_verify=not verify_scope(request.user, organisation.pk).empty,
    )


@login_required
@require_GET
def home(request):
    """Where the office stands in a year: IKU and IKK, programs, units' entry, red flags, SPM."""
    scope = page_scope(request)
    if scope.period is None:
        return no_plan(request, scope)
    board = selectors.dashboard(period=scope.period, year=scope.year, quarter=scope.quarter)
    returned = (
        returned_by_quarter(user=request.user, organisation=scope.organisation)
        if scope.may_enter
        else []
    )
    show_all = request.GET.get("semua") == "1"
    shown = None if show_all else ATTENTION_SHOWN
    return render(
        request,
        "dashboard/home.html",
        {
            "scope": scope,
            "board": board,
            "show_all": show_all,
            "budget_gaps": board.flags.budget_gaps[:shown],
            "implausible": board.flags.implausible[:shown],
            "attention_shown": ATTENTION_SHOWN,
            "returned": returned,
            "returned_total": sum(item.count for item in returned),
            "deadlines": deadlines(schedule_of(scope.year, scope.quarter), timezone.localdate()),
            "schedule_year": scope.year,
            "schedule_quarter": scope.quarter,
            "reminders": reminders_for(request.user),
            "reviews": office_reviews(organisation=scope.organisation, year=scope.year),
            "ahead_points": SERAPAN_AHEAD_POINTS,
            "behind_points": SERAPAN_BEHIND_POINTS,
        },
    )


@login_required
@require_GET
def tree(request):
    """The whole cascade for a year with every figure; optionally only one unit's branches."""
    scope = page_scope(request)
    if scope.period is None:
        return no_plan(request, scope)
    units = list(scope.organisation.units.filter(parent__isnull=True))
    unit_id = unit_id_from(request.GET)
    unit = next((item for item in units if item.pk == unit_id), None)
    plan = plan_tree(period=scope.period, year=scope.year, quarter=scope.quarter)
    links = pemda_links(scope.period)
    for node in plan.walk():
        node.node.pemda_goal = links.get(node.node.pk)
    if unit is not None:
        scope.params["unit"] = str(unit.pk)
    return render(
        request,
        "dashboard/tree.html",
        {
            "scope": scope,
            "tree": plan,
            "units": units,
            "unit": unit,
            "shown": None if unit is None else selectors.nodes_with_unit(plan, unit.pk),
        },
    )


@login_required
@require_GET
def indicator(request, pk: int):
    """One indicator: its quarters in a year (values, statuses, who, notes), history and notes."""
    item = get_object_or_404(
        Indicator.objects.select_related("node__period", "node__unit", "node__organisation"),
        pk=pk,
    )
    node = item.node
    if not can_read(request.user, node.organisation_id):
        raise PermissionDenied(REFUSED_READ)
    asked = ascii_year(request.GET.get("tahun"))
    if asked in node.period.years:
        year = asked
    else:
        default_year, _quarter = default_quarter(node.organisation)
        year = min(max(default_year, node.period.start_year), node.period.end_year)
    detail = selectors.indicator_detail(indicator=item, year=year)
    return render(request, "dashboard/indicator.html", {"detail": detail, "node": node})


def _trends(request):
    scope = page_scope(request)
    if scope.period is None:
        return scope, None, None
    data = selectors.trends(
        organisation=scope.organisation, period=scope.period, periods=scope.periods
    )
    asked = request.GET.get("indikator", "")
    chosen = next((series for series in data.indicators if series.key == asked), None)
    if chosen is None:
        chosen = next(
            (series for series in data.indicators if series.indicator.is_iku),
            data.indicators[0] if data.indicators else None,
        )
    if chosen is not None:
        scope.params["indikator"] = chosen.key
    return scope, data, chosen


@login_required
@require_GET
def trends(request):
    """Indicators over the years, capaian and serapan per program, SPM per service over time."""
    scope, data, chosen = _trends(request)
    if data is None:
        return no_plan(request, scope)
    return render(
        request, "dashboard/trends.html", {"scope": scope, "trends": data, "chosen": chosen}
    )


@login_required
@require_GET
def trends_data(request):
    """The trends page's figures as JSON for its charts, from the same selector."""
    _scope, data, chosen = _trends(request)
    if data is None:
        raise Http404
    return JsonResponse(trends_json(data, chosen), json_dumps_params={"ensure_ascii": False})


def _number(value: Decimal | None) -> str | None:
    """A figure as a decimal string with two places, rounded as the pages round it."""
    if value is None:
        return None
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _band(band) -> dict | None:
    return None if band is None else {"label": band.label, "colour": band.colour}


def _point(point: selectors.TrendPoint) -> dict:
    figures = point.figures
    return {
        "year": figures.year,
        "period": str(point.period),
        "target": _number(figures.target),
        "target_text": figures.target_text,
        "realisation": _number(figures.realisation),
        "realisation_grade": figures.realisation_grade,
        "capaian": _number(figures.capaian),
        "predikat": _band(figures.predikat),
    }


def _series(series: selectors.IndicatorSeries) -> dict:
    indicator = series.indicator
    return {
        "key": series.key,
        "code": indicator.code,
        "name": indicator.name,
        "satuan": indicator.satuan,
        "iku": indicator.is_iku,
        "ikk": indicator.is_ikk,
        "points": [_point(point) for point in series.points],
    }


def trends_json(data: selectors.Trends, chosen: selectors.IndicatorSeries | None) -> dict:
    return {
        "organisation": {"code": data.organisation.code, "name": data.organisation.name},
        "period": str(data.period),
        "counts": "verified",
        "years": data.years,
        "chosen": None if chosen is None else _series(chosen),
        "indicators": [_series(series) for series in data.indicators],
        "programs": [
            {
                "code": program.node.code,
                "name": program.node.name,
                "years": [
                    {
                        "year": item.year,
                        "capaian": _number(item.figures.capaian),
                        "predikat": _band(item.figures.predikat),
                        "serapan": _number(item.figures.serapan),
                        "pagu": _number(item.figures.pagu),
                        "realisasi_anggaran": _number(item.figures.realisasi_anggaran),
                        "efficiency_ratio": _number(item.figures.efficiency_ratio),
                        "efficiency": None
                        if item.figures.efficiency is None
                        else item.figures.efficiency.label,
                    }
                    for item in program.figures
                ],
            }
            for program in data.programs
        ],
        "spm": [
            {
                "year": spm.year,
                "capaian_penerima": _number(spm.capaian_penerima),
                "capaian_mutu": _number(spm.capaian_mutu),
                "indeks": _number(spm.indeks),
                "kategori": _band(spm.kategori),
                "services": [
                    {
                        "number": service.service.number,
                        "name": service.service.name,
                        "capaian_penerima": _number(service.capaian_penerima),
                        "capaian_mutu": _number(service.capaian_mutu),
                        "indeks": _number(service.indeks),
                        "kategori": _band(service.kategori),
                    }
                    for service in spm.services
                ],
            }
            for spm in data.spm
        ],
    }
