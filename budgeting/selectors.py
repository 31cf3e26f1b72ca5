"""Reads of the budget: pagu and realisasi anggaran per node, summed up from the sub kegiatan.

Money is summed in the database per sub kegiatan and up the tree in one pass in Python; every
percentage goes through `renstra.numbers.percentage` (via `cascading.calculations.serapan`).
"""

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from cascading.calculations import roll_up_sum, serapan
from cascading.choices import QUARTERS, Level
from cascading.constants import VERIFIED_ONLY
from cascading.models import PlanNode
from renstra.models import Organisation, RenstraPeriod

from .models import (
    KIND_RANK,
    MONEY,
    SPENDABLE_KINDS,
    BudgetKind,
    BudgetLine,
    BudgetRealisation,
    BudgetVersion,
    Pagu,
    StatedPagu,
    version_label,
)
from .models import RENSTRA_KIND as RENSTRA

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def _money(amount: Decimal) -> Decimal:
    """A sum from the database in Rupiah and sen. SQLite returns sums of decimal columns as
    floats, read back to 15 significant digits; the columns hold whole sen, so sen it is."""
    return amount.quantize(CENT)


CURRENT = "current"  # `budget_by_node` sums the current budget, or RENSTRA's figure


@dataclass(frozen=True)
class BudgetFigures:
    """Pagu, year-to-date realisasi anggaran and serapan of a node, summed from its sub kegiatan.

    `versions` names the budget version(s) the pagu was taken from (`CurrentBudget.label`)."""

    pagu: Decimal
    realisasi: Decimal
    serapan: Decimal | None
    versions: tuple[str, ...] = ()


@dataclass(frozen=True)
class CurrentBudget:
    """The budget a sub kegiatan may spend at a date, and the version it comes from: the latest
    DPA, pergeseran or DPPA in force, else the Renja's pagu indikatif, else the Renstra's
    indicative pagu. `version` is None for the Renstra figure."""

    amount: Decimal
    kind: str  # a BudgetKind, or RENSTRA
    label: str
    version_id: int | None = None


def quarter_end(year: int, quarter: int) -> datetime.date:
    """The last day of `quarter` of `year`: the date a quarter's figures are read at."""
    month = quarter * 3
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def budget_note(versions: Iterable[str]) -> str:
    """The line under a report's title naming the budget version(s) used."""
    names = sorted(set(versions))
    if not names:
        return ""
    return _("Pagu yang dipakai: %(versions)s.") % {"versions": "; ".join(names)}


def current_budgets(
    *,
    year: int,
    as_of: datetime.date,
    period: RenstraPeriod | None = None,
    node_ids: Iterable[int] | None = None,
    period_ids: Iterable[int] | None = None,
) -> dict[int, CurrentBudget]:
    """The current budget (`CurrentBudget`) of every sub kegiatan of `period` (or of `node_ids`,
    or of the periods `period_ids` of many offices at once) for `year` at the date `as_of`; sub
    kegiatan without any figure are left out. Two queries: the versions' sums per sub kegiatan,
    and the Renstra pagu."""
    lines = BudgetLine.objects.filter(version__year=year, version__effective_date__lte=as_of)
    pagu = Pagu.objects.filter(year=year)
    if period is not None:
        lines, pagu = lines.filter(node__period=period), pagu.filter(node__period=period)
    if period_ids is not None:
        period_ids = list(period_ids)
        lines = lines.filter(node__period_id__in=period_ids)
        pagu = pagu.filter(node__period_id__in=period_ids)
    if node_ids is not None:
        node_ids = list(node_ids)
        lines, pagu = lines.filter(node_id__in=node_ids), pagu.filter(node_id__in=node_ids)
    chosen: dict[int, tuple] = {}
    rows = (
        lines.order_by()
        .values_list("node_id", "version_id", "version__kind", "version__effective_date")
        .annotate(total=Sum("amount"))
    )
    for node_id, version_id, kind, effective_date, total in rows:
        spendable = kind in SPENDABLE_KINDS
        rank = (spendable, effective_date, KIND_RANK[BudgetKind(kind)], version_id)
        if node_id not in chosen or rank > chosen[node_id][0]:
            chosen[node_id] = (rank, kind, effective_date, version_id, total)
    result = {
        node_id: CurrentBudget(
            amount=_money(total),
            kind=kind,
            label=version_label(kind, year, effective_date),
            version_id=version_id,
        )
        for node_id, (_rank, kind, effective_date, version_id, total) in chosen.items()
    }
    renstra_label = version_label(RENSTRA, year, None)
    for node_id, total in pagu.order_by().values_list("node_id").annotate(total=Sum("amount")):
        if node_id not in result:
            result[node_id] = CurrentBudget(amount=_money(total), kind=RENSTRA, label=renstra_label)
    return result


