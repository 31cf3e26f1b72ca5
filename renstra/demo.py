"""Demo realisations (DATA CONTOH): plausible values for trying the product, clearly marked.

Everything is written through the services and the workflow (`save_realisation`,
`save_budget_realisation`, `workflow.submit/verify/send_back`), so the audit history, the locks and
the rule that nobody verifies their own entry hold for demo data as for real data. Only quarters
that have ended are filled, values already entered are never touched, and the office is flagged
(`Organisation.demo_data`) so every page shows the DATA CONTOH banner.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from budgeting.models import BudgetRealisation, Pagu
from budgeting.services import save_budget_realisation
from cascading import workflow
from cascading.choices import GRADE_RANK, QUARTERS, Aggregation, Level, Status, ValueKind
from cascading.models import Indicator, IndicatorTarget, PlanNode, Realisation
from cascading.services import save_realisation
from spm.models import SpmAnnual, SpmService

from .models import Membership, Organisation, RenstraPeriod, Role
from .selectors import LockBook

DEFAULT_SEED = 2024
RETURN_COMMENT = "DATA CONTOH: lengkapi bukti dukung."
# Share of a year's pagu typically spent in each quarter (spending is back-loaded).
QUARTER_SPENDING = {1: Decimal("0.15"), 2: Decimal("0.25"), 3: Decimal("0.25"), 4: Decimal("0.30")}
# Workflow statuses of demo values: older quarters are mostly verified, the latest ended quarter
# is still being worked on.
OLDER_STATUSES = {Status.VERIFIED: 92, Status.SUBMITTED: 4, Status.RETURNED: 4}
LATEST_STATUSES = {Status.VERIFIED: 50, Status.SUBMITTED: 25, Status.DRAFT: 15, Status.RETURNED: 10}
HUNDRED = Decimal("100")
CENT = Decimal("0.01")


@dataclass
class DemoResult:
    indicator_values: int = 0
    budget_values: int = 0
    spm_years: int = 0
    locked_skipped: int = 0


def ended_quarters(period: RenstraPeriod, today: datetime.date) -> list[tuple[int, int]]:
    """The (year, quarter) of the period that ended before `today`."""
    current = (today.year, (today.month - 1) // 3 + 1)
    return [
        (year, quarter)
        for year in period.years
        for quarter in QUARTERS
        if (year, quarter) < current
    ]


def demo_usernames(organisation: Organisation) -> tuple[str, str]:
    """The two users who sign an office's demo values: a planner and a head."""
    return f"contoh-perencana-{organisation.code}", f"contoh-pimpinan-{organisation.code}"


def _demo_user(username: str, role: str, organisation: Organisation):
    """A user who cannot log in (no usable password), existing only to sign demo values."""
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Membership.objects.create(user=user, role=role, organisation=organisation)
    return user


