"""Reads for the heads' pages: the dashboard, the plan tree, an indicator, and the trends.

Every figure comes from the selectors of `cascading`, `budgeting` and `spm` (and through them from
the one formula function for it); this module only picks, groups and orders them. Each function
runs a fixed number of queries whatever the size of the plan.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q

from budgeting.models import BudgetRealisation
from cascading.choices import QUARTERS, Level, Status
from cascading.models import DataNote, Indicator, IndicatorTarget, Realisation
from cascading.selectors import (
    IndicatorFigures,
    IndicatorHistory,
    NodeFigures,
    PlanTree,
    indicator_history,
    plan_tree,
)
from performance.action_plan import (
    ActionPlanFigure,
    action_plan_by_quarter,
    action_plan_figure,
    quarter_targets,
)
from renstra.models import Organisation, RenstraPeriod
from spm.selectors import SpmFilling, SpmYear, latest_complete_year, spm_year, spm_years

from .constants import LOWEST_CAPAIAN_SHOWN, SERAPAN_AHEAD_POINTS, SERAPAN_BEHIND_POINTS

REACHED_SUBMISSION = (Status.SUBMITTED, Status.VERIFIED)


@dataclass(frozen=True)
class QuarterProgress:
    """How many of a unit's indicators have a value for a quarter, by the furthest stage reached:
    entered (any status), submitted (awaiting or past verification), verified."""

    quarter: int
    indicators: int
    entered: int
    submitted: int
    verified: int

    @property
    def missing(self) -> int:
        return self.indicators - self.entered


@dataclass(frozen=True)
class UnitProgress:
    """A unit (Bidang) and the entry progress of its indicators in each quarter of a year."""

    unit_id: int | None
    name: str
    indicators: int
    quarters: tuple[QuarterProgress, ...]


@dataclass(frozen=True)
class MissingQuarter:
    unit: UnitProgress
    quarter: int
    missing: int


@dataclass(frozen=True)
class BudgetGap:
    """A program or kegiatan whose serapan is far from its capaian (`points` apart)."""

    node: NodeFigures
    serapan_ahead: bool
    points: Decimal


@dataclass(frozen=True)
class FlaggedEntry:
    """A value its author confirmed although it looked implausible (see cascading.plausibility):
    an indicator realisation or a sub kegiatan's budget realisation."""

    record: object
    code: str
    name: str
    value: str
    warning: str
    order: tuple = ()


@dataclass(frozen=True)
class RedFlags:
    lowest_capaian: list[IndicatorFigures]
    missing_quarters: list[MissingQuarter]
    budget_gaps: list[BudgetGap]
    implausible: list[FlaggedEntry] = field(default_factory=list)


@dataclass(frozen=True)
class Dashboard:
    """Where an office's plan stands in a year, figures up to a quarter (verified values)."""

    tree: PlanTree
    iku: list[IndicatorFigures]
    ikk: list[IndicatorFigures]
    programs: list[NodeFigures]
    units: list[UnitProgress]
    flags: RedFlags
    spm: SpmYear
    spm_filling: SpmFilling | None
    # The quarter's rencana aksi of each IKU and IKK that has one: {indicator id: figure}.
    action_plan: dict[int, ActionPlanFigure] = field(default_factory=dict)


