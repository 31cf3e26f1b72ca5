"""Reads of the plan and its figures: the cascade with capaian, history, consistency checks.

Each selector runs a fixed number of queries whatever the size of the plan: quarter values are
pivoted per indicator and year in the database (conditional aggregation), targets and budget sums
are fetched in one query each, and every figure is then computed by the one formula function for
it in `cascading.calculations`.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Q

from budgeting.selectors import (
    CURRENT,
    PaguDifference,
    budget_by_node,
    budget_note,
    stated_pagu_differences,
)
from renstra.models import Organisation, RenstraPeriod

from . import calculations
from .choices import QUARTERS, Level
from .constants import CAPAIAN_TOLERANCE, VERIFIED_ONLY, Efficiency
from .models import DataNote, Indicator, IndicatorTarget, PlanNode, PredikatBand, Realisation


@dataclass(frozen=True)
class IndicatorFigures:
    """An indicator's target, year-to-date realisation and capaian for one year."""

    indicator: Indicator
    year: int
    target: Decimal | None
    target_upper: Decimal | None
    target_grade: str
    target_text: str
    reported_capaian: Decimal | None
    realisation: Decimal | None
    realisation_grade: str
    quarters_entered: tuple[int, ...]
    capaian: Decimal | None
    predikat: PredikatBand | None


@dataclass
class NodeFigures:
    """A plan node with its indicators' figures, its capaian and its budget for one year.

    `capaian` is the node's own capaian: the mean of its own indicators' capaian.
    `capaian_children_mean` is a different figure: the mean of its direct children's own capaian.
    `pagu`, `realisasi_anggaran` and `serapan` are summed from the sub kegiatan below the node.
    `efficiency_ratio` and `efficiency` (capaian / serapan x 100) are set on programs only.
    """

    node: PlanNode
    indicators: list[IndicatorFigures]
    capaian: Decimal | None
    predikat: PredikatBand | None
    pagu: Decimal
    realisasi_anggaran: Decimal
    serapan: Decimal | None
    children: list["NodeFigures"] = field(default_factory=list)
    capaian_children_mean: Decimal | None = None
    efficiency_ratio: Decimal | None = None
    efficiency: Efficiency | None = None
    budget_versions: tuple[str, ...] = ()  # the budget version(s) of `pagu`


@dataclass(frozen=True)
class PlanTree:
    """The whole cascade of a period for one year, figures up to `quarter`."""

    period: RenstraPeriod
    year: int
    quarter: int
    statuses: tuple[str, ...]
    roots: list[NodeFigures]
    nodes: dict[int, NodeFigures]
    pagu: Decimal
    realisasi_anggaran: Decimal
    serapan: Decimal | None
    budget_versions: tuple[str, ...] = ()  # the budget version(s) the pagu comes from

    @property
    def budget_note(self) -> str:
        """`Pagu yang dipakai: DPA 2025, berlaku 02-01-2025.`, for a report's heading."""
        return budget_note(self.budget_versions)

    def walk(self) -> Iterator[NodeFigures]:
        """Every node depth first in code order, as the plan's tables list them."""
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


@dataclass(frozen=True)
class IndicatorHistory:
    """One indicator's target, realisation and capaian for each year of a period."""

    indicator: Indicator
    years: list[IndicatorFigures]


@dataclass(frozen=True)
class CapaianDifference:
    """A capaian printed in the document that the computed one does not reproduce."""

    figures: IndicatorFigures

    @property
    def printed(self) -> Decimal | None:
        return self.figures.reported_capaian

    @property
    def computed(self) -> Decimal | None:
        return self.figures.capaian

    @property
    def difference(self) -> Decimal | None:
        if self.printed is None or self.computed is None:
            return None
        return self.printed - self.computed


@dataclass(frozen=True)
class PlanConsistency:
    """What planning staff should look at in the loaded plan of an office."""

    organisation: Organisation
    pagu_differences: list[PaguDifference]
    unparsed_targets: list[IndicatorTarget]
    indicators_without_unit: list[Indicator]
    capaian_differences: list[CapaianDifference]
    notes: list[DataNote]

    @property
    def is_clean(self) -> bool:
        return not (
            self.pagu_differences
            or self.unparsed_targets
            or self.indicators_without_unit
            or self.capaian_differences
        )


