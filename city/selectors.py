"""Reads for Bappeda's pages: every office of the city side by side for a year and quarter.

Every figure is the office's own dashboard figure, computed by the same function: capaian per
indicator by `cascading.selectors` (verified values, year to date), the office's IKU capaian as
their mean (`cascading.calculations.mean`), predikat by `calculations.predikat`, serapan by
`calculations.serapan` over the pagu and realisasi anggaran of the sub kegiatan (what
`budgeting.selectors.budget_by_node` sums up to the plan's roots). The difference is that each
read here takes every office at once: a fixed number of queries however many offices the city
has.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from budgeting.models import BudgetRealisation
from budgeting.selectors import CENT, current_budgets, quarter_end
from cascading import calculations
from cascading.choices import Level, Status
from cascading.constants import VERIFIED_ONLY
from cascading.models import Indicator, IndicatorTarget, PlanNode, PredikatBand, Realisation
from cascading.selectors import IndicatorFigures, indicator_figures
from renstra.dashboard.constants import SERAPAN_AHEAD_POINTS, SERAPAN_BEHIND_POINTS
from renstra.models import Organisation, RenstraPeriod
from renstra.numbers import percentage

from .constants import DEFAULT_SORT, LOW_CAPAIAN, SORT_KEYS

ZERO = Decimal("0.00")
REACHED_SUBMISSION = (Status.SUBMITTED, Status.VERIFIED)


@dataclass(frozen=True)
class Flag:
    """An attention flag (tanda perhatian) on an office's row."""

    key: str
    label: str


@dataclass
class OfficeRow:
    """One office in a year, figures up to a quarter (verified values, as its own dashboard)."""

    organisation: Organisation
    period: RenstraPeriod | None
    iku: list[IndicatorFigures] = field(default_factory=list)
    capaian: Decimal | None = None
    predikat: PredikatBand | None = None
    pagu: Decimal = ZERO
    realisasi_anggaran: Decimal = ZERO
    serapan: Decimal | None = None
    indicators: int = 0
    entered: int = 0
    submitted: int = 0
    verified: int = 0
    backlog: int = 0
    returned: int = 0
    flags: list[Flag] = field(default_factory=list)
    review: object | None = None

    @property
    def entry_progress(self) -> Decimal | None:
        """Share of the indicators with a target this year that have a value for the quarter."""
        return percentage(Decimal(self.entered), Decimal(self.indicators))

    @property
    def missing(self) -> int:
        return self.indicators - self.entered


@dataclass(frozen=True)
class CityOverview:
    year: int
    quarter: int
    sort: str
    rows: list[OfficeRow]

    @property
    def sort_key(self) -> str:
        return self.sort.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")


class SortRefused(ValueError):
    """`?urut=` names no column of the table."""


def parse_sort(text: str | None) -> str:
    """A whitelisted sort (`capaian`, `-serapan`, ...); the default for an empty value; raises
    SortRefused for anything else."""
    if not text:
        return DEFAULT_SORT
    if text.lstrip("-") in SORT_KEYS and text.count("-") <= 1 and not text.endswith("-"):
        return text
    raise SortRefused(text)


def periods_for_year(offices: list[Organisation], year: int) -> dict[int, RenstraPeriod]:
    """Each office's Renstra period holding `year` (the latest starting one, as
    `renstra.scope.period_for`): one query for every office."""
    chosen: dict[int, RenstraPeriod] = {}
    rows = RenstraPeriod.objects.filter(
        organisation__in=offices, start_year__lte=year, end_year__gte=year
    ).order_by("organisation_id", "-start_year")
    for period in rows:
        chosen.setdefault(period.organisation_id, period)
    return chosen


def _sum_by_period(queryset, period_field: str) -> dict[int, Decimal]:
    rows = queryset.order_by().values_list(period_field).annotate(total=Sum("amount"))
    return {period_id: Decimal(str(total)).quantize(CENT) for period_id, total in rows}