def unit_progress(*, period: RenstraPeriod, year: int) -> list[UnitProgress]:
    """Entry progress per unit and quarter of the period's indicators that have a target in
    `year` (a target of "-" asks for no realisation): one aggregate query."""
    has_target = IndicatorTarget.objects.filter(indicator=OuterRef("pk"), year=year).filter(
        Q(value__isnull=False) | ~Q(grade="")
    )
    counts = {}
    for quarter in QUARTERS:
        in_quarter = Q(realisations__year=year, realisations__quarter=quarter)
        counts[f"entered_{quarter}"] = Count("realisations", filter=in_quarter)
        counts[f"submitted_{quarter}"] = Count(
            "realisations", filter=in_quarter & Q(realisations__status__in=REACHED_SUBMISSION)
        )
        counts[f"verified_{quarter}"] = Count(
            "realisations", filter=in_quarter & Q(realisations__status=Status.VERIFIED)
        )
    rows = (
        Indicator.objects.filter(Exists(has_target), node__period=period)
        .order_by()
        .values("node__unit", "node__unit__name", "node__unit__order")
        .annotate(indicators=Count("id", distinct=True), **counts)
        .order_by(F("node__unit__order").asc(nulls_last=True), "node__unit__name")
    )
    return [
        UnitProgress(
            unit_id=row["node__unit"],
            name=row["node__unit__name"] or "",
            indicators=row["indicators"],
            quarters=tuple(
                QuarterProgress(
                    quarter=quarter,
                    indicators=row["indicators"],
                    entered=row[f"entered_{quarter}"],
                    submitted=row[f"submitted_{quarter}"],
                    verified=row[f"verified_{quarter}"],
                )
                for quarter in QUARTERS
            ),
        )
        for row in rows
    ]


def red_flags(tree: PlanTree, units: list[UnitProgress]) -> RedFlags:
    """The lowest capaian, the quarters up to the tree's quarter that units have not entered in
    full, and the programs and kegiatan whose serapan runs far ahead of or behind their capaian."""
    measured = [
        figures
        for node in tree.walk()
        for figures in node.indicators
        if figures.capaian is not None
    ]
    measured.sort(key=lambda figures: figures.capaian)
    missing = [
        MissingQuarter(unit=unit, quarter=progress.quarter, missing=progress.missing)
        for unit in units
        for progress in unit.quarters
        if progress.quarter <= tree.quarter and progress.missing > 0
    ]
    gaps = []
    for node in tree.walk():
        if node.node.level not in (Level.PROGRAM, Level.KEGIATAN):
            continue
        if node.capaian is None or node.serapan is None:
            continue
        if node.serapan - node.capaian > SERAPAN_AHEAD_POINTS:
            gaps.append(BudgetGap(node, serapan_ahead=True, points=node.serapan - node.capaian))
        elif node.capaian - node.serapan > SERAPAN_BEHIND_POINTS:
            gaps.append(BudgetGap(node, serapan_ahead=False, points=node.capaian - node.serapan))
    gaps.sort(key=lambda gap: gap.points, reverse=True)
    return RedFlags(
        lowest_capaian=measured[:LOWEST_CAPAIAN_SHOWN], missing_quarters=missing, budget_gaps=gaps
    )


def flagged_entries(*, period: RenstraPeriod, year: int, quarter: int) -> list[FlaggedEntry]:
    """Values of the year up to `quarter` (any status) saved with a plausibility warning, in
    code order: two queries."""
    flagged = ~Q(plausibility_warning="")
    realisations = (
        Realisation.objects.filter(
            flagged, indicator__node__period=period, year=year, quarter__lte=quarter
        )
        .select_related("indicator__node")
        .order_by("indicator__node__code_key", "indicator__order", "quarter")
    )
    spending = (
        BudgetRealisation.objects.filter(
            flagged, node__period=period, year=year, quarter__lte=quarter
        )
        .select_related("node")
        .order_by("node__code_key", "quarter")
    )
    entries = [
        FlaggedEntry(
            record,
            record.indicator.code,
            record.indicator.name,
            record.display_value(),
            record.plausibility_warning,
            (record.indicator.node.code_key, 0, record.indicator.order, record.quarter),
        )
        for record in realisations
    ]
    entries += [
        FlaggedEntry(
            record,
            record.node.code,
            record.node.name,
            record.display_value(),
            record.plausibility_warning,
            (record.node.code_key, 1, 0, record.quarter),
        )
        for record in spending
    ]
    entries.sort(key=lambda entry: entry.order)
    return entries


