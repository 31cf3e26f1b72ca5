"""Thresholds of the dashboard's red flags (tanda perhatian)."""

from decimal import Decimal

# How many indicators the "lowest capaian" flag lists.
LOWEST_CAPAIAN_SHOWN = 5

# A program or kegiatan is flagged when its serapan anggaran is more than this many percentage
# points above its capaian kinerja (money spent ahead of results) ...
SERAPAN_AHEAD_POINTS = Decimal("25")
# ... or more than this many points below it (results reported, money not yet spent).
SERAPAN_BEHIND_POINTS = Decimal("25")

# How many entries each attention list shows before "show all" (largest gaps first).
ATTENTION_SHOWN = 10
