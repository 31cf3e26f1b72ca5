"""Reads for the entry and verification pages, in a fixed number of queries per page."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from budgeting.models import BudgetRealisation
from cascading.choices import QUARTERS, Level, Status
from cascading.constants import SUBMITTED_AND_VERIFIED
from cascading.models import Realisation
from cascading.selectors import IndicatorFigures, NodeFigures, plan_tree
from cascading.workflow import EDITABLE, Authorship, authorship
from performance.action_plan import ActionPlanFigure, action_plan_figure, quarter_targets
from renstra.models import Organisation, RenstraPeriod, Unit
from renstra.numbers import format_decimal, format_measure
from renstra.permissions import UnitScope, entry_scope
from renstra.scope import clean_text, period_for, unit_id_from
from renstra.selectors import LockBook, locked_quarters

# The entry page shows what the user is working on, so drafts count in its figures.
ALL_STATUSES = tuple(Status.values)


@dataclass
class EntryLine:
    """One line of the entry sheet: a heading, an indicator row or a sub kegiatan's budget row."""

    kind: str  # "heading", "indicator" or "budget"
    node: NodeFigures
    figures: IndicatorFigures | None = None
    records: dict[int, object] = field(default_factory=dict)
    editable: bool = False
    locked: bool = False
    quarter: int = 4
    errors: dict[str, str] = field(default_factory=dict)
    typed: dict[str, str] = field(default_factory=dict)
    doubtful: bool = False  # refused as implausible: the row asks for a confirmation and a note
    action_plan: ActionPlanFigure | None = None  # the quarter's rencana aksi target and capaian

    @property
    def current(self):
        return self.records.get(self.quarter)

    @property
    def key(self) -> str:
        if self.kind == "indicator":
            return f"i{self.figures.indicator.pk}"
        return f"b{self.node.node.pk}"

    @property
    def quarter_records(self) -> list:
        return [self.records.get(number) for number in QUARTERS]

    @property
    def history_kind(self) -> str:
        return "indikator" if self.kind == "indicator" else "anggaran"

    @property
    def shown_value(self) -> str:
        """The current value as the input shows it (Indonesian format), "" when none."""
        current = self.current
        if current is None:
            return ""
        if self.kind == "budget":
            return format_decimal(current.amount, places=2)
        return current.grade or format_measure(current.value, empty="")

    @property
    def figure(self) -> Decimal | None:
        """Capaian of the indicator, or serapan of the sub kegiatan, year to date."""
        return self.figures.capaian if self.kind == "indicator" else self.node.serapan


# `?status=` of the entry sheet: which rows to show, by the state of this quarter's value.
SHOW_EMPTY = "kosong"
STATUS_FILTERS = {
    SHOW_EMPTY: None,
    "draf": Status.DRAFT,
    "dikembalikan": Status.RETURNED,
    "diajukan": Status.SUBMITTED,
    "terverifikasi": Status.VERIFIED,
}
SEARCH_MAX_LENGTH = 100


@dataclass(frozen=True)
class SheetFilters:
    """Which rows of the entry sheet to show: one unit (`unit`), one state of the quarter's value
    (`status`: kosong, draf, dikembalikan, diajukan, terverifikasi) and a text in the code or
    name of the indicator or its node (`cari`)."""

    unit_id: int | None = None
    status: str = ""
    text: str = ""

    @classmethod
    def from_query(cls, data) -> "SheetFilters":
        status = data.get("status", "")
        return cls(
            unit_id=unit_id_from(data),
            status=status if status in STATUS_FILTERS else "",
            text=clean_text(data.get("cari"))[:SEARCH_MAX_LENGTH],
        )

    @property
    def active(self) -> bool:
        return bool(self.unit_id or self.status or self.text)

    def params(self) -> dict[str, str]:
        """The query-string parameters that keep these filters on a link or a form."""
        params = {"unit": str(self.unit_id or ""), "status": self.status, "cari": self.text}
        return {name: value for name, value in params.items() if value}

    def keeps(self, line: "EntryLine") -> bool:
        node = line.node.node
        if self.unit_id is not None and node.unit_id != self.unit_id:
            return False
        if self.status:
            current = line.current
            wanted = STATUS_FILTERS[self.status]
            if (current is None) != (wanted is None):
                return False
            if current is not None and current.status != wanted:
                return False
        if self.text:
            needle = self.text.casefold()
            names = [node.code, node.name]
            if line.kind == "indicator":
                names += [line.figures.indicator.code, line.figures.indicator.name]
            if not any(needle in name.casefold() for name in names):
                return False
        return True


NO_FILTERS = SheetFilters()