def _check_quarter(quarter: int) -> None:
    if quarter not in QUARTERS:
        raise ValueError(f"quarter must be one of {QUARTERS}, not {quarter!r}")


def indicator_figures(
    indicators: Iterable[Indicator],
    *,
    scope: Q,
    years: Iterable[int] | None,
    quarter: int,
    statuses: Iterable[str],
    bands: list[PredikatBand],
) -> dict[tuple[int, int], IndicatorFigures]:
    """Figures of `indicators` per (indicator id, year), for each of `years`; with `years` None,
    for each year in which the indicator has a target or a realisation.

    `scope` selects the same indicators from IndicatorTarget and Realisation (for example
    `Q(indicator__node__period=period)`). Two queries: the targets, and the realisations pivoted
    to one row per indicator and year with a column per quarter (conditional aggregation).
    """
    years = None if years is None else sorted(years)
    year_filter = Q() if years is None else Q(year__in=years)
    targets = {
        (target.indicator_id, target.year): target
        for target in IndicatorTarget.objects.filter(scope, year_filter).order_by()
    }
    pivot = {}
    for quarter_number in QUARTERS:
        in_quarter = Q(quarter=quarter_number)
        pivot[f"value_{quarter_number}"] = Max("value", filter=in_quarter)
        pivot[f"grade_{quarter_number}"] = Max("grade", filter=in_quarter)
    quarter_rows = (
        Realisation.objects.filter(
            scope, year_filter, quarter__lte=quarter, status__in=list(statuses)
        )
        .order_by()
        .values("indicator_id", "year")
        .annotate(**pivot)
    )
    quarters = {(row["indicator_id"], row["year"]): row for row in quarter_rows}

    years_seen: dict[int, set[int]] = defaultdict(set)
    for indicator_id, year in targets.keys() | quarters.keys():
        years_seen[indicator_id].add(year)
    figures = {}
    for indicator in indicators:
        for year in sorted(years_seen[indicator.pk]) if years is None else years:
            figures[indicator.pk, year] = _figures_for(
                indicator,
                year,
                targets.get((indicator.pk, year)),
                quarters.get((indicator.pk, year), {}),
                quarter,
                bands,
            )
    return figures


def _figures_for(
    indicator: Indicator,
    year: int,
    target: IndicatorTarget | None,
    quarter_row: dict,
    quarter: int,
    bands: list[PredikatBand],
) -> IndicatorFigures:
    values = {number: quarter_row.get(f"value_{number}") for number in QUARTERS}
    grades = {number: quarter_row.get(f"grade_{number}") or "" for number in QUARTERS}
    realisation = calculations.aggregate_quarters(values, indicator.aggregation, up_to=quarter)
    realisation_grade = calculations.aggregate_grade_quarters(
        grades, indicator.aggregation, up_to=quarter
    )
    target_value = target.value if target else None
    target_upper = target.value_upper if target else None
    target_grade = target.grade if target else ""
    capaian = calculations.capaian(
        value_kind=indicator.value_kind,
        polarity=indicator.polarity,
        target=target_value,
        target_upper=target_upper,
        target_grade=target_grade,
        realisation=realisation,
        realisation_grade=realisation_grade,
    )
    return IndicatorFigures(
        indicator=indicator,
        year=year,
        target=target_value,
        target_upper=target_upper,
        target_grade=target_grade,
        target_text=target.text if target else "",
        reported_capaian=target.reported_capaian if target else None,
        realisation=realisation,
        realisation_grade=realisation_grade,
        quarters_entered=tuple(
            number
            for number in QUARTERS
            if number <= quarter and (values[number] is not None or grades[number])
        ),
        capaian=capaian,
        predikat=calculations.predikat(capaian, bands),
    )