def _budget(period_ids: list[int], year: int, quarter: int) -> tuple[dict, dict]:
    """Pagu (the current budget at the end of `quarter`, as `budget_by_node` reads it) and
    realisasi anggaran (verified, quarters up to `quarter`) of each period's sub kegiatan for
    `year`: four queries. The same rows `budget_by_node` sums for a plan's roots."""
    leaves = {"node__period_id__in": period_ids, "node__level": Level.SUB_KEGIATAN}
    budgets = current_budgets(year=year, as_of=quarter_end(year, quarter), period_ids=period_ids)
    period_of = dict(PlanNode.objects.filter(pk__in=list(budgets)).values_list("pk", "period_id"))
    pagu: dict[int, Decimal] = defaultdict(Decimal)
    for node_id, budget in budgets.items():
        pagu[period_of[node_id]] += budget.amount
    realisasi = _sum_by_period(
        BudgetRealisation.objects.filter(
            year=year, quarter__lte=quarter, status__in=list(VERIFIED_ONLY), **leaves
        ),
        "node__period_id",
    )
    return pagu, realisasi


def _progress(period_ids: list[int], year: int, quarter: int) -> dict[int, dict]:
    """Per period: indicators with a target in `year` (a "-" asks for none), and how many have a
    value for `quarter` entered, submitted, verified: one aggregate query (as the office
    dashboard's `unit_progress`, summed over units)."""
    has_target = IndicatorTarget.objects.filter(indicator=OuterRef("pk"), year=year).filter(
        Q(value__isnull=False) | ~Q(grade="")
    )
    in_quarter = Q(realisations__year=year, realisations__quarter=quarter)
    rows = (
        Indicator.objects.filter(Exists(has_target), node__period_id__in=period_ids)
        .order_by()
        .values("node__period_id")
        .annotate(
            indicators=Count("id", distinct=True),
            entered=Count("realisations", filter=in_quarter),
            submitted=Count(
                "realisations",
                filter=in_quarter & Q(realisations__status__in=REACHED_SUBMISSION),
            ),
            verified=Count(
                "realisations", filter=in_quarter & Q(realisations__status=Status.VERIFIED)
            ),
        )
    )
    return {row["node__period_id"]: row for row in rows}


def _workflow_counts(period_ids: list[int], year: int, quarter: int) -> dict[int, dict]:
    """Per period: values (indicator and budget) of the year up to `quarter` waiting for
    verification, and those returned to their authors: two queries."""
    counts: dict[int, dict] = defaultdict(lambda: {"backlog": 0, "returned": 0})
    aggregates = {
        "backlog": Count("id", filter=Q(status=Status.SUBMITTED)),
        "returned": Count("id", filter=Q(status=Status.RETURNED)),
    }
    for model, path in (
        (Realisation, "indicator__node__period_id"),
        (BudgetRealisation, "node__period_id"),
    ):
        rows = (
            model.objects.filter(**{f"{path}__in": period_ids}, year=year, quarter__lte=quarter)
            .order_by()
            .values(path)
            .annotate(**aggregates)
        )
        for row in rows:
            counts[row[path]]["backlog"] += row["backlog"]
            counts[row[path]]["returned"] += row["returned"]
    return counts


def _flags(row: OfficeRow) -> list[Flag]:
    flags = []
    if row.period is None:
        return [Flag("no-plan", _("Belum ada Renstra untuk tahun ini"))]
    if row.organisation.demo_data:
        flags.append(Flag("demo", _("Berisi DATA CONTOH")))
    if row.missing > 0:
        flags.append(Flag("missing", _("%(count)s indikator belum diisi") % {"count": row.missing}))
    if row.returned:
        flags.append(Flag("returned", _("%(count)s entri dikembalikan") % {"count": row.returned}))
    if row.backlog:
        flags.append(
            Flag("backlog", _("%(count)s entri menunggu verifikasi") % {"count": row.backlog})
        )
    if row.capaian is not None and row.capaian < LOW_CAPAIAN:
        flags.append(Flag("low", _("Capaian IKU rendah")))
    if row.capaian is not None and row.serapan is not None:
        if row.serapan - row.capaian > SERAPAN_AHEAD_POINTS:
            flags.append(Flag("ahead", _("Serapan jauh mendahului capaian")))
        elif row.capaian - row.serapan > SERAPAN_BEHIND_POINTS:
            flags.append(Flag("behind", _("Serapan jauh tertinggal dari capaian")))
    return flags


