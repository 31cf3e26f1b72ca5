"""Load the seeded plan (the extract committed in fixtures/) into the database.

Every row is found by its natural key and written only when it differs from the extract, so a
second run changes nothing. Realisations already in the database are never touched, and the
settings an administrator may tune after seeding (an indicator's value kind, polarity, roll-up
and period rule, a period's status) are set when the row is created and left alone afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from django.db import models, transaction
from django.utils.translation import gettext as _

from budgeting.models import FundingSource, Pagu, StatedPagu
from cascading.calculations import infer_period_rule
from cascading.choices import Aggregation, Level, Polarity, Status, ValueKind
from cascading.codes import code_key, name_key
from cascading.models import DataNote, Indicator, IndicatorTarget, PlanNode, Realisation
from renstra.models import Organisation, PeriodLock, RenstraPeriod, Unit
from spm.models import SpmAnnual, SpmService

LEVELS = {
    "tujuan": Level.TUJUAN,
    "sasaran": Level.SASARAN,
    "program": Level.PROGRAM,
    "kegiatan": Level.KEGIATAN,
    "sub_kegiatan": Level.SUB_KEGIATAN,
}
GOAL_LEVELS = (Level.TUJUAN, Level.SASARAN)
# Indicators counting a stock kept or made available rather than a flow delivered.
_STOCK = re.compile(r"dipelihara|tempat pengungsian", re.IGNORECASE)


def load_plan(data: dict, *, organisation_code: str | None = None) -> Organisation:
    """Write the extracted plan; with `organisation_code`, as an independent copy for that office.

    A copy gets the code and the code appended to the office's name, so a city of many offices
    can be generated from the one document.
    """
    with transaction.atomic():
        return _PlanLoader(data, organisation_code).load()


def value_kind(indicator: dict) -> str:
    """Grades (SAKIP "BB Indeks") are ordinal; "%" or a "Persentase" name is a percentage."""
    measures = [indicator["baseline"], indicator["final_target"], *indicator["targets"].values()]
    if any(measure["grade"] for measure in measures):
        return ValueKind.ORDINAL
    name = indicator["name"].casefold()
    if indicator["satuan"] == "%" or name.startswith(("persentase", "presentase")):
        return ValueKind.PERCENTAGE
    return ValueKind.NUMBER


def aggregation(indicator: dict, kind: str) -> str:
    """How the quarters of a year roll up, by what the indicator counts."""
    # A percentage or a grade is measured at a point in time: the year is its latest quarter.
    if kind != ValueKind.NUMBER:
        return Aggregation.LAST
    # A monthly headcount ("50 Orang/bulan" paid salaries): the year is the average month;
    # summing quarters would count the same people four times.
    if indicator["satuan"].endswith("/bulan"):
        return Aggregation.AVERAGE
    # A stock maintained or kept available (vehicles and buildings maintained, shelters): the same
    # units recur every quarter, so the year is the most reached, not the sum.
    if _STOCK.search(indicator["name"]):
        return Aggregation.MAX
    # Everything else counts people served, documents, reports or packages made in the quarter.
    return Aggregation.SUM


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _differs(instance: models.Model, name: str, value) -> bool:
    field = instance._meta.get_field(name)
    if field.is_relation:
        return getattr(instance, field.attname) != (value.pk if value is not None else None)
    return getattr(instance, name) != value


def _validate(instance: models.Model) -> None:
    """full_clean() without the per-row queries that prove nothing new here.

    Field validators and the model's clean() run. The database enforces the unique and check
    constraints inside the load's transaction, and a foreign key set from an instance this load
    holds points to a row that exists; checking either row by row would cost a query per
    constraint or key and row (thousands per office) for no extra safety.
    """
    held = [
        field.name
        for field in instance._meta.concrete_fields
        if field.is_relation
        and field.is_cached(instance)
        and getattr(instance, field.attname) is not None
    ]
    instance.full_clean(exclude=held, validate_constraints=False)


def lock_closed_period(period: RenstraPeriod) -> None:
    """A finished Renstra period arrives read-only: each of its years is locked (with history),
    and an administrator opens a year or one unit when a correction is due."""
    if period.status != RenstraPeriod.Status.CLOSED:
        return
    for year in period.years:
        lock = PeriodLock(
            organisation=period.organisation,
            year=year,
            reason=_("Periode Renstra %(name)s telah selesai; riwayatnya hanya untuk dibaca.")
            % {"name": f"{period.start_year}-{period.end_year}"},
        )
        lock.save()


class _Table:
    """The rows of one model already stored for this office, by natural key.

    `put` creates a missing row (queued for one bulk insert, or saved at once when its primary
    key is needed next) and saves a stored row only when a value differs.
    """

    def __init__(self, model: type[models.Model], stored, key: Callable[[models.Model], tuple]):
        self.model = model
        self.key = key
        self.rows = {key(row): row for row in stored}
        self.pending: list[models.Model] = []

    def put(self, lookup: dict, values: dict, on_create: dict | None = None, *, bulk: bool = True):
        probe = self.model(**lookup)
        key = self.key(probe)
        instance = self.rows.get(key)
        if instance is None:
            for name, value in {**values, **(on_create or {})}.items():
                setattr(probe, name, value)
            _validate(probe)
            if bulk:
                self.pending.append(probe)
            else:
                probe.save()
            self.rows[key] = probe
            return probe
        changed = [name for name, value in values.items() if _differs(instance, name, value)]
        if changed:
            for name in changed:
                setattr(instance, name, values[name])
            _validate(instance)
            instance.save(update_fields=changed)
        return instance

    def flush(self) -> None:
        self.model.objects.bulk_create(self.pending)
        self.pending = []


class _PlanLoader:
    def __init__(self, data: dict, organisation_code: str | None):
        self.data = data
        self.code = organisation_code or data["organisation"]["code"]

    def load(self) -> Organisation:
        organisation = self.organisation()
        self.prefetch(organisation)
        units: dict[str, Unit] = {}
        # A sub-unit follows its parent in the extract, so the parent is stored first.
        for unit in self.data["units"]:
            units[unit["code"]] = self.units.put(
                {"organisation": organisation, "code": unit["code"]},
                {
                    "name": unit["name"],
                    "kind": unit["kind"],
                    "head_title": unit["head_title"],
                    "order": unit["order"],
                    "parent": units[unit["parent"]] if unit["parent"] else None,
                },
                bulk=False,
            )
        funding = self.data["funding_source"]
        source = _Table(
            FundingSource, FundingSource.objects.filter(code=funding["code"]), lambda f: (f.code,)
        ).put({"code": funding["code"]}, {"name": funding["name"]}, bulk=False)
        self.pagu = _Table(
            Pagu,
            Pagu.objects.filter(node__organisation=organisation, source=source),
            lambda p: (p.node_id, p.year),
        )
        periods = {}
        known_periods = set(self.periods.rows)
        # Tujuan and Sasaran indicators of the period loaded before, by name: the next period's
        # indicator of the same name continues them (its kondisi awal is their last value).
        self.previous_goals: dict[str, Indicator] = {}
        for data in sorted(self.data["periods"], key=lambda period: period["start_year"]):
            periods[data["key"]] = period = self.periods.put(
                {
                    "organisation": organisation,
                    "start_year": data["start_year"],
                    "end_year": data["end_year"],
                },
                {
                    "name": data["name"],
                    "baseline_year": data["baseline_year"],
                    "legal_basis": data["legal_basis"],
                },
                on_create={"status": data["status"]},
                bulk=False,
            )
            self.goals: dict[str, Indicator] = {}
            self.nodes(organisation, period, data["nodes"], units, source)
            if (period.start_year, period.end_year) not in known_periods:
                lock_closed_period(period)
            self.previous_goals = self.goals
        self.spm(organisation, units)
        for note in self.data["notes"]:
            self.notes.put(
                {
                    "organisation": organisation,
                    "source": note["source"],
                    "subject": note["subject"],
                },
                {
                    "kind": note["kind"],
                    "text": note["text"],
                    "period": periods[note["period"]] if note["period"] else None,
                },
            )
        for table in (self.targets, self.stated_pagu, self.pagu, self.spm_years, self.notes):
            table.flush()
        return organisation

    def organisation(self) -> Organisation:
        values = {key: value for key, value in self.data["organisation"].items() if key != "code"}
        if self.code != self.data["organisation"]["code"]:
            values["name"] = f"{values['name']} ({self.code})"
            values["short_name"] = f"{values['short_name']} ({self.code})"
        stored = Organisation.objects.filter(code=self.code)
        return _Table(Organisation, stored, lambda o: (o.code,)).put(
            {"code": self.code}, values, bulk=False
        )

    def prefetch(self, organisation: Organisation) -> None:
        """One query per model for the rows this office already has."""
        own = {"organisation": organisation}
        own_indicators = {"indicator__node__organisation": organisation}
        self.units = _Table(Unit, Unit.objects.filter(**own), lambda u: (u.code,))
        self.periods = _Table(
            RenstraPeriod,
            RenstraPeriod.objects.filter(**own),
            lambda p: (p.start_year, p.end_year),
        )
        self.plan_nodes = _Table(
            PlanNode, PlanNode.objects.filter(**own), lambda n: (n.period_id, n.code_key)
        )
        self.indicators = _Table(
            Indicator,
            Indicator.objects.filter(node__organisation=organisation),
            lambda i: (i.node_id, i.order),
        )
        self.targets = _Table(
            IndicatorTarget,
            IndicatorTarget.objects.filter(**own_indicators),
            lambda t: (t.indicator_id, t.year),
        )
        self.realisations = _Table(
            Realisation,
            Realisation.objects.filter(**own_indicators, quarter=4),
            lambda r: (r.indicator_id, r.year),
        )
        self.stated_pagu = _Table(
            StatedPagu,
            StatedPagu.objects.filter(node__organisation=organisation),
            lambda p: (p.node_id, p.year),
        )
        self.services = _Table(SpmService, SpmService.objects.filter(**own), lambda s: (s.number,))
        self.spm_years = _Table(
            SpmAnnual,
            SpmAnnual.objects.filter(service__organisation=organisation),
            lambda a: (a.service_id, a.year),
        )
        self.notes = _Table(
            DataNote, DataNote.objects.filter(**own), lambda n: (n.source, n.subject)
        )

    def nodes(self, organisation, period, nodes: list[dict], units, source) -> None:
        by_code: dict[str, PlanNode] = {}
        for data in nodes:
            node = self.plan_nodes.put(
                {"period": period, "code_key": code_key(data["code"])},
                {
                    "organisation": organisation,
                    "parent": by_code[data["parent"]] if data["parent"] else None,
                    "level": LEVELS[data["level"]],
                    "code": data["code"],
                    "name": data["name"],
                    "sasaran": data["sasaran"],
                    "unit": units[data["unit"]] if data["unit"] else None,
                    "unit_label": data["unit_label"],
                },
                bulk=False,
            )
            by_code[data["code"]] = node
            for indicator in data["indicators"]:
                self.indicator(node, indicator)
            for key, amount in data["rp_printed"].items():
                year = None if key == "period" else int(key)
                self.stated_pagu.put({"node": node, "year": year}, {"amount": Decimal(amount)})
                if year is not None and node.level == Level.SUB_KEGIATAN:
                    self.pagu.put(
                        {"node": node, "year": year, "source": source},
                        {"amount": Decimal(amount)},
                    )

    def indicator(self, node: PlanNode, data: dict) -> None:
        kind = value_kind(data)
        indicator = self.indicators.put(
            {"node": node, "order": data["order"]},
            {
                "name": data["name"],
                "satuan": data["satuan"],
                "baseline_value": _decimal(data["baseline"]["value"]),
                "baseline_text": data["baseline"]["text"],
                "final_target_value": _decimal(data["final_target"]["value"]),
                "final_target_text": data["final_target"]["text"],
                "is_iku": data["is_iku"],
                "is_ikk": data["is_ikk"],
                "formula": data["formula"],
                "definition": data["definition"],
            },
            on_create={
                "value_kind": kind,
                # Every seeded indicator is "higher is better", targets included.
                "polarity": Polarity.POSITIVE,
                "aggregation": aggregation(data, kind),
                "period_rule": infer_period_rule(
                    _decimal(data["final_target"]["value"]),
                    {int(year): _decimal(t["value"]) for year, t in data["targets"].items()},
                ),
                "previous": self.previous_goals.get(name_key(data["name"]))
                if node.level in GOAL_LEVELS
                else None,
            },
            bulk=False,
        )
        if node.level in GOAL_LEVELS:
            self.goals.setdefault(name_key(data["name"]), indicator)
        for year, target in data["targets"].items():
            printed_capaian = target.get("reported_capaian")
            self.targets.put(
                {"indicator": indicator, "year": int(year)},
                {
                    "value": _decimal(target["value"]),
                    "grade": target["grade"],
                    "text": target["text"],
                    "reported_capaian": _decimal(printed_capaian["value"])
                    if printed_capaian
                    else None,
                },
            )
            if realised := target.get("realisation"):
                # A printed annual R becomes the verified TW IV value (these indicators are
                # percentages rolled up by "last"). A realisation already stored is kept as is,
                # and each is saved on its own so any change tracking sees it.
                self.realisations.put(
                    {"indicator": indicator, "year": int(year), "quarter": 4},
                    {},
                    on_create={
                        "value": _decimal(realised["value"]),
                        "status": Status.VERIFIED,
                        "note": f"Realisasi tahunan (R) sebagaimana tercetak pada "
                        f"{data['source']} dokumen Renstra 2024-2026.",
                    },
                    bulk=False,
                )

    def spm(self, organisation: Organisation, units: dict[str, Unit]) -> None:
        for data in self.data["spm"]["services"]:
            service = self.services.put(
                {"organisation": organisation, "number": data["number"]},
                {
                    "name": data["name"],
                    "recipient_indicator": data["recipient_indicator"],
                    "recipient_target_text": data["recipient_target_text"],
                    "quality_indicator": data["quality_indicator"],
                    "quality_target_text": data["quality_target_text"],
                    "history_indicator": data["history_indicator"],
                    "remarks": data["remarks"],
                    "unit": units[data["unit"]],
                },
                bulk=False,
            )
            for year, figures in data["years"].items():
                self.spm_years.put(
                    {"service": service, "year": int(year)},
                    {
                        "target_percent": Decimal(figures["target"]["value"]),
                        "recorded_capaian": Decimal(figures["capaian"]["value"]),
                    },
                )