def current_budget(*, node: PlanNode, year: int, as_of: datetime.date) -> CurrentBudget | None:
    """The current budget of one sub kegiatan (see `current_budgets`), None when it has none."""
    return current_budgets(year=year, as_of=as_of, node_ids=[node.pk]).get(node.pk)


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
    basis: str = CURRENT,
) -> dict[int, BudgetFigures]:
    """Budget figures of every node of the period for `year`, realisasi up to `quarter`.

    The pagu is the current budget at the end of `quarter` (`current_budgets`), or with
    `basis=RENSTRA` the Renstra's indicative pagu (all sources). Realisasi anggaran (quarters 1
    to `quarter`, the given workflow statuses) is summed in the database; parents get the sums
    of their sub kegiatan. One query, two more for the current budget.
    """
    annotations = {
        "own_realisasi": _sum_per_node(
            BudgetRealisation.objects.filter(
                year=year, quarter__lte=quarter, status__in=list(statuses)
            )
        )
    }
    current: dict[int, CurrentBudget] = {}
    if basis == RENSTRA:
        annotations["own_pagu"] = _sum_per_node(Pagu.objects.filter(year=year))
    else:
        current = current_budgets(period=period, year=year, as_of=quarter_end(year, quarter))
        annotations["own_pagu"] = Value(ZERO, output_field=DecimalField(**MONEY))
    rows = (
        PlanNode.objects.filter(period=period)
        .order_by()
        .annotate(**annotations)
        .values_list("id", "parent_id", "level", "own_pagu", "own_realisasi")
    )
    renstra_label = version_label(RENSTRA, year, None)
    parent_of, pagu, realisasi, labels = {}, {}, {}, {}
    for node_id, parent_id, level, own_pagu, own_realisasi in rows:
        parent_of[node_id] = parent_id
        if level == Level.SUB_KEGIATAN:
            realisasi[node_id] = _money(own_realisasi)
            if basis == RENSTRA:
                pagu[node_id] = _money(own_pagu)
                labels[node_id] = renstra_label
            elif node_id in current:
                pagu[node_id] = current[node_id].amount
                labels[node_id] = current[node_id].label
    pagu_totals = roll_up_sum(parent_of, pagu)
    realisasi_totals = roll_up_sum(parent_of, realisasi)
    versions: dict[int, set[str]] = {node_id: set() for node_id in parent_of}
    for node_id, label in labels.items():
        current_id = node_id
        while current_id is not None:
            versions[current_id].add(label)
            current_id = parent_of[current_id]
    return {
        node_id: BudgetFigures(
            pagu=pagu_totals[node_id],
            realisasi=realisasi_totals[node_id],
            serapan=serapan(realisasi_totals[node_id], pagu_totals[node_id]),
            versions=tuple(sorted(versions[node_id])),
        )
        for node_id in parent_of
    }


@dataclass(frozen=True)
class RenjaPagu:
    """A node's Renja figures: pagu indikatif of year n and prakiraan maju of n+1 (None when
    neither the Renja nor the Renstra has one)."""

    pagu: Decimal
    next_pagu: Decimal | None


