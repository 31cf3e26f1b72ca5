"""The SPM formulas, one function each; pure. Percentages go through `renstra.numbers.percentage`.

The kategori of an index is read from the configurable bands by `cascading.calculations.predikat`.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from renstra.numbers import percentage

HUNDRED = Decimal("100")


class PenerimaSource(models.TextChoices):
    """Where a capaian penerima layanan comes from."""

    COUNTS = "jumlah", _("Dihitung dari jumlah warga negara terlayani / membutuhkan")
    RECORDED = "tercatat", _("Capaian tercatat (rincian jumlah tidak tersedia)")


def capaian_penerima(
    *, served: int | None, needing: int | None, recorded: Decimal | None
) -> tuple[Decimal | None, PenerimaSource | None]:
    """Capaian penerima layanan = served / needing x 100, and where it comes from.

    When the counts are missing (or nobody was counted as needing the service) the recorded
    capaian is used instead, and the source says so.
    """
    computed = percentage(
        None if served is None else Decimal(served),
        None if needing is None else Decimal(needing),
    )
    if computed is not None:
        return computed, PenerimaSource.COUNTS
    if recorded is not None:
        return recorded, PenerimaSource.RECORDED
    return None, None


def capaian_mutu(*, provided: Decimal | None, required: Decimal | None) -> Decimal | None:
    """Capaian mutu layanan = barang, jasa and SDM provided / required x 100."""
    return percentage(provided, required)


def indeks_capaian(
    *,
    penerima: Decimal | None,
    mutu: Decimal | None,
    recipient_weight: Decimal,
    quality_weight: Decimal,
) -> Decimal | None:
    """Indeks capaian SPM = weight penerima % x penerima + weight mutu % x mutu; None when either
    capaian is missing (an index on half the data would overstate or understate the service)."""
    if penerima is None or mutu is None:
        return None
    return (recipient_weight * penerima + quality_weight * mutu) / HUNDRED
