"""The one formula of this app: the default quarterly split of a yearly target (Rencana Aksi).

The split follows the indicator's roll-up from quarters to the year (Indicator.aggregation), so
that the quarters' targets roll up to the yearly target by the same rule the realisations do
(cascading.calculations.aggregate_quarters):

- `sum` (a flow counted per quarter): the year's target spread evenly, each quarter's share
  rounded to the target's own decimals so that the four add up to it exactly (115 Orang:
  29, 29, 28, 29);
- `last` and `max` (a level reached by the end of the quarter): the level planned by then,
  rising evenly to the year's target in TW IV (3,7 %: 0,9; 1,9; 2,8; 3,7);
- `average`: the year's target in every quarter.
"""

from decimal import ROUND_HALF_UP, Decimal

from cascading.choices import QUARTERS, Aggregation

FOUR = Decimal(4)


def default_split(target: Decimal, aggregation: str) -> dict[int, Decimal]:
    """Quarter targets {1..4: value} proposed for a yearly `target` under `aggregation`."""
    # The target's own decimals, not the column's (3,7 is stored 3.7000).
    exponent = min(target.normalize().as_tuple().exponent, 0)
    quantum = Decimal(1).scaleb(exponent)
    if aggregation == Aggregation.AVERAGE:
        return dict.fromkeys(QUARTERS, target)
    reached = {
        quarter: (target * quarter / FOUR).quantize(quantum, rounding=ROUND_HALF_UP)
        for quarter in QUARTERS
    }
    if aggregation in (Aggregation.LAST, Aggregation.MAX):
        return reached
    return {
        quarter: reached[quarter] - (reached[quarter - 1] if quarter > 1 else 0)
        for quarter in QUARTERS
    }