def _sort_value(row: OfficeRow, key: str):
    """Rows without the figure go last whichever the direction."""
    value = {
        "nama": row.organisation.name.casefold(),
        "capaian": row.capaian,
        "serapan": row.serapan,
        "entri": row.entry_progress,
        "antrean": row.backlog,
        "kembali": row.returned,
    }[key]
    return value


def _sorted(rows: list[OfficeRow], sort: str) -> list[OfficeRow]:
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    present = [row for row in rows if _sort_value(row, key) is not None]
    absent = [row for row in rows if _sort_value(row, key) is None]
    present.sort(key=lambda row: row.organisation.name.casefold())
    present.sort(key=lambda row: _sort_value(row, key), reverse=descending)
    return present + absent


def city_overview(
    *, year: int, quarter: int, sort: str = DEFAULT_SORT, only: Organisation | None = None
) -> CityOverview:
    """Every office of the city in `year`, figures up to `quarter`, sorted by `sort` (already
    parsed by `parse_sort`); with `only`, that office's row alone (Bappeda's review page).
    Ten queries, whatever the number of offices."""
    offices = [only] if only is not None else list(Organisation.objects.order_by("name"))
    periods = periods_for_year(offices, year)
    period_ids = [period.pk for period in periods.values()]
    bands = list(PredikatBand.objects.all())
    iku = list(
        Indicator.objects.filter(node__period_id__in=period_ids, is_iku=True)
        .select_related("node")
        .order_by("node__code_key", "order")
    )
    figures = indicator_figures(
        iku,
        scope=Q(indicator__node__period_id__in=period_ids),
        years=[year],
        quarter=quarter,
        statuses=VERIFIED_ONLY,
        bands=bands,
    )
    iku_by_period: dict[int, list[IndicatorFigures]] = defaultdict(list)
    for indicator in iku:
        iku_by_period[indicator.node.period_id].append(figures[indicator.pk, year])
    pagu, realisasi = _budget(period_ids, year, quarter)
    progress = _progress(period_ids, year, quarter)
    workflow = _workflow_counts(period_ids, year, quarter)
    reviews = quarter_reviews(year=year, quarter=quarter)

    rows = []
    for office in offices:
        period = periods.get(office.pk)
        row = OfficeRow(organisation=office, period=period, review=reviews.get(office.pk))
        if period is not None:
            row.iku = iku_by_period[period.pk]
            row.capaian = calculations.mean(item.capaian for item in row.iku)
            row.predikat = calculations.predikat(row.capaian, bands)
            row.pagu = pagu.get(period.pk, ZERO)
            row.realisasi_anggaran = realisasi.get(period.pk, ZERO)
            row.serapan = calculations.serapan(row.realisasi_anggaran, row.pagu)
            counts = progress.get(period.pk, {})
            row.indicators = counts.get("indicators", 0)
            row.entered = counts.get("entered", 0)
            row.submitted = counts.get("submitted", 0)
            row.verified = counts.get("verified", 0)
            row.backlog = workflow[period.pk]["backlog"]
            row.returned = workflow[period.pk]["returned"]
        row.flags = _flags(row)
        rows.append(row)
    return CityOverview(year=year, quarter=quarter, sort=sort, rows=_sorted(rows, sort))


@dataclass(frozen=True)
class PemdaIndicatorFigures:
    """An IKU Pemda in a year: target, realisation (entered by Bappeda) or the linked office
    indicators' figures, capaian and predikat."""

    indicator: object
    target: Decimal | None
    realisation: Decimal | None
    linked: list[IndicatorFigures]
    capaian: Decimal | None
    predikat: PredikatBand | None

    @property
    def computed(self) -> bool:
        """True when the capaian comes from the office indicators linked to it."""
        return bool(self.linked)


@dataclass(frozen=True)
class PemdaGoalRow:
    goal: object
    indicators: list[PemdaIndicatorFigures]
    offices: list


