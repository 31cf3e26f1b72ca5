"""Reads of the budget: pagu and realisasi anggaran per node, summed up from the sub kegiatan.

Money is summed in the database per sub kegiatan and up the tree in one pass in Python; every
percentage goes through `renstra.numbers.percentage` (via `cascading.calculations.serapan`).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from cascading.calculations import roll_up_sum, serapan
from cascading.choices import QUARTERS, Level
from cascading.constants import VERIFIED_ONLY
from cascading.models import PlanNode
from renstra.models import Organisation, RenstraPeriod

from .models import MONEY, BudgetRealisation, Pagu, StatedPagu

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def _money(amount: Decimal) -> Decimal:
    """A sum from the database in Rupiah and sen. SQLite returns sums of decimal columns as
    floats, read back to 15 significant digits; the columns hold whole sen, so sen it is."""
    return amount.quantize(CENT)


@dataclass(frozen=True)
class BudgetFigures:
    """Pagu, year-to-date realisasi anggaran and serapan of a node, summed from its sub kegiatan."""

    pagu: Decimal
    realisasi: Decimal
    serapan: Decimal | None


@dataclass(frozen=True)
class PaguDifference:
    """A Rupiah figure printed in the plan that differs from the sum of its sub kegiatan's pagu.

    `year` is None for the end-of-period column (the sum over the period's years).
    """

    node: PlanNode
    year: int | None
    stated: Decimal
    computed: Decimal

    @property
    def difference(self) -> Decimal:
        return self.stated - self.computed


def _sum_per_node(queryset) -> Coalesce:
    """The sum of `amount` of the rows of `queryset` belonging to the outer node, 0 when none."""
    total = (
        queryset.filter(node=OuterRef("pk"))
        .order_by()
        .values("node")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = DecimalField(**MONEY)
    return Coalesce(Subquery(total, output_field=money), ZERO, output_field=money)


def budget_by_node(
    *,
    period: RenstraPeriod,
    year: int,
    quarter: int = 4,
    statuses: Iterable[str] = VERIFIED_ONLY,
) -> dict[int, BudgetFigures]:
    """Budget figures of every node of the period for `year`, realisasi up to `quarter`.

    One query: each sub kegiatan's pagu (all sources) and realisasi anggaran (quarters 1 to
    `quarter`, the given workflow statuses) are summed in the database; parents get the sums of
    their sub kegiatan.
    """
    rows = (
        PlanNode.objects.filter(period=period)
        .order_by()
        .annotate(
            own_pagu=_sum_per_node(Pagu.objects.filter(year=year)),
            own_realisasi=_sum_per_node(
                BudgetRealisation.objects.filter(
                    year=year, quarter__lte=quarter, status__in=list(statuses)
                )
            ),
        )
        .values_list("id", "parent_id", "level", "own_pagu", "own_realisasi")
    )
    parent_of, pagu, realisasi = {}, {}, {}
    for node_id, parent_id, level, own_pagu, own_realisasi in rows:
        parent_of[node_id] = parent_id
        if level == Level.SUB_KEGIATAN:
            pagu[node_id], realisasi[node_id] = _money(own_pagu), _money(own_realisasi)
    pagu_totals = roll_up_sum(parent_of, pagu)
    realisasi_totals = roll_up_sum(parent_of, realisasi)
    return {
        node_id: BudgetFigures(
            pagu=pagu_totals[node_id],
            realisasi=realisasi_totals[node_id],
            serapan=serapan(realisasi_totals[node_id], pagu_totals[node_id]),
        )
        for node_id in parent_of
    }


def stated_pagu_differences(*, organisation: Organisation) -> list[PaguDifference]:
    """Every printed Rupiah figure (StatedPagu) of the office that differs from the sum of the
    sub kegiatan pagu below its node, for its year or, for the end-of-period column, over the years
    of the node's period. Three queries."""
    parent_of = dict(
        PlanNode.objects.filter(organisation=organisation).order_by().values_list("id", "parent_id")
    )
    leaf_pagu_by_year: dict[int, dict[int, Decimal]] = defaultdict(dict)
    leaf_pagu_period: dict[int, Decimal] = defaultdict(lambda: ZERO)
    leaf_rows = (
        Pagu.objects.filter(
            node__organisation=organisation,
            year__gte=F("node__period__start_year"),
            year__lte=F("node__period__end_year"),
        )
        .order_by()
        .values_list("node_id", "year")
        .annotate(total=Sum("amount"))
    )
    for node_id, year, total in leaf_rows:
        leaf_pagu_by_year[year][node_id] = _money(total)
        leaf_pagu_period[node_id] += _money(total)
    totals_by_year = {
        year: roll_up_sum(parent_of, values) for year, values in leaf_pagu_by_year.items()
    }
    period_totals = roll_up_sum(parent_of, leaf_pagu_period)
    differences = []
    stated_rows = StatedPagu.objects.filter(node__organisation=organisation).select_related(
        "node", "node__period"
    )
    for stated in stated_rows:
        if stated.year is None:
            computed = period_totals[stated.node_id]
        else:
            computed = totals_by_year.get(stated.year, {}).get(stated.node_id, ZERO)
        if stated.amount != computed:
            differences.append(
                PaguDifference(
                    node=stated.node, year=stated.year, stated=stated.amount, computed=computed
                )
            )
    return differences


def realisasi_by_quarter(
    *,
    period: RenstraPeriod,
    year: int,
    statuses: Iterable[str] = VERIFIED_ONLY,
) -> dict[int, dict[int, Decimal]]:
    """Realisasi anggaran of every node of the period in each quarter of `year` (that quarter's
    own spending, not year to date), summed up from its sub kegiatan: {node id: {quarter: Rp}},
    0 where nothing was spent. Two queries."""
    parent_of = dict(
        PlanNode.objects.filter(period=period).order_by().values_list("id", "parent_id")
    )
    by_quarter: dict[int, dict[int, Decimal]] = defaultdict(dict)
    rows = (
        BudgetRealisation.objects.filter(
            node__period=period,
            node__level=Level.SUB_KEGIATAN,
            year=year,
            status__in=list(statuses),
        )
        .order_by()
        .values_list("quarter", "node_id")
        .annotate(total=Sum("amount"))
    )
    for quarter, node_id, total in rows:
        by_quarter[quarter][node_id] = _money(total)
    totals = {quarter: roll_up_sum(parent_of, by_quarter[quarter]) for quarter in QUARTERS}
    return {
        node_id: {quarter: totals[quarter][node_id] for quarter in QUARTERS}
        for node_id in parent_of
    }


def funding_sources_by_node(*, period: RenstraPeriod, year: int) -> dict[int, list[str]]:
    """The names of the funding sources (sumber dana) of each node's pagu in `year`: its own for a
    sub kegiatan, those of the sub kegiatan below it for a parent; in name order, empty when
    the node has no pagu that year. Two queries."""
    parent_of = dict(
        PlanNode.objects.filter(period=period).order_by().values_list("id", "parent_id")
    )
    names: dict[int, set[str]] = {node_id: set() for node_id in parent_of}
    rows = (
        Pagu.objects.filter(node__period=period, year=year)
        .order_by()
        .values_list("node_id", "source__name")
        .distinct()
    )
    for node_id, name in rows:
        current = node_id
        while current is not None:
            names[current].add(name)
            current = parent_of[current]
    return {node_id: sorted(found) for node_id, found in names.items()}
