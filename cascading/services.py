"""Writes of indicator realisations: entering a quarter's value, and its workflow."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renstra.numbers import NumberFormatError, parse_decimal

from . import workflow
from .choices import GRADE_RANK, QUARTERS, Aggregation, ValueKind
from .models import Indicator, IndicatorTarget, Realisation
from .plausibility import confirm_plausibility, implausibility

HUNDRED = Decimal("100")


def parse_realisation(indicator: Indicator, text: str) -> tuple[Decimal | None, str]:
    """Read what a user typed for an indicator: (value, grade). Raise ValidationError on `value`."""
    raw = (text or "").strip()
    if not raw:
        raise ValidationError({"value": _("Isi nilai realisasi.")})
    if indicator.value_kind == ValueKind.ORDINAL:
        grade = raw.upper()
        if grade not in GRADE_RANK:
            raise ValidationError(
                {
                    "value": _("Nilai huruf harus salah satu dari: %(grades)s.")
                    % {"grades": ", ".join(GRADE_RANK)}
                }
            )
        return None, grade
    if raw.endswith("%"):
        raw = raw[:-1].strip()
    try:
        value = parse_decimal(raw)
    except NumberFormatError:
        raise ValidationError(
            {"value": _("'%(text)s' bukan angka (contoh: 1.234,5 atau 1234.5).") % {"text": text}}
        ) from None
    if value < 0:
        raise ValidationError({"value": _("Realisasi tidak boleh negatif.")})
    if indicator.value_kind == ValueKind.PERCENTAGE and value > HUNDRED:
        raise ValidationError({"value": _("Persentase harus antara 0 dan 100.")})
    if value.as_tuple().exponent < -4:
        raise ValidationError({"value": _("Paling banyak empat angka di belakang koma.")})
    return value, ""


def _check_period(indicator: Indicator, year: int, quarter: int) -> None:
    period = indicator.node.period
    if year not in period.years:
        raise ValidationError(
            {
                "year": _("Tahun %(year)s di luar periode %(period)s.")
                % {"year": year, "period": period}
            }
        )
    if quarter not in QUARTERS:
        raise ValidationError({"quarter": _("Triwulan harus 1 sampai 4.")})


def _implausibility(
    indicator: Indicator, year: int, quarter: int, value: Decimal | None
) -> list[str]:
    """Why a quarter's value looks implausible against the year's target, the indicator's own
    bounds and, for a cumulative count (`last`/`max` of a number), the previous quarter."""
    if value is None:
        return []
    target = (
        IndicatorTarget.objects.filter(indicator=indicator, year=year)
        .values_list("value", flat=True)
        .first()
    )
    cumulative = indicator.value_kind == ValueKind.NUMBER and indicator.aggregation in (
        Aggregation.LAST,
        Aggregation.MAX,
    )
    previous = None
    if cumulative:
        previous = (
            Realisation.objects.filter(
                indicator=indicator, year=year, quarter__lt=quarter, value__isnull=False
            )
            .order_by("-quarter")
            .values_list("value", flat=True)
            .first()
        )
    return implausibility(
        value=value,
        target=target,
        minimum=indicator.plausible_min,
        maximum=indicator.plausible_max,
        previous=previous,
        cumulative=cumulative,
    )


@transaction.atomic
def save_realisation(
    *,
    user,
    indicator: Indicator,
    year: int,
    quarter: int,
    value: str,
    note: str = "",
    evidence=None,
    expected_version: int | None = None,
    confirmed: bool | None = None,
) -> Realisation:
    """Enter or correct an indicator's value for a quarter (as a draft).

    `expected_version` is the version the user loaded (None for a new value); a different
    version in the database means someone else saved first, and the save is refused.
    An implausible value (`cascading.plausibility`) is refused with ImplausibleValue unless
    `confirmed` (then a note is required); `confirmed` None (imports, demo data) saves it. Either
    way the record keeps the warning in `plausibility_warning`.
    """
    _check_period(indicator, year, quarter)
    workflow.check_entry(
        user, workflow.Scope(indicator.node.organisation_id, indicator.node.unit_id, year, quarter)
    )
    parsed_value, grade = parse_realisation(indicator, value)
    record = (
        Realisation.objects.select_for_update(of=("self",))
        .filter(indicator=indicator, year=year, quarter=quarter)
        .first()
    )
    if record is None:
        if expected_version not in (None, 0):
            raise ValidationError(_("Nilai yang Anda ubah sudah dihapus; muat ulang halaman."))
        record = Realisation(indicator=indicator, year=year, quarter=quarter)
    workflow.check_editable(record, expected_version)
    record.indicator = indicator
    record.value, record.grade = parsed_value, grade
    record.note = note.strip()
    record.plausibility_warning = confirm_plausibility(
        reasons=_implausibility(indicator, year, quarter, parsed_value),
        confirmed=confirmed,
        note=record.note,
    )
    if evidence is not None:
        record.evidence = evidence
    workflow.stamp_edit(record, user)
    workflow.save_entry(record, lookup={"indicator": indicator, "year": year, "quarter": quarter})
    return record