def renja_pagu(*, period: RenstraPeriod, year: int) -> tuple[dict[int, RenjaPagu], tuple[str, ...]]:
    """Pagu indikatif and prakiraan maju of every node of `period` for the Renja of `year`,
    summed up from the sub kegiatan, with the versions used: the latest Renja of the year, else
    the Renstra's pagu of year n and n+1 (none past the Renstra's last year). Four queries."""
    parent_of = dict(
        PlanNode.objects.filter(period=period).order_by().values_list("id", "parent_id")
    )
    version = (
        BudgetVersion.objects.filter(
            organisation_id=period.organisation_id, year=year, kind=BudgetKind.RENJA
        )
        .order_by("-effective_date", "-id")
        .first()
    )
    pagu: dict[int, Decimal] = {}
    following: dict[int, Decimal] = {}
    labels: set[str] = set()
    if version is not None:
        rows = (
            version.lines.filter(node__period=period)
            .order_by()
            .values_list("node_id")
            .annotate(total=Sum("amount"), next_total=Sum("next_amount"))
        )
        for node_id, total, next_total in rows:
            pagu[node_id] = _money(total)
            if next_total is not None:
                following[node_id] = _money(next_total)
        if rows:
            labels.add(version.label)
    renstra = (
        Pagu.objects.filter(node__period=period, year__in=(year, year + 1))
        .order_by()
        .values_list("node_id", "year")
        .annotate(total=Sum("amount"))
    )
    for node_id, pagu_year, total in renstra:
        target = pagu if pagu_year == year else following
        if node_id not in target:
            target[node_id] = _money(total)
            labels.add(version_label(RENSTRA, pagu_year, None))
    pagu_totals = roll_up_sum(parent_of, pagu)
    next_totals = roll_up_sum(parent_of, following)
    has_next = set()
    for node_id in following:
        current_id = node_id
        while current_id is not None:
            has_next.add(current_id)
            current_id = parent_of[current_id]
    return (
        {
            node_id: RenjaPagu(
                pagu=pagu_totals[node_id],
                next_pagu=next_totals[node_id] if node_id in has_next else None,
            )
            for node_id in parent_of
        },
        tuple(sorted(labels)),
    )


def renstra_pagu_period(*, period: RenstraPeriod) -> dict[int, Decimal]:
    """The Renstra's indicative pagu of every node of `period` over the period's years (the
    end-of-period column), summed up from its sub kegiatan. Two queries."""
    parent_of = dict(
        PlanNode.objects.filter(period=period).order_by().values_list("id", "parent_id")
    )
    rows = (
        Pagu.objects.filter(
            node__period=period, year__gte=period.start_year, year__lte=period.end_year
        )
        .order_by()
        .values_list("node_id")
        .annotate(total=Sum("amount"))
    )
    return roll_up_sum(parent_of, {node_id: _money(total) for node_id, total in rows})


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


@dataclass(frozen=True)
class StoredVersion:
    """A budget version of an office as the import page lists it: its lines and total, and the
    number of sub kegiatan whose current budget (today) it is."""

    version: BudgetVersion
    lines: int
    sub_kegiatan: int
    total: Decimal
    in_force: int


@dataclass(frozen=True)
class StoredRealisation:
    """The realisation files of a year: the latest `s.d. tanggal`, its accounts and total."""

    year: int
    as_of: datetime.date
    accounts: int
    total: Decimal


def stored_budgets(
    *, organisation: Organisation, today: datetime.date
) -> tuple[list[StoredVersion], list[StoredRealisation]]:
    """What the office's budget imports have stored: every version (latest year first) and, per
    year, the latest cumulative realisation by account. Two queries, and two per year that has
    versions (which one is in force where)."""
    from .models import RealisationAccount

    versions = list(
        BudgetVersion.objects.filter(organisation=organisation)
        .annotate(
            line_count=Count("lines"),
            node_count=Count("lines__node", distinct=True),
            total=Coalesce(Sum("lines__amount"), Value(ZERO), output_field=DecimalField(**MONEY)),
        )
        .order_by("-year", "-effective_date", "-id")
    )
    in_force: dict[int, int] = defaultdict(int)
    period_ids = list(organisation.periods.values_list("pk", flat=True))
    for year in sorted({version.year for version in versions}):
        chosen = current_budgets(year=year, as_of=today, period_ids=period_ids)
        for budget in chosen.values():
            if budget.version_id is not None:
                in_force[budget.version_id] += 1
    stored = [
        StoredVersion(
            version=version,
            lines=version.line_count,
            sub_kegiatan=version.node_count,
            total=_money(Decimal(str(version.total))),
            in_force=in_force[version.pk],
        )
        for version in versions
    ]
    latest: dict[int, StoredRealisation] = {}
    rows = (
        RealisationAccount.objects.filter(node__organisation=organisation)
        .order_by()
        .values_list("year", "as_of")
        .annotate(accounts=Count("id"), total=Sum("amount"))
    )
    for year, as_of, accounts, total in rows:
        if year not in latest or as_of > latest[year].as_of:
            latest[year] = StoredRealisation(year, as_of, accounts, _money(Decimal(str(total))))
    return stored, [latest[year] for year in sorted(latest, reverse=True)]