class _Filler:
    def __init__(self, organisation: Organisation, period: RenstraPeriod, rng: random.Random):
        self.organisation = organisation
        self.period = period
        self.rng = rng
        self.result = DemoResult()
        planner_name, head_name = demo_usernames(organisation)
        self.planner = _demo_user(planner_name, Role.PLANNER, organisation)
        self.head = _demo_user(head_name, Role.HEAD, organisation)
        # How well each indicator and sub kegiatan does, drawn once so the story is consistent
        # over the quarters: some indicators lag behind all year, most do fine.
        self.performance: dict[tuple[str, int], float] = {}
        self.year_levels: dict[tuple[int, int], Decimal] = {}

    def _level(self, key: tuple[str, int], low: float, high: float) -> Decimal:
        if key not in self.performance:
            self.performance[key] = self.rng.uniform(low, high)
        noise = self.rng.uniform(-0.08, 0.08)
        return Decimal(str(round(max(self.performance[key] + noise, 0), 3)))

    def _status(self, latest: bool) -> str:
        weights = LATEST_STATUSES if latest else OLDER_STATUSES
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _year_level(self, indicator: Indicator, year: int) -> Decimal:
        key = (indicator.pk, year)
        if key not in self.year_levels:
            self.year_levels[key] = self._level(("indicator", indicator.pk), 0.55, 1.15)
        return self.year_levels[key]

    def indicator_value(
        self, indicator: Indicator, target: IndicatorTarget, quarter: int
    ) -> str | None:
        """What an operator might have typed for one quarter, or None without a target."""
        if indicator.value_kind == ValueKind.ORDINAL:
            if target.grade not in GRADE_RANK:
                return None
            grades = sorted(GRADE_RANK, key=GRADE_RANK.__getitem__)
            rank = GRADE_RANK[target.grade] - self.rng.choice((0, 0, 1))
            return grades[max(rank, 1) - 1]
        if target.value is None:
            return None
        whole = (
            target.value == target.value.to_integral_value()
            and indicator.value_kind == ValueKind.NUMBER
        )
        places = Decimal("1") if whole else CENT
        if indicator.aggregation == Aggregation.SUM:
            # The year's total spread over the quarters as running totals, so that whole counts
            # (one report a year) land in some quarter instead of rounding to 0 in each.
            total = target.value * self._year_level(indicator, target.year)
            quarters = Decimal(len(QUARTERS))
            reached = (total * quarter / quarters).quantize(places, ROUND_HALF_UP)
            before = (total * (quarter - 1) / quarters).quantize(places, ROUND_HALF_UP)
            return str(reached - before)
        value = target.value * self._level(("indicator", indicator.pk), 0.55, 1.15)
        if indicator.value_kind == ValueKind.PERCENTAGE:
            value = min(value, HUNDRED)
        return str(value.quantize(places, ROUND_HALF_UP))

    def budget_amount(self, node_id: int, pagu: Decimal, quarter: int) -> str:
        level = self._level(("budget", node_id), 0.6, 1.05)
        return str((pagu * QUARTER_SPENDING[quarter] * level).quantize(CENT, ROUND_HALF_UP))

    def fill(self, today: datetime.date) -> DemoResult:
        quarters = ended_quarters(self.period, today)
        indicators = list(
            Indicator.objects.filter(node__period=self.period)
            .select_related("node__period")
            .order_by("node__code_key", "order")
        )
        targets = {
            (target.indicator_id, target.year): target
            for target in IndicatorTarget.objects.filter(indicator__node__period=self.period)
        }
        entered = set(
            Realisation.objects.filter(indicator__node__period=self.period).values_list(
                "indicator_id", "year", "quarter"
            )
        )
        subs = list(
            PlanNode.objects.filter(period=self.period, level=Level.SUB_KEGIATAN).select_related(
                "period"
            )
        )
        pagu: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        for node_id, year, total in (
            Pagu.objects.filter(node__period=self.period)
            .values_list("node_id", "year")
            .annotate(total=Sum("amount"))
            .order_by()
        ):
            pagu[node_id, year] = total
        spent = set(
            BudgetRealisation.objects.filter(node__period=self.period).values_list(
                "node_id", "year", "quarter"
            )
        )
        locks = {
            year: LockBook.load(organisation_id=self.organisation.pk, year=year)
            for year in self.period.years
        }
        for year, quarter in quarters:
            latest = (year, quarter) == quarters[-1]
            records = []
            for indicator in indicators:
                target = targets.get((indicator.pk, year))
                if (indicator.pk, year, quarter) in entered or target is None:
                    continue
                value = self.indicator_value(indicator, target, quarter)
                if value is None:
                    continue
                if locks[year].is_locked(quarter=quarter, unit_id=indicator.node.unit_id):
                    self.result.locked_skipped += 1
                    continue
                records.append(
                    save_realisation(
                        user=self.planner,
                        indicator=indicator,
                        year=year,
                        quarter=quarter,
                        value=value,
                        note="DATA CONTOH",
                    )
                )
                self.result.indicator_values += 1
            for node in subs:
                amount = pagu.get((node.pk, year))
                if (node.pk, year, quarter) in spent or not amount:
                    continue
                if locks[year].is_locked(quarter=quarter, unit_id=node.unit_id):
                    self.result.locked_skipped += 1
                    continue
                records.append(
                    save_budget_realisation(
                        user=self.planner,
                        node=node,
                        year=year,
                        quarter=quarter,
                        amount=self.budget_amount(node.pk, amount, quarter),
                        note="DATA CONTOH",
                    )
                )
                self.result.budget_values += 1
            self.move_through_workflow(records, latest)
        self.fill_spm(today)
        return self.result

    def move_through_workflow(self, records: list, latest: bool) -> None:
        statuses = {id(record): self._status(latest) for record in records}
        workflow.submit(
            user=self.planner,
            records=[record for record in records if statuses[id(record)] != Status.DRAFT],
        )
        workflow.verify(
            user=self.head,
            records=[record for record in records if statuses[id(record)] == Status.VERIFIED],
        )
        for record in records:
            if statuses[id(record)] == Status.RETURNED:
                workflow.send_back(user=self.head, record=record, comment=RETURN_COMMENT)

    def fill_spm(self, today: datetime.date) -> None:
        """Yearly SPM figures for the period's years that have ended and have none yet."""
        services = list(SpmService.objects.filter(organisation=self.organisation))
        recorded = set(
            SpmAnnual.objects.filter(service__organisation=self.organisation).values_list(
                "service_id", "year"
            )
        )
        for year in self.period.years:
            if year >= today.year:
                continue
            for service in services:
                if (service.pk, year) in recorded:
                    continue
                needing = self.rng.randint(40, 600)
                required = Decimal(self.rng.randint(10, 200))
                annual = SpmAnnual(
                    service=service,
                    year=year,
                    people_needing=needing,
                    people_served=round(needing * self.rng.uniform(0.8, 1.0)),
                    quality_required=required,
                    quality_provided=(required * Decimal(str(self.rng.uniform(0.7, 1.0)))).quantize(
                        CENT, ROUND_HALF_UP
                    ),
                    note="DATA CONTOH",
                )
                annual.full_clean()
                annual.save()
                self.result.spm_years += 1


