"""Rencana Aksi: the quarterly targets of the PK's indicators, read and written.

Reads: the quarter targets of many indicators in one query, and an indicator's rencana aksi
figure for a quarter (the target to date and the capaian against it, through
cascading.calculations: the same roll-up of quarters and the same capaian formula as the
year's). Writes: one service, transactional, with the entry sheet's parsing, the period locks,
optimistic versions and simple-history.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cascading.calculations import aggregate_grade_quarters, aggregate_quarters, capaian
from cascading.choices import QUARTERS, ValueKind
from cascading.constants import VERIFIED_ONLY
from cascading.models import Indicator
from cascading.selectors import IndicatorFigures
from renstra.numbers import display_number, format_measure
from renstra.selectors import LockBook

from .calculations import default_split
from .models import ActionPlanTarget, Agreement
from .services import _check_editor, parse_target

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quarter_targets(
    *, indicator_ids: Iterable[int] | None = None, year: int, period=None, key_only=False
) -> dict[int, dict[int, ActionPlanTarget]]:
    """{indicator id: {quarter: target}} of the year, for some indicators or a period's (with
    `key_only`, its IKU and IKK only). One query."""
    rows = ActionPlanTarget.objects.filter(year=year)
    if indicator_ids is not None:
        rows = rows.filter(indicator_id__in=list(indicator_ids))
    if period is not None:
        rows = rows.filter(indicator__node__period=period)
    if key_only:
        rows = rows.filter(Q(indicator__is_iku=True) | Q(indicator__is_ikk=True))
    found: dict[int, dict[int, ActionPlanTarget]] = defaultdict(dict)
    for row in rows.order_by():
        found[row.indicator_id][row.quarter] = row
    return found


@dataclass(frozen=True)
class ActionPlanFigure:
    """An indicator's rencana aksi for a quarter: the quarter's own target, the target to date
    (rolled up like the realisations), and the capaian of the realisation to date against it."""

    quarter: int
    quarter_target: str
    target: Decimal | None
    target_grade: str
    capaian: Decimal | None

    @property
    def target_text(self) -> str:
        return self.target_grade or display_number(self.target)


def action_plan_figure(
    figures: IndicatorFigures, targets: dict[int, ActionPlanTarget], quarter: int
) -> ActionPlanFigure | None:
    """The rencana aksi figure of an indicator whose year figures (to `quarter`) are `figures`;
    None when the indicator has no rencana aksi target up to the quarter."""
    return _figure(
        figures.indicator, figures.realisation, figures.realisation_grade, targets, quarter
    )


def _figure(
    indicator: Indicator,
    realisation: Decimal | None,
    realisation_grade: str,
    targets: dict[int, ActionPlanTarget],
    quarter: int,
) -> ActionPlanFigure | None:
    if not any(number <= quarter for number in targets):
        return None
    values = {number: target.value for number, target in targets.items()}
    grades = {number: target.grade for number, target in targets.items()}
    to_date = aggregate_quarters(values, indicator.aggregation, up_to=quarter)
    grade_to_date = aggregate_grade_quarters(grades, indicator.aggregation, up_to=quarter)
    own = targets.get(quarter)
    return ActionPlanFigure(
        quarter=quarter,
        quarter_target=own.display_value() if own else "-",
        target=to_date,
        target_grade=grade_to_date,
        capaian=capaian(
            value_kind=indicator.value_kind,
            polarity=indicator.polarity,
            target=to_date,
            target_grade=grade_to_date,
            realisation=realisation,
            realisation_grade=realisation_grade,
        ),
    )


def action_plan_by_quarter(
    *, indicator: Indicator, year: int, realisations: dict[int, object]
) -> dict[int, ActionPlanFigure | None]:
    """Each quarter's rencana aksi figure of an indicator, its realisation to date counted from
    the verified `realisations` ({quarter: Realisation}) by the indicator's roll-up. One
    query."""
    targets = quarter_targets(indicator_ids=[indicator.pk], year=year).get(indicator.pk, {})
    verified = {
        number: record
        for number, record in realisations.items()
        if record is not None and record.status in VERIFIED_ONLY
    }
    values = {number: record.value for number, record in verified.items()}
    grades = {number: record.grade for number, record in verified.items()}
    return {
        quarter: _figure(
            indicator,
            aggregate_quarters(values, indicator.aggregation, up_to=quarter),
            aggregate_grade_quarters(grades, indicator.aggregation, up_to=quarter),
            targets,
            quarter,
        )
        for quarter in QUARTERS
    }


@dataclass
class ActionPlanCell:
    quarter: int
    record: ActionPlanTarget | None
    proposed: str
    locked: bool
    typed: str | None = None
    error: str = ""

    @property
    def shown(self) -> str:
        return self.record.display_value() if self.record else ""

    @property
    def value(self) -> str:
        return self.shown if self.typed is None else self.typed


@dataclass
class ActionPlanRow:
    target: object  # AgreementTarget
    cells: list[ActionPlanCell]

    @property
    def editable(self) -> bool:
        return self.target.indicator_id is not None


def _proposal(row) -> dict[int, str]:
    """The default split of the PK's agreed target, as the input would show it."""
    indicator = row.indicator
    if indicator is None:
        return {}
    if row.value_kind == ValueKind.ORDINAL:
        return dict.fromkeys(QUARTERS, row.grade) if row.grade else {}
    if row.value is None:
        return {}
    split = default_split(row.value, indicator.aggregation)
    return {quarter: format_measure(value) for quarter, value in split.items()}