@dataclass(frozen=True)
class RpjmdTable:
    """The IKU Pemda of an RPJMD for a year, figures up to a quarter (verified office values)."""

    rpjmd: object
    year: int
    quarter: int
    tujuan: list
    sasaran: list[PemdaGoalRow]


def rpjmd_table(*, rpjmd, year: int, quarter: int = 4) -> RpjmdTable:
    """Every Sasaran Pemda of `rpjmd` with its IKU Pemda for `year` and the offices' Tujuan and
    Sasaran linked to it. An IKU Pemda linked to office indicators takes the mean of their
    capaian (`calculations.mean`; each capaian by `cascading.selectors`, verified, year to date
    up to `quarter`); one without a link takes the capaian of the realisation Bappeda entered
    (`calculations.capaian`). Eight queries, whatever the number of offices and indicators."""
    from .models import GoalLink, PemdaGoal, PemdaIndicator, PemdaRealisation, PemdaTarget

    bands = list(PredikatBand.objects.all())
    goals = list(PemdaGoal.objects.filter(rpjmd=rpjmd).order_by("code"))
    indicators = list(
        PemdaIndicator.objects.filter(goal__rpjmd=rpjmd)
        .prefetch_related("office_indicators__node__organisation")
        .order_by("goal_id", "order")
    )
    targets = {
        target.indicator_id: target.value
        for target in PemdaTarget.objects.filter(indicator__goal__rpjmd=rpjmd, year=year)
    }
    entered = {
        item.indicator_id: item.value
        for item in PemdaRealisation.objects.filter(indicator__goal__rpjmd=rpjmd, year=year)
    }
    office_indicators = {
        office.pk: office for item in indicators for office in item.office_indicators.all()
    }
    figures = indicator_figures(
        list(office_indicators.values()),
        scope=Q(indicator_id__in=list(office_indicators)),
        years=[year],
        quarter=quarter,
        statuses=VERIFIED_ONLY,
        bands=bands,
    )
    links = defaultdict(list)
    for link in GoalLink.objects.filter(goal__rpjmd=rpjmd).select_related(
        "node__organisation", "node__period"
    ):
        links[link.goal_id].append(link.node)
    by_goal: dict[int, list[PemdaIndicatorFigures]] = defaultdict(list)
    for item in indicators:
        linked = [figures[office.pk, year] for office in item.office_indicators.all()]
        target = targets.get(item.pk)
        realisation = None if linked else entered.get(item.pk)
        if linked:
            capaian = calculations.mean(office.capaian for office in linked)
        else:
            capaian = calculations.capaian(
                polarity=item.polarity, target=target, realisation=realisation
            )
        by_goal[item.goal_id].append(
            PemdaIndicatorFigures(
                indicator=item,
                target=target,
                realisation=realisation,
                linked=linked,
                capaian=capaian,
                predikat=calculations.predikat(capaian, bands),
            )
        )
    return RpjmdTable(
        rpjmd=rpjmd,
        year=year,
        quarter=quarter,
        tujuan=[goal for goal in goals if goal.kind == PemdaGoal.Kind.TUJUAN],
        sasaran=[
            PemdaGoalRow(goal=goal, indicators=by_goal[goal.pk], offices=links[goal.pk])
            for goal in goals
            if goal.kind == PemdaGoal.Kind.SASARAN
        ],
    )


def pemda_links(period: RenstraPeriod) -> dict[int, object]:
    """The Sasaran Pemda each linked Tujuan or Sasaran of an office's period serves:
    {node id: PemdaGoal}. One query."""
    from .models import GoalLink

    return {
        link.node_id: link.goal
        for link in GoalLink.objects.filter(node__period=period).select_related("goal__rpjmd")
    }


def quarter_reviews(*, year: int, quarter: int) -> dict[int, object]:
    """Bappeda's review of each office's evaluasi Renja for the quarter: {office id: review}.
    One query."""
    from .models import QuarterReview

    return {
        review.organisation_id: review
        for review in QuarterReview.objects.filter(year=year, quarter=quarter).select_related(
            "reviewer"
        )
    }