def fill_demo_realisations(
    *, organisation: Organisation, today: datetime.date | None = None, seed: int = DEFAULT_SEED
) -> DemoResult:
    """Fill the ended quarters of the office's active period with demo values; all or nothing.

    Raises RenstraPeriod.DoesNotExist when the office has no active period.
    """
    period = organisation.periods.get(status=RenstraPeriod.Status.ACTIVE)
    rng = random.Random(f"{seed}-{organisation.code}")
    with transaction.atomic():
        result = _Filler(organisation, period, rng).fill(today or timezone.localdate())
        if not organisation.demo_data:
            organisation.demo_data = True
            organisation.save(update_fields=["demo_data"])
    return result


@dataclass
class RemovalResult:
    indicator_values: int = 0
    budget_values: int = 0
    spm_years: int = 0
    kept: int = 0


def remove_demo_realisations(*, organisation: Organisation) -> RemovalResult:
    """Delete the office's demo values; all or nothing, and audited like any deletion.

    A value someone else has changed since it was filled is kept (and counted), and so is the
    DATA CONTOH flag while any such value remains.
    """
    names = demo_usernames(organisation)
    demo_users = get_user_model().objects.filter(username__in=names)
    result = RemovalResult()
    with transaction.atomic():
        for model, office, field in (
            (Realisation, "indicator__node__organisation", "indicator_values"),
            (BudgetRealisation, "node__organisation", "budget_values"),
        ):
            filled = model.objects.filter(**{office: organisation}, created_by__in=demo_users)
            changed = filled.exclude(updated_by__in=demo_users)
            result.kept += changed.count()
            removable = filled.filter(updated_by__in=demo_users)
            setattr(result, field, removable.count())
            for record in removable:
                record.delete()
        spm = SpmAnnual.objects.filter(service__organisation=organisation, note="DATA CONTOH")
        result.spm_years = spm.count()
        spm.delete()
        if not result.kept:
            Membership.objects.filter(user__in=demo_users).delete()
            demo_users.delete()
            organisation.demo_data = False
            organisation.save(update_fields=["demo_data"])
    return result