def latest_spm_year(*, organisation: Organisation, year: int) -> tuple[SpmYear, SpmFilling | None]:
    """SPM figures of the latest year up to `year` whose services all have figures (SPM is
    reported per year, after the year ends), else of `year` with what is recorded; and a newer
    year still being filled, shown as such rather than in place of the complete one. Six
    queries."""
    complete, filling = latest_complete_year(organisation=organisation, year=year)
    return spm_year(organisation=organisation, year=complete or year), filling


def dashboard(*, period: RenstraPeriod, year: int, quarter: int) -> Dashboard:
    """Everything the home page shows, from `plan_tree` (verified values, year to date)."""
    tree = plan_tree(period=period, year=year, quarter=quarter)
    iku, ikk, programs = [], [], []
    for node in tree.walk():
        if node.node.level == Level.PROGRAM:
            programs.append(node)
        for figures in node.indicators:
            if figures.indicator.is_iku:
                iku.append(figures)
            elif figures.indicator.is_ikk:
                ikk.append(figures)
    units = unit_progress(period=period, year=year)
    flags = red_flags(tree, units)
    flags.implausible.extend(flagged_entries(period=period, year=year, quarter=quarter))
    spm, spm_filling = latest_spm_year(organisation=period.organisation, year=year)
    key = iku + ikk
    targets = quarter_targets(period=period, year=year, key_only=True)
    action_plan = {}
    for figures in key:
        figure = action_plan_figure(figures, targets.get(figures.indicator.pk, {}), quarter)
        if figure is not None:
            action_plan[figures.indicator.pk] = figure
    return Dashboard(
        tree=tree,
        iku=iku,
        ikk=ikk,
        action_plan=action_plan,
        programs=programs,
        units=units,
        flags=flags,
        spm=spm,
        spm_filling=spm_filling,
    )


def nodes_with_unit(tree: PlanTree, unit_id: int) -> set[int]:
    """Ids of the nodes whose subtree holds a node of the unit: the unit's nodes and, for
    context, their ancestors."""
    shown: set[int] = set()

    def visit(node: NodeFigures) -> bool:
        below = [visit(child) for child in node.children]
        if node.node.unit_id == unit_id or any(below):
            shown.add(node.node.pk)
            return True
        return False

    for root in tree.roots:
        visit(root)
    return shown


@dataclass(frozen=True)
class IndicatorDetail:
    """One indicator: its quarters of a year (every status), its yearly history and notes."""

    indicator: Indicator
    year: int
    quarters: list[tuple[int, Realisation | None]]
    history: IndicatorHistory
    notes: list[DataNote]
    action_plan: dict[int, ActionPlanFigure | None] = field(default_factory=dict)

    @property
    def quarter_rows(self) -> list[tuple[int, Realisation | None, ActionPlanFigure | None]]:
        """Each quarter's realisation with its rencana aksi target and capaian against it."""
        return [
            (quarter, record, self.action_plan.get(quarter)) for quarter, record in self.quarters
        ]


def indicator_detail(*, indicator: Indicator, year: int) -> IndicatorDetail:
    """`indicator` must come with its node, period and unit selected. The data notes are those
    whose subject names the indicator's node (its code, or its name) or, for the IKU, "IKU".
    Eight queries."""
    node = indicator.node
    records = {
        record.quarter: record
        for record in Realisation.objects.filter(indicator=indicator, year=year).select_related(
            "created_by", "updated_by", "verified_by"
        )
    }
    history = next(
        item for item in indicator_history(period=node.period) if item.indicator.pk == indicator.pk
    )
    about = Q(subject=node.code) | Q(subject__startswith=f"{node.code} ")
    about |= Q(subject__iexact=node.name)
    if indicator.is_iku:
        about |= Q(subject="IKU")
    notes = DataNote.objects.filter(
        about,
        Q(period=node.period) | Q(period__isnull=True),
        organisation_id=node.organisation_id,
    )
    return IndicatorDetail(
        indicator=indicator,
        year=year,
        quarters=[(quarter, records.get(quarter)) for quarter in QUARTERS],
        history=history,
        notes=list(notes),
        action_plan=action_plan_by_quarter(indicator=indicator, year=year, realisations=records),
    )


