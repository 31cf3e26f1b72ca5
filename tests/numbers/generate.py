"""A generated plan of any size, written with bulk_create, for query-count and roll-up tests.

At scale 1 it has the shape of the seeded plan (5 programs, 14 kegiatan, 51 sub kegiatan under one
Tujuan and Sasaran); at scale n, n times as many programs, kegiatan, sub kegiatan and indicators,
with targets for every year, realisations for several quarters in every workflow status, pagu from
two sources and quarterly budget realisations. Values come from a seeded random generator, and the
generator keeps what it wrote so tests can total it independently of the selectors.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from budgeting.models import BudgetRealisation, FundingSource, Pagu
from cascading.choices import GRADE_RANK, QUARTERS, Aggregation, Level, Polarity, Status, ValueKind
from cascading.codes import code_key
from cascading.models import Indicator, IndicatorTarget, PlanNode, Realisation
from renstra.models import Organisation, RenstraPeriod, Unit

# Kegiatan per program and sub kegiatan per kegiatan of the seeded plan: 5 programs, 14 kegiatan,
# 51 sub kegiatan.
KEGIATAN_PER_PROGRAM = (2, 3, 3, 3, 3)
SUB_KEGIATAN_PER_KEGIATAN = (3, 4, 4, 3, 4, 4, 3, 4, 4, 3, 4, 4, 3, 4)
YEARS = (2024, 2025, 2026)
STATUSES = (Status.VERIFIED, Status.VERIFIED, Status.VERIFIED, Status.SUBMITTED, Status.DRAFT)
# (value kind, polarity, aggregation) of the generated indicators, in turn.
KINDS = (
    (ValueKind.NUMBER, Polarity.POSITIVE, Aggregation.SUM),
    (ValueKind.PERCENTAGE, Polarity.POSITIVE, Aggregation.LAST),
    (ValueKind.PERCENTAGE, Polarity.NEGATIVE, Aggregation.LAST),
    (ValueKind.NUMBER, Polarity.RANGE, Aggregation.AVERAGE),
    (ValueKind.NUMBER, Polarity.POSITIVE, Aggregation.MAX),
    (ValueKind.ORDINAL, Polarity.POSITIVE, Aggregation.LAST),
)


@dataclass
class GeneratedPlan:
    """The period written, and the money written per sub kegiatan, year and quarter."""

    period: RenstraPeriod
    pagu: dict[tuple[int, int], Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    spent: dict[tuple[int, int, int, str], Decimal] = field(default_factory=dict)


def _node(period: RenstraPeriod, parent: PlanNode | None, level: int, code: str, unit) -> PlanNode:
    return PlanNode(
        organisation=period.organisation,
        period=period,
        parent=parent,
        level=level,
        code=code,
        code_key=code_key(code),
        name=f"{Level(level).label} {code}",
        unit=unit,
    )


def _level(nodes: list[PlanNode]) -> list[PlanNode]:
    return PlanNode.objects.bulk_create(nodes)


def generate_plan(*, scale: int, seed: int = 0) -> GeneratedPlan:
    rng = random.Random(seed)
    organisation = Organisation.objects.create(
        code=f"generated-{scale}-{seed}",
        name=f"Dinas Contoh {scale}",
        short_name="Dinas Contoh",
        government="Pemerintah Kota Contoh",
        city="Kota Contoh",
        head_title="Kepala Dinas",
        head_name="Kepala Contoh",
    )
    period = RenstraPeriod.objects.create(
        organisation=organisation,
        name="Renstra Contoh",
        start_year=YEARS[0],
        end_year=YEARS[-1],
        status=RenstraPeriod.Status.ACTIVE,
    )
    units = Unit.objects.bulk_create(
        [
            Unit(organisation=organisation, code=f"bidang-{n}", name=f"Bidang {n}", kind="bidang")
            for n in range(4)
        ]
    )
    generated = GeneratedPlan(period=period)

    [tujuan] = _level([_node(period, None, Level.TUJUAN, "T1", None)])
    [sasaran] = _level([_node(period, tujuan, Level.SASARAN, "T1.S1", None)])
    programs = _level(
        [
            _node(period, sasaran, Level.PROGRAM, f"1.06.{number:02d}", rng.choice(units))
            for number in range(1, len(KEGIATAN_PER_PROGRAM) * scale + 1)
        ]
    )
    kegiatan_counts = iter(KEGIATAN_PER_PROGRAM * scale)
    kegiatan = _level(
        [
            _node(period, program, Level.KEGIATAN, f"{program.code}.2.{k:02d}", program.unit)
            for program in programs
            for k in range(1, next(kegiatan_counts) + 1)
        ]
    )
    sub_counts = iter(SUB_KEGIATAN_PER_KEGIATAN * scale)
    subs = _level(
        [
            _node(period, parent, Level.SUB_KEGIATAN, f"{parent.code}.{s:02d}", parent.unit)
            for parent in kegiatan
            for s in range(1, next(sub_counts) + 1)
        ]
    )

    indicators = []
    for node in [sasaran, *programs, *kegiatan, *subs]:
        per_node = 2 if node.level == Level.PROGRAM else 1
        for order in range(1, per_node + 1):
            value_kind, polarity, aggregation = KINDS[len(indicators) % len(KINDS)]
            indicators.append(
                Indicator(
                    node=node,
                    order=order,
                    name=f"Indikator {node.code}/{order}",
                    satuan="%" if value_kind == ValueKind.PERCENTAGE else "Orang",
                    value_kind=value_kind,
                    polarity=polarity,
                    aggregation=aggregation,
                )
            )
    indicators = Indicator.objects.bulk_create(indicators)

    grades = list(GRADE_RANK)
    targets, realisations = [], []
    for indicator in indicators:
        ordinal = indicator.value_kind == ValueKind.ORDINAL
        for year in YEARS:
            value = None if ordinal else Decimal(rng.randint(0, 500))
            upper = value + rng.randint(0, 50) if indicator.polarity == Polarity.RANGE else None
            targets.append(
                IndicatorTarget(
                    indicator=indicator,
                    year=year,
                    value=value,
                    value_upper=upper,
                    grade=rng.choice(grades) if ordinal else "",
                    text=str(value or ""),
                )
            )
        for year in YEARS[:2]:
            for quarter in rng.sample(QUARTERS, rng.randint(0, 4)):
                realisations.append(
                    Realisation(
                        indicator=indicator,
                        year=year,
                        quarter=quarter,
                        value=None if ordinal else Decimal(rng.randint(0, 60000)) / 100,
                        grade=rng.choice(grades) if ordinal else "",
                        status=rng.choice(STATUSES),
                    )
                )
    IndicatorTarget.objects.bulk_create(targets)
    Realisation.objects.bulk_create(realisations)

    sources = FundingSource.objects.bulk_create(
        [FundingSource(code=f"sumber-{scale}-{seed}-{n}", name=f"Sumber {n}") for n in range(2)]
    )
    pagu, spent = [], []
    for sub in subs:
        for year in YEARS:
            for source in sources[: rng.randint(1, 2)]:
                amount = Decimal(rng.randint(1_000_000, 500_000_000_00)) / 100
                pagu.append(Pagu(node=sub, year=year, source=source, amount=amount))
                generated.pagu[sub.pk, year] += amount
        for year in YEARS[:2]:
            for quarter in rng.sample(QUARTERS, rng.randint(0, 4)):
                amount = Decimal(rng.randint(0, 100_000_000_00)) / 100
                status = rng.choice(STATUSES)
                spent.append(
                    BudgetRealisation(
                        node=sub, year=year, quarter=quarter, amount=amount, status=status
                    )
                )
                generated.spent[sub.pk, year, quarter, status] = amount
    Pagu.objects.bulk_create(pagu)
    BudgetRealisation.objects.bulk_create(spent)
    return generated
