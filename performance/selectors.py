"""Reads for the Perjanjian Kinerja: what the plan proposes for a year and level, who signs, and
the agreements as stored."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from budgeting.selectors import budget_by_node
from cascading.choices import Level
from cascading.models import Indicator, IndicatorTarget, PlanNode
from renstra.models import Organisation, RenstraPeriod, Unit

from .choices import AgreementStatus, PartyKind
from .models import Agreement, Party

# The office's PK: the sasaran's indicators (IKU) and the programs; a unit's PK: the outcomes of
# its programs and the outputs of its kegiatan, with its kegiatan and sub kegiatan budgets.
OFFICE_TARGET_LEVELS = (Level.TUJUAN, Level.SASARAN)
OFFICE_BUDGET_LEVELS = (Level.PROGRAM,)
UNIT_TARGET_LEVELS = (Level.PROGRAM, Level.KEGIATAN)
UNIT_BUDGET_LEVELS = (Level.KEGIATAN, Level.SUB_KEGIATAN)
# A sub-unit's PK (Kasubbag/Kasi with their Kabid): the kegiatan and sub kegiatan it carries out
# (PlanNode.sub_unit), with their indicators and budget.
SUB_UNIT_LEVELS = (Level.KEGIATAN, Level.SUB_KEGIATAN)


def agreement_budget_by_node(*, period: RenstraPeriod, year: int) -> dict[int, Decimal]:
    """The budget a PK agrees for each node of the plan in `year`: budgeting's current budget
    (the latest DPA/DPPA in force, else the Renja, else the Renstra figure), summed from the sub
    kegiatan. The one place that decides which budget a PK carries. Three queries."""
    return {
        node_id: figures.pagu
        for node_id, figures in budget_by_node(period=period, year=year).items()
    }


@dataclass(frozen=True)
class PlannedTarget:
    indicator: Indicator
    node: PlanNode
    sasaran: str
    target: IndicatorTarget | None


@dataclass(frozen=True)
class PlannedBudget:
    node: PlanNode
    amount: Decimal


@dataclass(frozen=True)
class PlannedAgreement:
    targets: list[PlannedTarget]
    budgets: list[PlannedBudget]


def planned_agreement(*, period: RenstraPeriod, year: int, unit: Unit | None) -> PlannedAgreement:
    """What the plan puts into the PK of the office (`unit` None), a unit or a sub-unit for
    `year`: the indicators with the year's targets and the nodes with their budget. Three
    queries."""
    target_levels = UNIT_TARGET_LEVELS if unit else OFFICE_TARGET_LEVELS
    budget_levels = UNIT_BUDGET_LEVELS if unit else OFFICE_BUDGET_LEVELS
    own = {"unit": unit}
    if unit is not None and unit.is_sub_unit:
        target_levels = budget_levels = SUB_UNIT_LEVELS
        own = {"sub_unit": unit}
    nodes = PlanNode.objects.filter(period=period, level__in=target_levels)
    if unit:
        nodes = nodes.filter(**own)
    indicators = (
        Indicator.objects.filter(node__in=nodes)
        .select_related("node", "node__parent")
        .prefetch_related(
            Prefetch(
                "targets",
                queryset=IndicatorTarget.objects.filter(year=year),
                to_attr="year_targets",
            )
        )
        .order_by("node__level", "node__code_key", "order")
    )
    targets = []
    for indicator in indicators:
        node = indicator.node
        targets.append(
            PlannedTarget(
                indicator=indicator,
                node=node,
                sasaran=node.sasaran or node.name,
                target=indicator.year_targets[0] if indicator.year_targets else None,
            )
        )
    budget_nodes = PlanNode.objects.filter(period=period, level__in=budget_levels)
    if unit:
        budget_nodes = budget_nodes.filter(**own)
    amounts = agreement_budget_by_node(period=period, year=year)
    budgets = [
        PlannedBudget(node=node, amount=amounts.get(node.pk, Decimal("0.00")))
        for node in budget_nodes.order_by("code_key")
    ]
    return PlannedAgreement(targets=targets, budgets=budgets)


@dataclass(frozen=True)
class Signatory:
    title: str
    name: str = ""
    rank: str = ""
    nip: str = ""


def parties_for(*, organisation: Organisation, unit: Unit | None) -> tuple[Signatory, Signatory]:
    """(pihak pertama, pihak kedua) of the office's PK (`unit` None: the head of office with the
    Wali Kota) or of a unit's (its head with the head of office), from the parties recorded in
    the admin, else from the office's and unit's own fields. One query."""
    parties = {
        (party.kind, party.unit_id): party
        for party in Party.objects.filter(organisation=organisation)
    }

    def signatory(kind: str, unit_id: int | None, default: Signatory) -> Signatory:
        party = parties.get((kind, unit_id))
        if party is None:
            return default
        return Signatory(party.title, party.name, party.rank, party.nip)

    head = signatory(
        PartyKind.HEAD,
        None,
        Signatory(
            organisation.head_title,
            organisation.head_name,
            organisation.head_rank,
            organisation.head_nip,
        ),
    )
    if unit is None:
        region = organisation.city
        mayor = signatory(
            PartyKind.MAYOR, None, Signatory(_("Wali Kota %(city)s") % {"city": region})
        )
        return head, mayor
    unit_head = signatory(
        PartyKind.UNIT_HEAD, unit.pk, Signatory(unit.head_title or _("Kepala %s") % unit.name)
    )
    if unit.is_sub_unit:
        parent = unit.parent
        parent_head = signatory(
            PartyKind.UNIT_HEAD,
            parent.pk,
            Signatory(parent.head_title or _("Kepala %s") % parent.name),
        )
        return unit_head, parent_head
    return unit_head, head


def sub_unit_choices(*, period: RenstraPeriod, unit: Unit) -> list[PlanNode]:
    """The kegiatan and sub kegiatan a sub-unit may carry out: those of its parent unit in the
    period, in code order, with the sub-unit now carrying each out (`sub_unit`). One query."""
    return list(
        PlanNode.objects.filter(period=period, unit_id=unit.parent_id, level__in=SUB_UNIT_LEVELS)
        .select_related("sub_unit")
        .order_by("code_key")
    )


def units_by_level(organisation: Organisation) -> list[Unit]:
    """The office's units in order, each Sekretariat or Bidang followed by its sub-units. One
    query."""
    units = list(organisation.units.all())
    children: dict[int, list[Unit]] = {}
    for unit in units:
        if unit.parent_id:
            children.setdefault(unit.parent_id, []).append(unit)
    ordered = []
    for unit in units:
        if not unit.parent_id:
            ordered.append(unit)
            ordered.extend(children.get(unit.pk, []))
    return ordered


def agreements(*, organisation: Organisation, year: int | None = None) -> QuerySet[Agreement]:
    rows = Agreement.objects.filter(organisation=organisation).select_related("unit")
    if year is not None:
        rows = rows.filter(year=year)
    return rows.order_by("-year", "unit__order", "unit__name", "-number")


def latest_final(*, organisation: Organisation, year: int, unit: Unit | None) -> Agreement | None:
    """The PK in force: the latest final version of the year and level."""
    return (
        Agreement.objects.filter(
            organisation=organisation, year=year, unit=unit, status=AgreementStatus.FINAL
        )
        .order_by("-number")
        .first()
    )


def agreement_in_force(
    *, organisation: Organisation, year: int, unit: Unit | None
) -> Agreement | None:
    """The PK to print for a year and level: the latest final version, else the latest draft."""
    return latest_final(organisation=organisation, year=year, unit=unit) or (
        Agreement.objects.filter(organisation=organisation, year=year, unit=unit)
        .order_by("-number")
        .first()
    )


def plan_indicators(*, period: RenstraPeriod, year: int, iku_only: bool = False) -> list[Indicator]:
    """The period's indicators in plan order with their node, unit, definition sheet and the
    year's target (`year_targets`); `iku_only`: the office's key indicators (those marked IKU,
    and every Tujuan and Sasaran indicator). Two queries."""
    indicators = Indicator.objects.filter(node__period=period)
    if iku_only:
        indicators = indicators.filter(Q(is_iku=True) | Q(node__level__in=OFFICE_TARGET_LEVELS))
    return list(
        indicators.select_related("node", "node__unit", "node__parent", "definition_sheet")
        .prefetch_related(
            Prefetch(
                "targets",
                queryset=IndicatorTarget.objects.filter(year=year),
                to_attr="year_targets",
            )
        )
        .order_by("node__code_key", "order")
    )


def latest_finals_of_units(*, organisation: Organisation, year: int) -> list[Agreement]:
    """The PK in force of each Sekretariat and Bidang of the office for `year` (the PK holding
    program targets; a sub-unit's holds kegiatan): its latest final version, in unit order, with
    its target rows. Two queries."""
    rows = (
        Agreement.objects.filter(
            organisation=organisation,
            year=year,
            unit__isnull=False,
            unit__parent__isnull=True,
            status=AgreementStatus.FINAL,
        )
        .select_related("unit")
        .order_by("unit__order", "unit__name", "unit_id", "-number")
    )
    latest: dict[int, Agreement] = {}
    for agreement in rows:
        latest.setdefault(agreement.unit_id, agreement)
    chosen = list(latest.values())
    prefetch_related_objects(chosen, "targets")
    return chosen