@dataclass(frozen=True)
class TrendPoint:
    period: RenstraPeriod
    figures: IndicatorFigures


@dataclass(frozen=True)
class IndicatorSeries:
    """An indicator over the years it has a target or a realisation (full years, verified).

    Indicators of different periods with the same name and satuan are one series: that is how a
    Renstra carries an indicator into the next period (Tabel 2.4/2.5 of the new plan).
    """

    indicator: Indicator
    points: list[TrendPoint]

    @property
    def key(self) -> str:
        return str(self.indicator.pk)

    @property
    def periods(self) -> list[RenstraPeriod]:
        return list({point.period.pk: point.period for point in self.points}.values())


@dataclass(frozen=True)
class ProgramYear:
    year: int
    figures: NodeFigures


@dataclass(frozen=True)
class ProgramSeries:
    """A program's capaian (its own indicators) and serapan in each year of its period."""

    figures: list[ProgramYear]

    @property
    def node(self):
        return self.figures[0].figures.node


@dataclass(frozen=True)
class Trends:
    organisation: Organisation
    period: RenstraPeriod
    years: list[int]
    indicators: list[IndicatorSeries]
    programs: list[ProgramSeries]
    spm: list[SpmYear]


def _has_data(figures: IndicatorFigures) -> bool:
    target = figures.target is not None or figures.target_grade
    realised = figures.realisation is not None or figures.realisation_grade
    return bool(target or realised)


SeriesKey = tuple[str, str, int]


def indicator_series(*, periods: list[RenstraPeriod]) -> list[IndicatorSeries]:
    """Every indicator of `periods` over the years it has data, linked across periods by name
    and satuan (the n-th indicator of a name in one period to the n-th of the same name in
    another); the newest period's indicators first, in code order. Four queries per period."""
    ordered = sorted(periods, key=lambda period: period.start_year)
    points: dict[SeriesKey, list[TrendPoint]] = defaultdict(list)
    latest: dict[SeriesKey, Indicator] = {}
    order: list[SeriesKey] = []
    for period in reversed(ordered):
        seen: dict[tuple[str, str], int] = defaultdict(int)
        for history in indicator_history(period=period):
            indicator = history.indicator
            name = (" ".join(indicator.name.casefold().split()), indicator.satuan.casefold())
            key = (*name, seen[name])
            seen[name] += 1
            if key not in latest:
                latest[key] = history.indicator
                order.append(key)
            points[key] = [
                TrendPoint(period, figures) for figures in history.years if _has_data(figures)
            ] + points[key]
    return [IndicatorSeries(indicator=latest[key], points=points[key]) for key in order]


def program_series(*, period: RenstraPeriod) -> list[ProgramSeries]:
    """Each program of `period` with its figures for every year of the period (full years,
    verified values). Six queries per year."""
    by_program: dict[int, list[ProgramYear]] = defaultdict(list)
    for year in period.years:
        for node in plan_tree(period=period, year=year).walk():
            if node.node.level == Level.PROGRAM:
                by_program[node.node.pk].append(ProgramYear(year, node))
    return [ProgramSeries(figures) for figures in by_program.values()]


def trends(
    *, organisation: Organisation, period: RenstraPeriod, periods: list[RenstraPeriod]
) -> Trends:
    """The trends page and its JSON: indicators over every period of the office, programs over
    the years of `period`, SPM over every year of the office's periods."""
    years = sorted({year for item in periods for year in item.years})
    return Trends(
        organisation=organisation,
        period=period,
        years=years,
        indicators=indicator_series(periods=periods),
        programs=program_series(period=period),
        spm=spm_years(organisation=organisation, years=years),
    )