def office_reviews(*, organisation: Organisation, year: int) -> list:
    """An office's reviews of a year, latest quarter first (its home page shows them)."""
    from .models import QuarterReview

    return list(
        QuarterReview.objects.filter(organisation=organisation, year=year)
        .select_related("reviewer")
        .order_by("-quarter")
    )


def reviewer_name(*, organisation: Organisation, year: int) -> str:
    """The name for the "Dievaluasi" block of the office's evaluasi Renja of `year`: who
    marked its latest reviewed quarter reviewed; empty before any review. One query."""
    from .models import QuarterReview

    review = (
        QuarterReview.objects.filter(
            organisation=organisation, year=year, status=QuarterReview.Status.REVIEWED
        )
        .select_related("reviewer")
        .order_by("-quarter")
        .first()
    )
    if review is None:
        return ""
    return review.reviewer.get_full_name() or review.reviewer.get_username()


PUBLIC_CACHE_SECONDS = 3600
PUBLIC_CACHE_VERSION_KEY = "city-public-version"


def closed_quarter(today) -> tuple[int, int]:
    """The latest quarter that has ended before `today`."""
    quarter = (today.month - 1) // 3  # the current quarter's predecessor, 0 meaning last year's
    if quarter == 0:
        return today.year - 1, 4
    return today.year, quarter


def published_quarter(today) -> tuple[int, int]:
    """The quarter the public page shows: the latest that has ended and, where Bappeda's
    schedule sets one, whose verification date has passed (its figures are final). One query."""
    from .models import Schedule

    year, quarter = closed_quarter(today)
    open_until = {
        (item_year, item_quarter): verify_due
        for item_year, item_quarter, verify_due in Schedule.objects.filter(
            year__in=[year - 1, year]
        ).values_list("year", "quarter", "verify_due")
    }
    while (year, quarter) in open_until and open_until[year, quarter] >= today:
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return year, quarter


@dataclass(frozen=True)
class PublicRow:
    name: str
    capaian: Decimal | None
    predikat: str
    serapan: Decimal | None


@dataclass(frozen=True)
class PublicOverview:
    year: int
    quarter: int
    rows: list[PublicRow]


def public_overview(*, today) -> PublicOverview:
    """What the public page shows: each office's capaian IKU, predikat and serapan for the latest
    closed quarter (`published_quarter`), verified values only, offices holding demo data left
    out; nothing else (no counts, no names of people, no notes). Cached for an hour (and
    dropped when Bappeda changes the page's settings)."""
    from django.core.cache import cache

    year, quarter = published_quarter(today)
    version = cache.get_or_set(PUBLIC_CACHE_VERSION_KEY, lambda: str(today), None)
    key = f"city-public:{version}:{year}:{quarter}"
    found = cache.get(key)
    if found is not None:
        return found
    overview = city_overview(year=year, quarter=quarter)
    rows = [
        PublicRow(
            name=row.organisation.name,
            capaian=row.capaian,
            predikat=row.predikat.label if row.predikat else "",
            serapan=row.serapan,
        )
        for row in overview.rows
        if row.period is not None and not row.organisation.demo_data
    ]
    found = PublicOverview(year=year, quarter=quarter, rows=rows)
    cache.set(key, found, PUBLIC_CACHE_SECONDS)
    return found


def pemda_notes(period: RenstraPeriod) -> tuple[str, ...]:
    """The Renstra report's footnotes naming the Sasaran Pemda each linked Tujuan or Sasaran of
    the office serves (Tabel 6.1's first column). One query."""
    from .models import GoalLink

    links = (
        GoalLink.objects.filter(node__period=period)
        .select_related("node", "goal__rpjmd")
        .order_by("node__code_key")
    )
    return tuple(
        _('%(level)s %(code)s "%(node)s" mendukung Sasaran Pemda "%(goal)s" (%(rpjmd)s).')
        % {
            "level": link.node.get_level_display(),
            "code": link.node.code,
            "node": link.node.name,
            "goal": link.goal.name,
            "rpjmd": link.goal.rpjmd.name,
        }
        for link in links
    )