@dataclass
class EntrySheet:
    organisation: Organisation
    period: RenstraPeriod
    year: int
    quarter: int
    lines: list[EntryLine]
    locks: LockBook
    scope: UnitScope
    filters: SheetFilters = NO_FILTERS
    rows: int = 0  # value rows the user may see this quarter, before the filters
    returned: int = 0  # of them, returned by a verifier
    empty: int = 0  # of them, without a value yet
    locked_quarters: frozenset[tuple[int, int]] = frozenset()  # of the period, for the navigation

    @property
    def editable_lines(self) -> list[EntryLine]:
        return [line for line in self.lines if line.kind != "heading" and line.editable]

    @property
    def shown_rows(self) -> int:
        return sum(1 for line in self.lines if line.kind != "heading")

    @property
    def lock(self):
        return self.locks.lock_for(self.quarter)

    @property
    def quarter_links(self) -> list[tuple[int, int, bool]]:
        """(year, quarter, locked) for every quarter of the period, in order."""
        return [
            (year, quarter, (year, quarter) in self.locked_quarters)
            for year in self.period.years
            for quarter in QUARTERS
        ]


def _walk(node_figures: NodeFigures):
    yield node_figures
    for child in node_figures.children:
        yield from _walk(child)


def entry_sheet(
    *,
    user,
    organisation: Organisation,
    year: int,
    quarter: int,
    only: set[str] | None = None,
    filters: SheetFilters = NO_FILTERS,
) -> EntrySheet:
    """Everything the user may enter for a quarter, grouped program > kegiatan > sub kegiatan.

    `only` limits the lines to some keys (`i<indicator id>`, `b<node id>`) for re-rendering rows;
    `filters` to the rows the user asked for. Both are applied to the rows already read, so the
    number of queries does not depend on them or on the number of rows.
    """
    period = period_for(organisation, year)
    scope = entry_scope(user, organisation.pk)
    tree = plan_tree(period=period, year=year, quarter=quarter, statuses=ALL_STATUSES)
    locks = LockBook.load(organisation_id=organisation.pk, year=year)
    realisations = {
        (record.indicator_id, record.quarter): record
        for record in Realisation.objects.filter(
            indicator__node__period=period, year=year
        ).select_related("created_by", "updated_by")
    }
    budget = {
        (record.node_id, record.quarter): record
        for record in BudgetRealisation.objects.filter(
            node__period=period, year=year
        ).select_related("created_by", "updated_by")
    }

    lines: list[EntryLine] = []
    for root in tree.roots:
        for node_figures in _walk(root):
            node = node_figures.node
            if not scope.allows(node.unit_id):
                continue
            locked = locks.is_locked(quarter=quarter, unit_id=node.unit_id)
            if node.level in (Level.PROGRAM, Level.KEGIATAN):
                lines.append(EntryLine("heading", node_figures, quarter=quarter))
            for figures in node_figures.indicators:
                indicator_id = figures.indicator.pk
                records = {n: realisations.get((indicator_id, n)) for n in QUARTERS}
                lines.append(
                    _entry_line("indicator", node_figures, records, locked, quarter, figures)
                )
            if node.level == Level.SUB_KEGIATAN:
                records = {n: budget.get((node.pk, n)) for n in QUARTERS}
                lines.append(_entry_line("budget", node_figures, records, locked, quarter))
    rows = [line for line in lines if line.kind != "heading"]
    action_plans = quarter_targets(period=period, year=year)
    for line in rows:
        if line.kind == "indicator":
            line.action_plan = action_plan_figure(
                line.figures, action_plans.get(line.figures.indicator.pk, {}), quarter
            )
    counts = {
        "rows": len(rows),
        "returned": sum(
            1 for line in rows if line.current and line.current.status == Status.RETURNED
        ),
        "empty": sum(1 for line in rows if line.current is None),
    }
    if only is not None:
        lines = [line for line in rows if line.key in only]
    else:
        lines = [line for line in lines if line.kind == "heading" or filters.keeps(line)]
        lines = _drop_empty_headings(lines)
        counts["locked_quarters"] = locked_quarters(
            organisation_id=organisation.pk, years=period.years
        )
    return EntrySheet(
        organisation, period, year, quarter, lines, locks, scope, filters=filters, **counts
    )


@dataclass(frozen=True)
class SubmitPreview:
    """What "Ajukan semua draf" would do for a quarter (optionally one unit): the records it
    submits, and the rows the user may enter that still have no value."""

    records: list
    empty: list[EntryLine]


