"""Plausibility of an entered value (as DHIS2's min-max outlier check): when a value looks wrong,
the entry pages ask the user to confirm it and explain it in a note before it is saved, and the
saved record keeps the warning for the verifier and the dashboard.

One pure function, numbers in and messages out, with every threshold here.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from renstra.numbers import format_decimal, format_measure

from .calculations import serapan

# A value more than this many times the year's target is far from it.
FAR_FROM_TARGET_FACTOR = Decimal("3")
# Serapan (spent to date / pagu x 100) above this is spending above the pagu.
SERAPAN_LIMIT = Decimal("100")


def implausibility(
    *,
    value: Decimal | None = None,
    target: Decimal | None = None,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    previous: Decimal | None = None,
    cumulative: bool = False,
    spent_to_date: Decimal | None = None,
    pagu: Decimal | None = None,
) -> list[str]:
    """Why a value looks implausible (Indonesian sentences); empty when it looks fine.

    Indicator value (`value`, against the year's `target`, the indicator's own bounds `minimum`
    and `maximum` set by a planner, and for a cumulative count the `previous` quarter's value):
    more than FAR_FROM_TARGET_FACTOR times a positive target; below `minimum` or above
    `maximum`; lower than the previous quarter when `cumulative`.
    Budget realisation (`spent_to_date`, the year's spending up to and including this quarter,
    against the year's `pagu`): serapan above SERAPAN_LIMIT, or anything spent with no pagu.
    """
    reasons: list[str] = []
    if value is not None:
        if target is not None and target > 0 and value > FAR_FROM_TARGET_FACTOR * target:
            reasons.append(
                _("%(value)s lebih dari %(factor)s kali target tahun ini (%(target)s).")
                % {
                    "value": format_measure(value),
                    "factor": format_measure(FAR_FROM_TARGET_FACTOR),
                    "target": format_measure(target),
                }
            )
        if minimum is not None and value < minimum:
            reasons.append(
                _("%(value)s di bawah batas wajar terendah indikator ini (%(bound)s).")
                % {"value": format_measure(value), "bound": format_measure(minimum)}
            )
        if maximum is not None and value > maximum:
            reasons.append(
                _("%(value)s di atas batas wajar tertinggi indikator ini (%(bound)s).")
                % {"value": format_measure(value), "bound": format_measure(maximum)}
            )
        if cumulative and previous is not None and value < previous:
            reasons.append(
                _(
                    "%(value)s lebih rendah dari triwulan sebelumnya (%(previous)s), padahal "
                    "angka indikator ini kumulatif."
                )
                % {"value": format_measure(value), "previous": format_measure(previous)}
            )
    if spent_to_date is not None and spent_to_date > 0:
        absorbed = serapan(spent_to_date, pagu)
        if absorbed is None:
            reasons.append(
                _("Ada realisasi anggaran Rp %(spent)s, padahal pagu tahun ini kosong.")
                % {"spent": format_decimal(spent_to_date)}
            )
        elif absorbed > SERAPAN_LIMIT:
            reasons.append(
                _(
                    "Realisasi anggaran s.d. triwulan ini Rp %(spent)s melebihi pagu Rp %(pagu)s "
                    "(serapan %(serapan)s %%)."
                )
                % {
                    "spent": format_decimal(spent_to_date),
                    "pagu": format_decimal(pagu),
                    "serapan": format_decimal(absorbed),
                }
            )
    return reasons


class ImplausibleValue(ValidationError):
    """A value refused until the user confirms it and explains it in a note."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(
            {
                "value": " ".join(reasons)
                + " "
                + _("Bila nilai ini benar, centang konfirmasi dan tulis catatan, lalu simpan lagi.")
            }
        )


def confirm_plausibility(*, reasons: list[str], confirmed: bool | None, note: str) -> str:
    """The warning to keep on the record ("" when the value looks fine), or raise when the user
    has not confirmed it (`confirmed` False) or confirmed it without a note. `confirmed` None:
    the caller runs no dialogue (imports, demo data): the warning is only kept."""
    if not reasons:
        return ""
    if confirmed is False:
        raise ImplausibleValue(reasons)
    if confirmed and not note.strip():
        raise ValidationError(
            {"note": _("Tulis catatan yang menjelaskan nilai yang tidak wajar ini.")}
        )
    return " ".join(reasons)
