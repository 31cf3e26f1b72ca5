"""One selector per report: the figures of the official tables, read from the plan selectors.

Every number comes from `cascading.selectors.plan_tree` (targets, realisations, capaian, predikat,
pagu, realisasi anggaran, serapan, efficiency), the budget and quarter selectors beside it, or
`spm.selectors.spm_years`; every formula is a function of `cascading.calculations`. These
selectors only choose, group and order what those return. Each runs a fixed number of queries
for a period (about six per year of the period), however large the plan.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from budgeting.selectors import (
    RENSTRA,
    funding_sources_by_node,
    realisasi_by_quarter,
    renja_pagu,
    renstra_pagu_period,
)
from cascading import calculations
from cascading.choices import GRADE_RANK, QUARTERS, Level, ValueKind
from cascading.constants import VERIFIED_ONLY, Efficiency
from cascading.models import Indicator, PlanNode, PredikatBand
from cascading.selectors import (
    IndicatorFigures,
    NodeFigures,
    PlanTree,
    QuarterValue,
    plan_tree,
    previous_period_finals,
    quarter_values,
)
from performance.selectors import latest_final, latest_finals_of_units
from renstra.models import Organisation, RenstraPeriod
from spm.selectors import SpmYear, spm_years

from .choices import ReportKind
from .models import ReportNarrative

ZERO = Decimal("0.00")
PLAN_LEVELS = (Level.PROGRAM, Level.KEGIATAN, Level.SUB_KEGIATAN)
GOAL_LEVELS = (Level.TUJUAN, Level.SASARAN)
SPM_HISTORY_YEARS = 5  # the SPM report shows this many years before the year reported

# A measure as a table prints it: a number, a SAKIP grade, or the plan's text ("-", "BB Indeks").
Measure = Decimal | str | None


def _trees(
    period: RenstraPeriod, years: Iterable[int], statuses: Iterable[str], **options
) -> dict[int, PlanTree]:
    return {
        year: plan_tree(period=period, year=year, statuses=statuses, **options) for year in years
    }


def _plan_nodes(tree: PlanTree, *, goals: bool = False) -> list[NodeFigures]:
    """Programs, kegiatan and sub kegiatan in code order, as Renstra and Renja tables list them;
    with `goals`, also the Tujuan and Sasaran that have indicators (the IKU), each before its
    programs."""
    return [
        figures
        for figures in tree.walk()
        if figures.node.level in PLAN_LEVELS
        or (goals and figures.node.level in GOAL_LEVELS and figures.indicators)
    ]


def is_goal(node: PlanNode) -> bool:
    """A Tujuan or Sasaran: its indicators (the IKU) are rows without a budget of their own."""
    return node.level in GOAL_LEVELS


def _indicator_slots(node_figures: NodeFigures) -> list[int | None]:
    """The lines a node takes: one per indicator, one without an indicator if it has none."""
    return list(range(len(node_figures.indicators))) or [None]


def _target(figures: IndicatorFigures | None) -> Measure:
    """The target as a number where it is one, else its grade, else the text as printed."""
    if figures is None:
        return None
    if figures.target is not None:
        return figures.target
    return figures.target_grade or figures.target_text or None


def _realised(figures: IndicatorFigures | None) -> Measure:
    if figures is None:
        return None
    return figures.realisation_grade or figures.realisation


def _grade_in(text: str) -> str:
    """The SAKIP grade a written baseline or end-of-period target starts with ("BB Indeks"):
    the indicator stores those as text only."""
    words = text.split()
    return words[0] if words and words[0] in GRADE_RANK else ""


def _written(value: Decimal | None, text: str) -> Measure:
    """A baseline or end-of-period target: the number, else the grade, else the text."""
    if value is not None:
        return value
    return _grade_in(text) or text or None


def _final_target(indicator: Indicator) -> Measure:
    return _written(indicator.final_target_value, indicator.final_target_text)


def _baseline(indicator: Indicator) -> Measure:
    return _written(indicator.baseline_value, indicator.baseline_text)


def _start(indicator: Indicator, previous: IndicatorFigures | None) -> Measure:
    """Kondisi awal: as the plan writes it, else the previous period's last realisation of the
    indicator this one continues (Tabel 2.5's 2023 value for the IKU)."""
    written = _baseline(indicator)
    if written is not None or previous is None:
        return written
    return _realised(previous)


def _end_target(indicator: Indicator, figures_by_year: dict[int, IndicatorFigures]) -> Measure:
    """Target akhir periode: as the plan writes it, else what the yearly targets of the whole
    period make by the indicator's period rule (the last year's level, or their sum)."""
    written = _final_target(indicator)
    if written is not None:
        return written
    targets = {
        year: figures.target if figures.target is not None else (figures.target_grade or None)
        for year, figures in figures_by_year.items()
    }
    return calculations.over_period(targets, indicator.period_rule)


def unit_name(node: PlanNode) -> str:
    """The responsible unit: the Bidang assigned, else the text the plan prints."""
    return node.unit.name if node.unit else node.unit_label


def narrative_for(
    *, organisation: Organisation, year: int, report: ReportKind
) -> ReportNarrative | None:
    """The texts planning staff wrote for the report, if any."""
    return ReportNarrative.objects.filter(
        organisation=organisation, year=year, report=report
    ).first()


def narratives_for(
    *, organisation: Organisation, year: int, reports: Iterable[ReportKind]
) -> list[ReportNarrative]:
    """The texts planning staff wrote for several reports of the year: one query."""
    return list(
        ReportNarrative.objects.filter(organisation=organisation, year=year, report__in=reports)
    )


# --- Renstra: the funding table (Tabel 6.1) ------------------------------------------------------


@dataclass(frozen=True)
class RenstraYear:
    target_text: str
    pagu: Decimal


@dataclass(frozen=True)
class RenstraLine:
    """A line of the funding table: a node's indicator, its targets and Rp for each year.

    Names, codes and Rp are printed on a node's first line only; Tujuan and Sasaran on the
    first line under each of them.
    """

    node: PlanNode
    indicator: Indicator | None
    first: bool
    tujuan: str
    sasaran: str
    years: dict[int, RenstraYear]
    pagu_period: Decimal
    baseline: Measure  # as printed, else the previous period's last realisation
    final_target: Measure  # as printed, else made from the yearly targets

    @property
    def goal(self) -> bool:
        return is_goal(self.node)


@dataclass(frozen=True)
class RenstraTable:
    period: RenstraPeriod
    years: list[int]
    lines: list[RenstraLine]
    pagu_by_year: dict[int, Decimal]
    pagu_period: Decimal
    budget_versions: tuple[str, ...] = ()


def renstra_table(*, period: RenstraPeriod) -> RenstraTable:
    """The Renstra's programs, kegiatan and sub kegiatan with indicators, baseline, target and
    pagu per year, end-of-period target and pagu, and the responsible unit as printed."""
    years = list(period.years)
    trees = _trees(period, years, VERIFIED_ONLY, basis=RENSTRA)
    first_tree = trees[years[0]]
    previous = previous_period_finals(period=period)
    lines = []
    seen_tujuan, seen_sasaran = set(), set()
    for node_figures in _plan_nodes(first_tree, goals=True):
        node = node_figures.node
        sasaran = _ancestor(first_tree, node, Level.SASARAN)
        tujuan = _ancestor(first_tree, node, Level.TUJUAN)
        pagu_period = sum((trees[year].nodes[node.pk].pagu for year in years), ZERO)
        for slot in _indicator_slots(node_figures):
            per_year = {}
            history = {}
            for year in years:
                year_node = trees[year].nodes[node.pk]
                figures = None if slot is None else year_node.indicators[slot]
                if figures is not None:
                    history[year] = figures
                per_year[year] = RenstraYear(
                    target_text=figures.target_text if figures else "", pagu=year_node.pagu
                )
            indicator = None if slot is None else node_figures.indicators[slot].indicator
            lines.append(
                RenstraLine(
                    node=node,
                    indicator=indicator,
                    first=slot in (0, None),
                    tujuan=_first_time(tujuan, seen_tujuan),
                    sasaran=_first_time(sasaran, seen_sasaran),
                    years=per_year,
                    pagu_period=pagu_period,
                    baseline=None
                    if indicator is None
                    else indicator.baseline_text or _start(indicator, previous.get(indicator.pk)),
                    final_target=None
                    if indicator is None
                    else indicator.final_target_text or _end_target(indicator, history),
                )
            )
    pagu_by_year = {year: trees[year].pagu for year in years}
    return RenstraTable(
        period=period,
        years=years,
        lines=lines,
        pagu_by_year=pagu_by_year,
        pagu_period=sum(pagu_by_year.values(), ZERO),
        budget_versions=tuple(
            sorted({label for tree in trees.values() for label in tree.budget_versions})
        ),
    )


def _ancestor(tree: PlanTree, node: PlanNode, level: Level) -> PlanNode | None:
    current = node
    while current is not None and current.level > level:
        current = tree.nodes[current.parent_id].node if current.parent_id else None
    return current if current is not None and current.level == level else None


def _first_time(node: PlanNode | None, seen: set[int]) -> str:
    """The node's name the first time it is met, "" afterwards."""
    if node is None or node.pk in seen:
        return ""
    seen.add(node.pk)
    return node.name


# --- Renja: year n and prakiraan maju n+1 --------------------------------------------------------

# Urusan and bidang urusan of the nomenclature (Permendagri 90/2019) heading a Renja; a code not
# listed is shown by its number alone.
URUSAN = {
    "1": "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR",
    "2": "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR",
    "3": "URUSAN PEMERINTAHAN PILIHAN",
}
BIDANG_URUSAN = {
    "1.01": "PENDIDIKAN",
    "1.02": "KESEHATAN",
    "1.03": "PEKERJAAN UMUM DAN PENATAAN RUANG",
    "1.04": "PERUMAHAN RAKYAT DAN KAWASAN PERMUKIMAN",
    "1.05": "KETENTERAMAN DAN KETERTIBAN UMUM SERTA PELINDUNGAN MASYARAKAT",
    "1.06": "SOSIAL",
}


@dataclass(frozen=True)
class RenjaLine:
    """A Renja line: an urusan or bidang heading (no node, no figures), or a node's indicator
    with its target for year n and n+1; a node's first line also carries its code, name, pagu
    and funding sources."""

    code: str
    name: str
    node: PlanNode | None = None
    indicator: str = ""
    target: str = ""
    pagu: Decimal | None = None
    sources: str = ""
    note: str = ""
    next_target: str = ""
    next_pagu: Decimal | None = None


@dataclass(frozen=True)
class RenjaTable:
    year: int
    location: str
    lines: list[RenjaLine]
    pagu: Decimal
    next_pagu: Decimal | None
    budget_versions: tuple[str, ...] = ()


def renja_table(*, organisation: Organisation, period: RenstraPeriod, year: int) -> RenjaTable:
    """Programs, kegiatan and sub kegiatan of year `year` with targets, pagu indikatif and
    sumber dana, and the forecast (target and pagu) for the year after: the Renja's pagu
    indikatif and prakiraan maju, else the Renstra's figures (`renja_pagu`)."""
    trees = _trees(period, (year, year + 1), VERIFIED_ONLY)
    tree, following = trees[year], trees[year + 1]
    budget, versions = renja_pagu(period=period, year=year)
    sources = funding_sources_by_node(period=period, year=year)
    lines: list[RenjaLine] = []
    heading_codes: set[str] = set()
    for node_figures in _plan_nodes(tree, goals=True):
        node = node_figures.node
        if is_goal(node):
            lines.extend(_renja_goal_lines(node_figures, following.nodes[node.pk]))
            continue
        if node.level == Level.PROGRAM:
            lines.extend(_renja_headings(node.code, heading_codes))
        next_node = following.nodes[node.pk]
        for slot in _indicator_slots(node_figures):
            first = slot in (0, None)
            figures = None if slot is None else node_figures.indicators[slot]
            next_figures = None if slot is None else next_node.indicators[slot]
            lines.append(
                RenjaLine(
                    code=node.code if first else "",
                    name=node.name if first else "",
                    node=node,
                    indicator=figures.indicator.name if figures else "",
                    target=figures.target_text if figures else "",
                    pagu=budget[node.pk].pagu if first else None,
                    sources=", ".join(sources[node.pk]) if first else "",
                    note=_key_indicator_note(figures),
                    next_target=next_figures.target_text if next_figures else "",
                    next_pagu=budget[node.pk].next_pagu if first else None,
                )
            )
    return RenjaTable(
        year=year,
        location=organisation.government.removeprefix("Pemerintah").strip(),
        lines=lines,
        pagu=sum((budget[root.node.pk].pagu for root in tree.roots), ZERO),
        next_pagu=_total_or_none(budget[root.node.pk].next_pagu for root in tree.roots),
        budget_versions=versions,
    )


def _total_or_none(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [value for value in values if value is not None]
    return sum(present, ZERO) if present else None


def _renja_goal_lines(node_figures: NodeFigures, next_node: NodeFigures) -> list[RenjaLine]:
    """The lines of a Tujuan or Sasaran: its indicators (the IKU) with their targets for year
    n and n+1; no pagu of their own (their programs carry it)."""
    node = node_figures.node
    return [
        RenjaLine(
            code="",
            name=f"{node.get_level_display()}: {node.name}" if slot == 0 else "",
            node=node,
            indicator=figures.indicator.name,
            target=figures.target_text,
            note=_key_indicator_note(figures),
            next_target=next_node.indicators[slot].target_text,
        )
        for slot, figures in enumerate(node_figures.indicators)
    ]


def _renja_headings(program_code: str, done: set[str]) -> list[RenjaLine]:
    """The urusan and bidang heading lines a program opens, the first time each is met."""
    segments = program_code.split(".")
    if len(segments) < 3:
        return []
    headings = []
    for code, names in ((segments[0], URUSAN), (".".join(segments[:2]), BIDANG_URUSAN)):
        if code not in done:
            done.add(code)
            headings.append(RenjaLine(code=code, name=names.get(code, "")))
    return headings


def _key_indicator_note(figures: IndicatorFigures | None) -> str:
    if figures is None:
        return ""
    flags = ((figures.indicator.is_iku, "IKU"), (figures.indicator.is_ikk, "IKK"))
    return " ".join(label for flag, label in flags if flag)


# --- Progress over the Renstra period (Evaluasi Renja (6), (13), (14); LKjIP comparison) --------


@dataclass(frozen=True)
class Progress:
    """An indicator's realisation over the Renstra years, by its roll-up rule, and the capaian
    of the total to date against the end-of-period target."""

    by_year: dict[int, Measure]
    before: Measure  # the years before the year evaluated: column (6)
    to_date: Measure  # up to and including it: column (13)
    capaian: Decimal | None  # (13) / (5) x 100: column (14)


def _progress(
    indicator: Indicator, figures_by_year: dict[int, IndicatorFigures], end_target: Measure
) -> Progress:
    """`figures_by_year` holds the years of the period up to the year evaluated, in order; the
    years combine by the indicator's period rule (`calculations.over_period`), and the total to
    date is measured against `end_target`."""
    years = sorted(figures_by_year)
    earlier = years[:-1]
    rule = indicator.period_rule
    values = {year: _realised(figures_by_year[year]) for year in years}
    to_date = calculations.over_period(values, rule)
    if indicator.value_kind == ValueKind.ORDINAL:
        capaian = calculations.capaian(
            value_kind=indicator.value_kind,
            target_grade=end_target if isinstance(end_target, str) else "",
            realisation_grade=to_date or "",
        )
    else:
        capaian = calculations.capaian(
            value_kind=indicator.value_kind,
            polarity=indicator.polarity,
            target=end_target if isinstance(end_target, Decimal) else None,
            realisation=to_date,
        )
    return Progress(
        by_year=values,
        before=calculations.over_period({y: values[y] for y in earlier}, rule),
        to_date=to_date,
        capaian=capaian,
    )


# --- Evaluasi hasil Renja (Permendagri 86/2017) --------------------------------------------------


@dataclass(frozen=True)
class KinerjaProgress:
    """The K columns of an indicator in the evaluation table."""

    final_target: Measure  # (5)
    before: Measure  # (6)
    target: Measure  # (7)
    quarters: dict[int, Measure]  # (8)-(11), each quarter's own value
    year: Measure  # (12)
    year_capaian: Decimal | None  # (12) / (7) x 100
    to_date: Measure  # (13)
    renstra_capaian: Decimal | None  # (14) = (13) / (5) x 100


@dataclass(frozen=True)
class BudgetProgress:
    """The Rp columns of a node (or of the whole table) in the evaluation table."""

    final: Decimal  # (5): pagu over the years of the period
    before: Decimal  # (6): realisasi anggaran of the years before the year evaluated
    pagu: Decimal  # (7)
    quarters: dict[int, Decimal]  # (8)-(11)
    year: Decimal  # (12)
    year_serapan: Decimal | None  # (12) / (7) x 100

    @property
    def to_date(self) -> Decimal:  # (13) = (6) + (12)
        return self.before + self.year

    @property
    def renstra_serapan(self) -> Decimal | None:  # (14) = (13) / (5) x 100
        return calculations.serapan(self.to_date, self.final)


@dataclass(frozen=True)
class EvaluasiLine:
    """One indicator line; a node's first line also carries its names, unit and Rp."""

    node: PlanNode
    indicator: Indicator | None
    sasaran: str
    kinerja: KinerjaProgress | None
    budget: BudgetProgress | None

    @property
    def first(self) -> bool:
        return self.budget is not None

    @property
    def goal(self) -> bool:
        return is_goal(self.node)


@dataclass(frozen=True)
class Rating:
    """A mean capaian and its predikat."""

    value: Decimal | None
    predikat: PredikatBand | None


@dataclass(frozen=True)
class EvaluasiTable:
    year: int
    lines: list[EvaluasiLine]
    totals: BudgetProgress
    year_k: Rating
    year_rp: Rating
    renstra_k: Rating
    renstra_rp: Rating
    budget_versions: tuple[str, ...] = ()


def evaluasi_renja_table(
    *,
    period: RenstraPeriod,
    year: int,
    statuses: Iterable[str] = VERIFIED_ONLY,
) -> EvaluasiTable:
    """Every column of the Evaluasi Renja of `year`: the period's end targets and pagu, what was
    realised before and during the year (per quarter), the year's and the period's capaian, the
    mean capaian of the lines with their predikat.

    The Tujuan and Sasaran indicators (the IKU) are lines too, with K columns only. The means are
    over the program, kegiatan and sub kegiatan lines alike, K over indicator lines, Rp over node
    lines, as the form averages its columns.
    """
    statuses = tuple(statuses)
    trees = _trees(period, period.years, statuses)
    tree = trees[year]
    quarters = quarter_values(period=period, year=year, statuses=statuses)
    budget_quarters = realisasi_by_quarter(period=period, year=year, statuses=statuses)
    renstra_pagu = renstra_pagu_period(period=period)
    bands = list(PredikatBand.objects.all())

    lines = []
    seen_sasaran: set[int] = set()
    for node_figures in _plan_nodes(tree, goals=True):
        node = node_figures.node
        sasaran = ""
        if node.level == Level.SASARAN:
            sasaran = _first_time(node, seen_sasaran)
        elif node.level == Level.PROGRAM:
            sasaran = _first_time(tree.nodes[node.parent_id].node, seen_sasaran)
        goal = is_goal(node)
        budget = (
            None
            if goal
            else _budget_progress(trees, year, [node.pk], budget_quarters, renstra_pagu)
        )
        for slot in _indicator_slots(node_figures):
            first = slot in (0, None)
            kinerja = None
            if slot is not None:
                kinerja = _kinerja_progress(
                    {y: trees[y].nodes[node.pk].indicators[slot] for y in period.years},
                    year,
                    quarters.get(node_figures.indicators[slot].indicator.pk, {}),
                )
            lines.append(
                EvaluasiLine(
                    node=node,
                    indicator=None if slot is None else node_figures.indicators[slot].indicator,
                    sasaran=sasaran if first else "",
                    kinerja=kinerja,
                    budget=budget if first else None,
                )
            )
    # The means are the form's: over the program, kegiatan and sub kegiatan lines.
    kinerja_lines = [line.kinerja for line in lines if line.kinerja and not line.goal]
    budget_lines = [line.budget for line in lines if line.budget]
    return EvaluasiTable(
        year=year,
        lines=lines,
        totals=_budget_progress(
            trees, year, [root.node.pk for root in tree.roots], budget_quarters, renstra_pagu
        ),
        year_k=_rating((k.year_capaian for k in kinerja_lines), bands),
        year_rp=_rating((rp.year_serapan for rp in budget_lines), bands),
        renstra_k=_rating((k.renstra_capaian for k in kinerja_lines), bands),
        renstra_rp=_rating((rp.renstra_serapan for rp in budget_lines), bands),
        budget_versions=tree.budget_versions,
    )


def _rating(values: Iterable[Decimal | None], bands: list[PredikatBand]) -> Rating:
    value = calculations.mean(values)
    return Rating(value=value, predikat=calculations.predikat(value, bands))


def _budget_progress(
    trees: dict[int, PlanTree],
    year: int,
    node_ids: list[int],
    budget_quarters: dict[int, dict[int, Decimal]],
    renstra_pagu: dict[int, Decimal],
) -> BudgetProgress:
    """Rp columns summed over `node_ids` (one node, or the roots for the table's total): (5)
    the Renstra's pagu over the period, (7) the current budget of the year."""

    def total(values: Iterable[Decimal]) -> Decimal:
        return sum(values, ZERO)

    year_nodes = [trees[year].nodes[node_id] for node_id in node_ids]
    pagu = total(figures.pagu for figures in year_nodes)
    realised = total(figures.realisasi_anggaran for figures in year_nodes)
    return BudgetProgress(
        final=total(renstra_pagu[node_id] for node_id in node_ids),
        before=total(
            trees[y].nodes[node_id].realisasi_anggaran
            for y in trees
            if y < year
            for node_id in node_ids
        ),
        pagu=pagu,
        quarters={
            quarter: total(budget_quarters[node_id][quarter] for node_id in node_ids)
            for quarter in QUARTERS
        },
        year=realised,
        year_serapan=calculations.serapan(realised, pagu),
    )


def _kinerja_progress(
    history: dict[int, IndicatorFigures], year: int, quarters: dict[int, QuarterValue]
) -> KinerjaProgress:
    """K columns from the indicator's figures for each year of the period (`history`), of
    which `year` is evaluated, and the values entered in that year's quarters."""
    figures = history[year]
    end_target = _end_target(figures.indicator, history)
    progress = _progress(
        figures.indicator, {y: f for y, f in history.items() if y <= year}, end_target
    )
    return KinerjaProgress(
        final_target=end_target,
        before=progress.before,
        target=_target(figures),
        quarters={quarter: _quarter_measure(quarters.get(quarter)) for quarter in QUARTERS},
        year=_realised(figures),
        year_capaian=figures.capaian,
        to_date=progress.to_date,
        renstra_capaian=progress.capaian,
    )


def _quarter_measure(value: QuarterValue | None) -> Measure:
    if value is None:
        return None
    return value.grade or value.value


# --- LKjIP ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasuredIndicator:
    """An indicator of a sasaran or program measured for the LKjIP: the year's figures and its
    progress over the period."""

    sasaran: str  # printed on the first indicator of each sasaran
    node: PlanNode
    figures: IndicatorFigures
    target: Measure
    realisation: Measure
    baseline: Measure
    progress: Progress
    final_target: Measure


@dataclass(frozen=True)
class ProgramBudget:
    node: PlanNode
    pagu: Decimal
    realisasi: Decimal
    serapan: Decimal | None
    capaian: Decimal | None
    efficiency_ratio: Decimal | None
    efficiency: Efficiency | None


@dataclass(frozen=True)
class LkjipTables:
    year: int
    years: list[int]  # the years of the period up to `year`, for the comparison
    baseline_year: int | None
    measured: list[MeasuredIndicator]
    rating: Rating
    programs: list[ProgramBudget]
    pagu: Decimal
    realisasi: Decimal
    serapan: Decimal | None
    budget_versions: tuple[str, ...] = ()
    agreement: object = None  # the final Perjanjian Kinerja measured against, when there is one
    # The final PK of each unit whose program targets are measured against.
    unit_agreements: tuple = ()


def _agreed_targets(agreement, unit_agreements) -> dict:
    """The agreed target rows by indicator: the program outcomes of the units' final PK, and
    every row of the office's final PK (which wins where both hold an indicator)."""
    agreed = {}
    for unit_agreement in unit_agreements:
        agreed |= {
            row.indicator_id: row
            for row in unit_agreement.targets.all()
            if row.indicator_id and row.level == Level.PROGRAM
        }
    if agreement is not None:
        agreed |= {row.indicator_id: row for row in agreement.targets.all() if row.indicator_id}
    return agreed


def _against_agreement(
    measured: list[MeasuredIndicator], agreed: dict, bands: list[PredikatBand]
) -> list[MeasuredIndicator]:
    """The measured indicators with the targets of the final PK where it has them: the capaian
    and predikat recomputed by cascading's capaian function against the agreed target."""
    result = []
    for item in measured:
        row = agreed.get(item.figures.indicator.pk)
        if row is None:
            result.append(item)
            continue
        figures = item.figures
        value = calculations.capaian(
            value_kind=figures.indicator.value_kind,
            polarity=figures.indicator.polarity,
            target=row.value,
            target_upper=figures.target_upper,
            target_grade=row.grade,
            realisation=figures.realisation,
            realisation_grade=figures.realisation_grade,
        )
        figures = replace(
            figures,
            target=row.value,
            target_grade=row.grade,
            target_text=row.text,
            capaian=value,
            predikat=calculations.predikat(value, bands),
        )
        result.append(replace(item, figures=figures, target=_target(figures)))
    return result


def lkjip_tables(
    *,
    period: RenstraPeriod,
    year: int,
    statuses: Iterable[str] = VERIFIED_ONLY,
) -> LkjipTables:
    """The LKjIP figures of `year`: the indicators of each sasaran and of its programs with
    target, realisation, capaian and predikat; their realisation in the earlier years of the
    period and against the end-of-period target; pagu, realisasi and serapan per program with
    the efficiency reading; the year's targets and budgets for the Perjanjian Kinerja."""
    statuses = tuple(statuses)
    years = [y for y in period.years if y <= year]
    trees = _trees(period, period.years, statuses)
    tree = trees[year]
    bands = list(PredikatBand.objects.all())
    previous = previous_period_finals(period=period)

    measured = []
    seen_sasaran: set[int] = set()
    for node_figures in tree.walk():
        node = node_figures.node
        if node.level not in (Level.TUJUAN, Level.SASARAN, Level.PROGRAM):
            continue
        sasaran = tree.nodes[node.parent_id].node if node.level == Level.PROGRAM else node
        for slot, figures in enumerate(node_figures.indicators):
            history = {y: trees[y].nodes[node.pk].indicators[slot] for y in period.years}
            end_target = _end_target(figures.indicator, history)
            measured.append(
                MeasuredIndicator(
                    sasaran=_first_time(sasaran, seen_sasaran),
                    node=node,
                    figures=figures,
                    target=_target(figures),
                    realisation=_realised(figures),
                    baseline=_start(figures.indicator, previous.get(figures.indicator.pk)),
                    progress=_progress(
                        figures.indicator, {y: history[y] for y in years}, end_target
                    ),
                    final_target=end_target,
                )
            )
    agreement = latest_final(organisation=period.organisation, year=year, unit=None)
    if agreement is not None and agreement.period_id != period.pk:
        agreement = None
    unit_agreements = tuple(
        item
        for item in latest_finals_of_units(organisation=period.organisation, year=year)
        if item.period_id == period.pk
    )
    agreed = _agreed_targets(agreement, unit_agreements)
    if agreed:
        measured = _against_agreement(measured, agreed, bands)
    unit_agreements = tuple(
        item
        for item in unit_agreements
        if any(row.agreement_id == item.pk for row in agreed.values())
    )
    programs = _program_budgets(tree, measured, agreement)
    if agreement is not None:
        pagu = sum((program.pagu for program in programs), ZERO)
        serapan = calculations.serapan(tree.realisasi_anggaran, pagu)
    else:
        pagu, serapan = tree.pagu, tree.serapan
    return LkjipTables(
        year=year,
        years=years,
        baseline_year=period.baseline_year,
        measured=measured,
        rating=_rating((item.figures.capaian for item in measured), bands),
        programs=programs,
        pagu=pagu,
        realisasi=tree.realisasi_anggaran,
        serapan=serapan,
        budget_versions=tree.budget_versions,
        agreement=agreement,
        unit_agreements=unit_agreements,
    )


def _program_budgets(
    tree: PlanTree, measured: list[MeasuredIndicator], agreement
) -> list[ProgramBudget]:
    """Pagu, realisasi, serapan, capaian and efficiency per program, as cascading computes them
    on the tree, but with the pagu the final office PK agrees for the program (when there is
    one) and the capaian the mean of the program's indicators as measured (against the PK's
    targets where it has them)."""
    agreed = (
        {row.node_id: row.amount for row in agreement.budgets.all() if row.node_id}
        if agreement is not None
        else {}
    )
    capaian_of: dict[int, list[Decimal | None]] = {}
    for item in measured:
        capaian_of.setdefault(item.node.pk, []).append(item.figures.capaian)
    programs = []
    for figures in tree.walk():
        if figures.node.level != Level.PROGRAM:
            continue
        pagu = agreed.get(figures.node.pk, figures.pagu)
        serapan = calculations.serapan(figures.realisasi_anggaran, pagu)
        capaian = calculations.mean(capaian_of.get(figures.node.pk, []))
        ratio, efficiency = calculations.efficiency(capaian, serapan)
        programs.append(
            ProgramBudget(
                node=figures.node,
                pagu=pagu,
                realisasi=figures.realisasi_anggaran,
                serapan=serapan,
                capaian=capaian,
                efficiency_ratio=ratio,
                efficiency=efficiency,
            )
        )
    return programs


# --- SPM -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpmTables:
    year: SpmYear
    history: list[SpmYear]  # the years before `year`, and `year` last


def spm_tables(*, organisation: Organisation, year: int) -> SpmTables:
    """The SPM figures of `year` per jenis pelayanan dasar with the office's mean, and the
    capaian of the years before it."""
    history = spm_years(organisation=organisation, years=range(year - SPM_HISTORY_YEARS, year + 1))
    return SpmTables(year=history[-1], history=history)