def submit_preview(sheet: EntrySheet, unit_id: int | None) -> SubmitPreview:
    lines = [
        line
        for line in sheet.lines
        if line.kind != "heading" and (unit_id is None or line.node.node.unit_id == unit_id)
    ]
    return SubmitPreview(
        records=[
            line.current
            for line in lines
            if line.current is not None and line.current.status in EDITABLE
        ],
        empty=[line for line in lines if line.current is None and line.editable],
    )


@dataclass(frozen=True)
class ReturnedQuarter:
    """How many of the user's values in a quarter a verifier returned."""

    year: int
    quarter: int
    count: int


def returned_by_quarter(*, user, organisation: Organisation) -> list[ReturnedQuarter]:
    """The quarters in which values the user may correct were returned, with how many: two
    queries."""
    scope = entry_scope(user, organisation.pk)
    if scope.empty:
        return []
    counts: dict[tuple[int, int], int] = {}
    for model, unit_field in (
        (Realisation, "indicator__node__unit"),
        (BudgetRealisation, "node__unit"),
    ):
        office = {unit_field.removesuffix("unit") + "organisation": organisation}
        rows = (
            model.objects.filter(scope.q(unit_field), status=Status.RETURNED, **office)
            .values_list("year", "quarter")
            .annotate(count=Count("id"))
            .order_by()
        )
        for year, quarter, count in rows:
            counts[year, quarter] = counts.get((year, quarter), 0) + count
    return [
        ReturnedQuarter(year, quarter, count) for (year, quarter), count in sorted(counts.items())
    ]


def _entry_line(kind, node_figures, records, locked, quarter, figures=None) -> EntryLine:
    current = records.get(quarter)
    editable = not locked and (current is None or current.status in EDITABLE)
    return EntryLine(kind, node_figures, figures, records, editable, locked, quarter=quarter)


def _drop_empty_headings(lines: list[EntryLine]) -> list[EntryLine]:
    """Keep a heading only when some row below it (before the next heading of its level or
    higher) is shown."""
    kept = []
    for index, line in enumerate(lines):
        if line.kind != "heading":
            kept.append(line)
            continue
        level = line.node.node.level
        for following in lines[index + 1 :]:
            if following.kind == "heading" and following.node.node.level <= level:
                break
            if following.kind != "heading":
                kept.append(line)
                break
    return kept


@dataclass
class VerificationItem:
    """A value waiting for (or past) verification, with what a head needs to judge it."""

    kind: str  # "indicator" or "budget"
    record: object
    node: object
    label: str
    value: str
    figures: IndicatorFigures | None = None  # target, capaian and predikat year to date
    action_plan: ActionPlanFigure | None = None  # the quarter's rencana aksi target and capaian
    node_figures: NodeFigures | None = None  # pagu and serapan year to date
    quarters: list = field(default_factory=list)  # (quarter, record or None) up to this one
    authors: Authorship | None = None
    own: bool = False  # the viewer typed or changed this number: not theirs to verify
    error: str = ""
    typed: str = ""

    @property
    def history_kind(self) -> str:
        return "indikator" if self.kind == "indicator" else "anggaran"

    @property
    def form_id(self) -> str:
        return f"{self.history_kind}-{self.record.pk}"

    @property
    def indicator(self):
        return self.record.indicator if self.kind == "indicator" else None


@dataclass
class VerificationSheet:
    """The verification page of a quarter: values waiting, and values verified (to reopen)."""

    organisation: Organisation
    period: RenstraPeriod
    year: int
    quarter: int
    pending: list[VerificationItem]
    verified: list[VerificationItem]


def units_in_scope(organisation: Organisation, scope: UnitScope) -> list[Unit]:
    """The office's units a scope covers, for choosing one in bulk actions."""
    return [
        unit for unit in organisation.units.filter(parent__isnull=True) if scope.allows(unit.pk)
    ]


def verification_queue(
    *,
    organisation: Organisation,
    scope: UnitScope,
    year: int,
    quarter: int,
    unit_id: int | None = None,
) -> list[VerificationItem]:
    """Submitted realisations of a quarter in the verifier's units (or one of them): two
    queries."""
    one_unit = Q() if unit_id is None else Q(indicator__node__unit_id=unit_id)
    indicator_records = (
        Realisation.objects.filter(
            scope.q("indicator__node__unit"),
            one_unit,
            indicator__node__organisation=organisation,
            year=year,
            quarter=quarter,
            status=Status.SUBMITTED,
        )
        .select_related("indicator__node__unit", "created_by", "updated_by")
        .order_by("indicator__node__code_key", "indicator__order")
    )
    budget_records = (
        BudgetRealisation.objects.filter(
            scope.q("node__unit"),
            Q() if unit_id is None else Q(node__unit_id=unit_id),
            node__organisation=organisation,
            year=year,
            quarter=quarter,
            status=Status.SUBMITTED,
        )
        .select_related("node__unit", "created_by", "updated_by")
        .order_by("node__code_key")
    )
    items = [
        VerificationItem(
            "indicator",
            record,
            record.indicator.node,
            record.indicator.name,
            record.display_value(),
        )
        for record in indicator_records
    ]
    items += [
        VerificationItem("budget", record, record.node, record.node.name, record.display_value())
        for record in budget_records
    ]
    items.sort(key=lambda item: (item.node.code_key, item.kind != "indicator"))
    return items