def plan_tree(
    *,
    period: RenstraPeriod,
    year: int,
    quarter: int = 4,
    statuses: Iterable[str] = VERIFIED_ONLY,
    basis: str = CURRENT,
) -> PlanTree:
    """The cascade of `period` with every figure for `year`, year to date up to `quarter`.

    Realisations (of indicators and of budget) count when their status is in `statuses`: verified
    only by default; a report may pass `SUBMITTED_AND_VERIFIED`. The pagu is the current budget
    at the end of `quarter` (DPA/DPPA, else Renja, else Renstra), or the Renstra's with
    `basis=RENSTRA`. Eight queries, however large the plan.
    """
    _check_quarter(quarter)
    statuses = tuple(statuses)
    bands = list(PredikatBand.objects.all())
    nodes = list(PlanNode.objects.filter(period=period).select_related("unit"))
    indicators = list(
        Indicator.objects.filter(node__period=period).order_by("node__code_key", "order")
    )
    figures = indicator_figures(
        indicators,
        scope=Q(indicator__node__period=period),
        years=[year],
        quarter=quarter,
        statuses=statuses,
        bands=bands,
    )
    budget = budget_by_node(
        period=period, year=year, quarter=quarter, statuses=statuses, basis=basis
    )

    by_id: dict[int, NodeFigures] = {}
    for node in nodes:
        budget_figures = budget[node.pk]
        by_id[node.pk] = NodeFigures(
            node=node,
            indicators=[],
            capaian=None,
            predikat=None,
            pagu=budget_figures.pagu,
            realisasi_anggaran=budget_figures.realisasi,
            serapan=budget_figures.serapan,
            budget_versions=budget_figures.versions,
        )
    for indicator in indicators:
        node_figures = by_id[indicator.node_id]
        indicator.node = node_figures.node
        node_figures.indicators.append(figures[indicator.pk, year])

    parent_of = {node.pk: node.parent_id for node in nodes}
    own_capaian = {}
    for node_figures in by_id.values():
        node_figures.capaian = calculations.mean(f.capaian for f in node_figures.indicators)
        node_figures.predikat = calculations.predikat(node_figures.capaian, bands)
        own_capaian[node_figures.node.pk] = node_figures.capaian
    children_mean = calculations.mean_of_children(parent_of, own_capaian)

    roots = []
    for node_figures in by_id.values():
        node = node_figures.node
        node_figures.capaian_children_mean = children_mean[node.pk]
        if node.level == Level.PROGRAM:
            node_figures.efficiency_ratio, node_figures.efficiency = calculations.efficiency(
                node_figures.capaian, node_figures.serapan
            )
        if node.parent_id is None:
            roots.append(node_figures)
        else:
            by_id[node.parent_id].children.append(node_figures)

    pagu = sum((root.pagu for root in roots), Decimal("0.00"))
    realisasi = sum((root.realisasi_anggaran for root in roots), Decimal("0.00"))
    return PlanTree(
        period=period,
        year=year,
        quarter=quarter,
        statuses=statuses,
        roots=roots,
        nodes=by_id,
        pagu=pagu,
        realisasi_anggaran=realisasi,
        serapan=calculations.serapan(realisasi, pagu),
        budget_versions=tuple(
            sorted({label for root in roots for label in budget[root.node.pk].versions})
        ),
    )


def indicator_history(
    *,
    period: RenstraPeriod,
    statuses: Iterable[str] = VERIFIED_ONLY,
) -> list[IndicatorHistory]:
    """Target, full-year realisation and capaian of every indicator of `period`, for each year of
    the period, in code order (Tabel 2.4 / 2.5 of a Renstra for the previous period). Four
    queries."""
    bands = list(PredikatBand.objects.all())
    indicators = list(
        Indicator.objects.filter(node__period=period)
        .select_related("node", "node__unit")
        .order_by("node__code_key", "order")
    )
    years = list(period.years)
    figures = indicator_figures(
        indicators,
        scope=Q(indicator__node__period=period),
        years=years,
        quarter=4,
        statuses=tuple(statuses),
        bands=bands,
    )
    return [
        IndicatorHistory(indicator=indicator, years=[figures[indicator.pk, year] for year in years])
        for indicator in indicators
    ]


