"""The formulas of the product, one function each; pure: numbers in, numbers out, no database.

Every percentage goes through `renstra.numbers.percentage`. Nothing is rounded or capped here:
rounding is for display, and a capaian of 125 % is a real result. A figure that cannot be computed
(no target, a target of 0, no realisation) is None, shown as "-".
"""

import functools
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from decimal import Decimal, Overflow, localcontext
from typing import ParamSpec, Protocol, TypeVar

from renstra.numbers import percentage

from .choices import GRADE_RANK, Aggregation, PeriodRule, Polarity, ValueKind
from .constants import EFFICIENCY_THRESHOLD, Efficiency

ZERO = Decimal("0")
HUNDRED = Decimal("100")

P = ParamSpec("P")


def _figure(formula: Callable[P, Decimal | None]) -> Callable[P, Decimal | None]:
    """Run a formula with overflow untrapped: a result that is not a finite number is None."""

    @functools.wraps(formula)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Decimal | None:
        with localcontext() as context:
            context.traps[Overflow] = False
            result = formula(*args, **kwargs)
        return result if result is None or result.is_finite() else None

    return wrapper


def _finite(*values: Decimal | None) -> bool:
    return all(value is not None and value.is_finite() for value in values)


def capaian_positive(realisation: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Higher is better: R / T x 100."""
    return percentage(realisation, target)


@_figure
def capaian_negative(realisation: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Lower is better: (2T - R) / T x 100, not below 0."""
    if not _finite(realisation, target):
        return None
    result = percentage(2 * target - realisation, target)
    return None if result is None else max(result, ZERO)


def capaian_range(
    realisation: Decimal | None, lower: Decimal | None, upper: Decimal | None
) -> Decimal | None:
    """Target range [a, b]: 100 inside; above, (2b - R) / b x 100 (the negative-polarity formula
    against b, so likewise not below 0); below, R / a x 100. A range without an upper bound is the
    single value [a, a]."""
    upper = lower if upper is None else upper
    if not _finite(realisation, lower, upper):
        return None
    if realisation > upper:
        return capaian_negative(realisation, upper)
    if realisation < lower:
        return capaian_positive(realisation, lower)
    return HUNDRED


def capaian_grade(realised_grade: str, target_grade: str) -> Decimal | None:
    """Ordinal target (SAKIP grade): 100 when the grade reached is at least the target grade, else
    rank reached / rank targeted x 100 (ranks: D = 1 ... AA = 7)."""
    realised = GRADE_RANK.get(realised_grade)
    targeted = GRADE_RANK.get(target_grade)
    if realised is None or targeted is None:
        return None
    if realised >= targeted:
        return HUNDRED
    return percentage(Decimal(realised), Decimal(targeted))


def capaian(
    *,
    value_kind: str = ValueKind.NUMBER,
    polarity: str = Polarity.POSITIVE,
    target: Decimal | None = None,
    target_upper: Decimal | None = None,
    target_grade: str = "",
    realisation: Decimal | None = None,
    realisation_grade: str = "",
) -> Decimal | None:
    """Capaian of an indicator for a period: chooses the formula for the indicator's kind and
    polarity (Permendagri 86/2017, LKjIP practice)."""
    if value_kind == ValueKind.ORDINAL:
        return capaian_grade(realisation_grade, target_grade)
    if polarity == Polarity.NEGATIVE:
        return capaian_negative(realisation, target)
    if polarity == Polarity.RANGE:
        return capaian_range(realisation, target, target_upper)
    return capaian_positive(realisation, target)


@_figure
def aggregate_quarters(
    values_by_quarter: Mapping[int, Decimal | None], rule: str, *, up_to: int = 4
) -> Decimal | None:
    """Year-to-date value from the quarters entered up to quarter `up_to`, by the indicator's rule.

    `sum` adds the quarters entered; `last` takes the latest quarter entered; `max` the highest
    value; `average` the mean of the quarters entered (missing quarters are not zeros). None when no
    quarter up to `up_to` has a value.
    """
    entered = sorted(
        (quarter, value)
        for quarter, value in values_by_quarter.items()
        if _finite(value) and quarter <= up_to
    )
    if not entered:
        return None
    values = [value for _quarter, value in entered]
    if rule == Aggregation.LAST:
        return values[-1]
    if rule == Aggregation.MAX:
        return max(values)
    if rule == Aggregation.AVERAGE:
        return mean(values)
    return sum(values, ZERO)


def aggregate_grade_quarters(
    grades_by_quarter: Mapping[int, str], rule: str, *, up_to: int = 4
) -> str:
    """Year-to-date grade of an ordinal indicator: the best grade entered under the `max` rule,
    else the latest grade entered (grades cannot be added or averaged). "" when none."""
    entered = sorted(
        (quarter, grade)
        for quarter, grade in grades_by_quarter.items()
        if grade in GRADE_RANK and quarter <= up_to
    )
    if not entered:
        return ""
    if rule == Aggregation.MAX:
        return max((grade for _quarter, grade in entered), key=GRADE_RANK.__getitem__)
    return entered[-1][1]


def over_period(
    values_by_year: Mapping[int, Decimal | str | None], rule: str
) -> Decimal | str | None:
    """An indicator's figure over the years of a Renstra period, by its period rule: the
    realisation to date (Evaluasi Renja columns (6) and (13), the LKjIP and every Renstra-to-date
    figure), or the end-of-period target from the yearly targets.

    `cumulative` adds the years present (the end target is the sum of the yearly targets);
    `level` takes the latest year present (the end target is a level reached, "8 Dokumen" each
    year and at the end), never the sum. Grades cannot be added: they always take the latest.
    Years without a value are skipped, not zeros; None when no year has one.
    """
    present = [
        value
        for _year, value in sorted(values_by_year.items())
        if value not in (None, "") and (isinstance(value, str) or value.is_finite())
    ]
    if not present:
        return None
    if rule == PeriodRule.CUMULATIVE and not any(isinstance(value, str) for value in present):
        return sum(present, ZERO)
    return present[-1]


def infer_period_rule(
    final_target: Decimal | None, targets_by_year: Mapping[int, Decimal | None]
) -> str:
    """The period rule a plan implies: cumulative when the end-of-period target equals the sum
    of the yearly targets and differs from the last year's; level otherwise (66 of the 70
    indicators of the seed's Tabel 6.1 end on the last year's level)."""
    if final_target is None:
        return PeriodRule.LEVEL
    total = over_period(targets_by_year, PeriodRule.CUMULATIVE)
    last = over_period(targets_by_year, PeriodRule.LEVEL)
    if total is not None and final_target == total and final_target != last:
        return PeriodRule.CUMULATIVE
    return PeriodRule.LEVEL


@_figure
def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    """Arithmetic mean of the values present; None when there are none."""
    present = [value for value in values if _finite(value)]
    if not present:
        return None
    return sum(present, ZERO) / len(present)


class BandLike(Protocol):
    lower: Decimal | None
    inclusive: bool


BandT = TypeVar("BandT", bound=BandLike)


def predikat(value: Decimal | None, bands: Sequence[BandT]) -> BandT | None:
    """The band of a configurable scale that a value falls in (predikat, SPM kategori).

    A band with a lower bound takes values above it, or equal to it when `inclusive`; bands are
    tried from the highest bound down, and the band without a lower bound catches the rest.
    """
    if not _finite(value):
        return None
    bounded = sorted(
        (band for band in bands if band.lower is not None),
        key=lambda band: band.lower,
        reverse=True,
    )
    for band in bounded:
        if value > band.lower or (band.inclusive and value == band.lower):
            return band
    return next((band for band in bands if band.lower is None), None)


def serapan(realisasi: Decimal | None, pagu: Decimal | None) -> Decimal | None:
    """Budget absorption: realisasi anggaran / pagu x 100."""
    return percentage(realisasi, pagu)


def efficiency(
    capaian_kinerja: Decimal | None, serapan_anggaran: Decimal | None
) -> tuple[Decimal | None, Efficiency | None]:
    """Efficiency ratio capaian kinerja / serapan anggaran x 100 and its reading: efisien at or
    above 100 (see `cascading.constants.Efficiency`); (None, None) when either is missing or
    nothing was spent."""
    ratio = percentage(capaian_kinerja, serapan_anggaran)
    if ratio is None:
        return None, None
    return ratio, Efficiency.EFFICIENT if ratio >= EFFICIENCY_THRESHOLD else Efficiency.INEFFICIENT


K = TypeVar("K", bound=Hashable)


def roll_up_sum(parent_of: Mapping[K, K | None], values: Mapping[K, Decimal]) -> dict[K, Decimal]:
    """Totals up a tree: each node's total is its own value plus all its descendants' values.

    `parent_of` names every node's parent (None at a root); `values` holds the nodes that carry an
    amount (the sub kegiatan). One pass over the values, each added to its node and every ancestor.
    """
    totals = dict.fromkeys(parent_of, ZERO)
    for node, value in values.items():
        current: K | None = node
        while current is not None:
            totals[current] += value
            current = parent_of[current]
    return totals


def mean_of_children(
    parent_of: Mapping[K, K | None], values: Mapping[K, Decimal | None]
) -> dict[K, Decimal | None]:
    """For each node, the mean of its direct children's values (children without one ignored)."""
    children: dict[K, list[Decimal | None]] = {node: [] for node in parent_of}
    for node, parent in parent_of.items():
        if parent is not None:
            children[parent].append(values.get(node))
    return {node: mean(child_values) for node, child_values in children.items()}