def record_label(record) -> str:
    """A realisation as messages name it: code, name and quarter."""
    if isinstance(record, BudgetRealisation):
        return _("Realisasi anggaran %(code)s %(name)s (%(year)s TW %(quarter)s)") % {
            "code": record.node.code,
            "name": record.node.name,
            "year": record.year,
            "quarter": record.quarter,
        }
    return _("%(code)s %(name)s (%(year)s TW %(quarter)s)") % {
        "code": record.indicator.code,
        "name": record.indicator.name,
        "year": record.year,
        "quarter": record.quarter,
    }


def verification_sheet(
    *,
    user,
    organisation: Organisation,
    scope: UnitScope,
    year: int,
    quarter: int,
    unit_id: int | None = None,
) -> VerificationSheet:
    """The quarter's submitted and verified values in the verifier's units (or one of them), each
    with its target, earlier quarters, capaian and predikat (or pagu and serapan) year to date
    counting submitted and verified values, its note, evidence and who entered it when.

    A fixed number of queries: the plan's figures (`plan_tree`), the realisations of the year up
    to the quarter (one query per kind) and their audit rows (one query per kind).
    """
    period = period_for(organisation, year)
    tree = plan_tree(period=period, year=year, quarter=quarter, statuses=SUBMITTED_AND_VERIFIED)
    figures = {
        indicator_figures.indicator.pk: indicator_figures
        for node_figures in tree.nodes.values()
        for indicator_figures in node_figures.indicators
    }
    indicator_records = list(
        Realisation.objects.filter(
            scope.q("indicator__node__unit"),
            Q() if unit_id is None else Q(indicator__node__unit_id=unit_id),
            indicator__node__period=period,
            year=year,
            quarter__lte=quarter,
        ).select_related("indicator__node__unit", "created_by", "updated_by", "verified_by")
    )
    budget_records = list(
        BudgetRealisation.objects.filter(
            scope.q("node__unit"),
            Q() if unit_id is None else Q(node__unit_id=unit_id),
            node__period=period,
            year=year,
            quarter__lte=quarter,
        ).select_related("node__unit", "created_by", "updated_by", "verified_by")
    )
    by_quarter = {
        ("indicator", record.indicator_id, record.quarter): record for record in indicator_records
    }
    by_quarter |= {("budget", record.node_id, record.quarter): record for record in budget_records}
    shown = [
        record
        for record in indicator_records + budget_records
        if record.quarter == quarter and record.status in SUBMITTED_AND_VERIFIED
    ]
    authors = authorship(shown)
    action_plans = quarter_targets(period=period, year=year)
    items = []
    for record in shown:
        if isinstance(record, Realisation):
            kind, owner, node = "indicator", record.indicator_id, record.indicator.node
            item = VerificationItem(
                kind, record, node, record.indicator.name, record.display_value()
            )
            item.figures = figures.get(record.indicator_id)
            if item.figures is not None:
                item.action_plan = action_plan_figure(
                    item.figures, action_plans.get(record.indicator_id, {}), quarter
                )
        else:
            kind, owner, node = "budget", record.node_id, record.node
            item = VerificationItem(kind, record, node, node.name, record.display_value())
        item.node_figures = tree.nodes.get(node.pk)
        item.quarters = [
            (number, by_quarter.get((kind, owner, number))) for number in range(1, quarter + 1)
        ]
        item.authors = authors[type(record), record.pk]
        item.own = user.pk in item.authors.editors
        items.append(item)
    items.sort(
        key=lambda item: (
            item.node.code_key,
            item.kind != "indicator",
            item.record.indicator.order if item.kind == "indicator" else 0,
        )
    )
    return VerificationSheet(
        organisation=organisation,
        period=period,
        year=year,
        quarter=quarter,
        pending=[item for item in items if item.record.status == Status.SUBMITTED],
        verified=[item for item in items if item.record.status == Status.VERIFIED],
    )