def _target_not_parsed() -> Q:
    """A target written in the document that was read as neither a number nor a grade."""
    written = ~Q(text="") & ~Q(text="-")
    return written & Q(value__isnull=True, grade="")


def plan_consistency(
    *,
    organisation: Organisation,
    statuses: Iterable[str] = VERIFIED_ONLY,
    tolerance: Decimal = CAPAIAN_TOLERANCE,
) -> PlanConsistency:
    """Where the office's loaded plan does not add up, for planning staff: printed Rupiah figures
    that differ from the sum of their sub kegiatan pagu, targets whose text was not read as a
    number or grade, indicators whose node has no responsible unit, printed capaian more than
    `tolerance` away from the computed one (or not computable), and the office's data notes.
    Nine queries."""
    indicators = list(
        Indicator.objects.filter(node__organisation=organisation)
        .select_related("node", "node__period", "node__unit")
        .order_by("node__period", "node__code_key", "order")
    )
    figures = indicator_figures(
        indicators,
        scope=Q(indicator__node__organisation=organisation),
        years=None,
        quarter=4,
        statuses=tuple(statuses),
        bands=list(PredikatBand.objects.all()),
    )
    capaian_differences = [
        CapaianDifference(figures=figure)
        for figure in figures.values()
        if figure.reported_capaian is not None
        and (figure.capaian is None or abs(figure.reported_capaian - figure.capaian) > tolerance)
    ]
    unparsed_targets = list(
        IndicatorTarget.objects.filter(
            _target_not_parsed(), indicator__node__organisation=organisation
        )
        .select_related("indicator", "indicator__node", "indicator__node__period")
        .order_by(
            "indicator__node__period", "indicator__node__code_key", "indicator__order", "year"
        )
    )
    return PlanConsistency(
        organisation=organisation,
        pagu_differences=stated_pagu_differences(organisation=organisation),
        unparsed_targets=unparsed_targets,
        indicators_without_unit=[
            indicator for indicator in indicators if indicator.node.unit_id is None
        ],
        capaian_differences=capaian_differences,
        notes=list(DataNote.objects.filter(organisation=organisation).select_related("period")),
    )


@dataclass(frozen=True)
class QuarterValue:
    """What was entered for one quarter of an indicator: a number, or a grade for an ordinal."""

    value: Decimal | None
    grade: str


def quarter_values(
    *,
    period: RenstraPeriod,
    year: int,
    statuses: Iterable[str] = VERIFIED_ONLY,
) -> dict[int, dict[int, QuarterValue]]:
    """Each indicator's own value per quarter of `year` as entered (not year to date), for the
    realisations whose status is in `statuses`: {indicator id: {quarter: QuarterValue}}. One
    query."""
    rows = (
        Realisation.objects.filter(
            indicator__node__period=period, year=year, status__in=list(statuses)
        )
        .order_by()
        .values_list("indicator_id", "quarter", "value", "grade")
    )
    values: dict[int, dict[int, QuarterValue]] = defaultdict(dict)
    for indicator_id, quarter, value, grade in rows:
        values[indicator_id][quarter] = QuarterValue(value=value, grade=grade)
    return dict(values)


def previous_period_finals(*, period: RenstraPeriod) -> dict[int, IndicatorFigures]:
    """For the indicators of `period` that continue an indicator of an earlier period
    (`Indicator.previous`), that indicator's verified figures in the last year of its period:
    the kondisi awal where the plan writes none. {indicator id: figures}; an indicator whose
    predecessor has no figures that year is left out. Four queries, however many links."""
    links = list(
        Indicator.objects.filter(node__period=period, previous__isnull=False).select_related(
            "previous__node__period"
        )
    )
    figures = indicator_figures(
        [link.previous for link in links],
        scope=Q(indicator__continued_by__node__period=period),
        years=None,
        quarter=4,
        statuses=VERIFIED_ONLY,
        bands=list(PredikatBand.objects.all()),
    )
    finals = {
        link.pk: figures.get((link.previous_id, link.previous.node.period.end_year))
        for link in links
    }
    return {pk: final for pk, final in finals.items() if final is not None}