def action_plan_rows(agreement: Agreement) -> list[ActionPlanRow]:
    """The PK's indicator rows with their four quarter targets, the proposed split and locks.
    Four queries."""
    rows = list(agreement.targets.select_related("indicator__node"))
    targets = quarter_targets(
        indicator_ids=[row.indicator_id for row in rows if row.indicator_id], year=agreement.year
    )
    locks = LockBook.load(organisation_id=agreement.organisation_id, year=agreement.year)
    result = []
    for row in rows:
        proposal = _proposal(row)
        unit_id = row.indicator.node.unit_id if row.indicator else None
        existing = targets.get(row.indicator_id, {})
        result.append(
            ActionPlanRow(
                target=row,
                cells=[
                    ActionPlanCell(
                        quarter=quarter,
                        record=existing.get(quarter),
                        proposed=proposal.get(quarter, ""),
                        locked=locks.is_locked(quarter=quarter, unit_id=unit_id),
                    )
                    for quarter in QUARTERS
                ],
            )
        )
    return result


def _cell_key(row_id: int, quarter: int) -> str:
    return f"ra-{row_id}-{quarter}"


@transaction.atomic
def save_action_plan(
    *, user, agreement: Agreement, cells: dict[tuple[int, int], tuple[str, int | None]]
) -> int:
    """Save quarter targets typed for the PK's rows: {(row id, quarter): (text, version loaded,
    0 for none)}. All or nothing: any refused cell (bad number, locked quarter, changed by
    someone else) raises ValidationError keyed by its cell, naming the indicator and quarter, and
    nothing is saved. Returns how many targets changed."""
    _check_editor(user, agreement.organisation_id)
    rows = {row.pk: row for row in agreement.targets.select_related("indicator__node")}
    locks = LockBook.load(organisation_id=agreement.organisation_id, year=agreement.year)
    indicator_ids = [row.indicator_id for row in rows.values() if row.indicator_id]
    current = {
        (record.indicator_id, record.quarter): record
        for record in ActionPlanTarget.objects.select_for_update().filter(
            indicator_id__in=indicator_ids, year=agreement.year
        )
    }
    errors: dict[str, list[str]] = {}
    writes = []
    for (row_id, quarter), (text, version) in cells.items():
        row = rows.get(row_id)
        key = _cell_key(row_id, quarter)
        if row is None or row.indicator_id is None or quarter not in QUARTERS:
            errors.setdefault(key, []).append(_("Baris rencana aksi tidak dikenal."))
            continue
        label = _("%(indicator)s, TW %(quarter)s") % {
            "indicator": row.indicator_name,
            "quarter": ROMAN[quarter],
        }
        indicator: Indicator = row.indicator
        if locks.is_locked(quarter=quarter, unit_id=indicator.node.unit_id):
            errors.setdefault(key, []).append(
                _("%(label)s: triwulan ini dikunci.") % {"label": label}
            )
            continue
        try:
            value, grade = parse_target(indicator.value_kind, text)
        except ValidationError as error:
            message = " ".join(error.message_dict.get("value", error.messages))
            errors.setdefault(key, []).append(f"{label}: {message}")
            continue
        record = current.get((indicator.pk, quarter))
        if (record.version if record else 0) != (version or 0):
            errors.setdefault(key, []).append(
                _("%(label)s: sudah diubah pengguna lain; muat ulang halaman.") % {"label": label}
            )
            continue
        if record is None:
            if value is None and not grade:
                continue
            record = ActionPlanTarget(indicator=indicator, year=agreement.year, quarter=quarter)
        elif (record.value, record.grade) == (value, grade):
            continue
        else:
            record.version += 1
        record.value, record.grade = value, grade
        record.updated_by = user
        writes.append(record)
    if errors:
        raise ValidationError(errors)
    for record in writes:
        record.full_clean()
        record._history_user = user
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            raise ValidationError(
                _("Target rencana aksi baru saja diisi pengguna lain; muat ulang halaman.")
            ) from None
    return len(writes)
