"""Writes of the SPM yearly figures (needing, served, mutu), for the SPM page and the admin.

Numbers are read the way the entry sheet reads them (`renstra.numbers.parse_decimal`: `1.250` is
1250). A year's SPM figures are reported once, after the year ends, so they are locked with the
year: a lock on the whole year, or on its TW IV, refuses every write unless the lock grants the
service's unit an exception (the same rule `renstra.services.ensure_unlocked` applies to TW IV).
Every write keeps an audit row (django-simple-history) and bumps the row's version; a save based on
an older version is refused with the current figures and who set them (`EditConflict`).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import get_history_manager_for_model

from cascading.workflow import EditConflict
from renstra.models import Organisation, RenstraPeriod
from renstra.numbers import NumberFormatError, parse_decimal
from renstra.permissions import REFUSED_ENTRY, can_enter
from renstra.selectors import LockBook

from .models import SpmAnnual, SpmService
from .selectors import year_lock

COUNT_FIELDS = ("people_needing", "people_served")
QUANTITY_FIELDS = ("quality_required", "quality_provided")
# What the SPM page enters; the admin may also set the target and the recorded capaian.
PAGE_FIELDS = (*COUNT_FIELDS, *QUANTITY_FIELDS, "note")
PERCENT_FIELDS = ("target_percent", "recorded_capaian")
EDITABLE_FIELDS = (*PAGE_FIELDS, *PERCENT_FIELDS)
MAX_COUNT = 2_147_483_647  # PositiveIntegerField on PostgreSQL
BASELINE_REASON = "Nilai sebelum perubahan pertama yang tercatat"

Figure = int | Decimal | str | None


def _number(text: str) -> Decimal | None:
    raw = (text or "").strip()
    if not raw:
        return None
    try:
        value = parse_decimal(raw)
    except NumberFormatError:
        raise ValidationError(
            _("'%(text)s' bukan angka (contoh: 1.250 atau 1250).") % {"text": raw}
        ) from None
    if value < 0:
        raise ValidationError(_("Tidak boleh negatif."))
    return value


def parse_count(text: str) -> int | None:
    """A number of people as typed (`1.250` = 1250); blank is None. Raises ValidationError."""
    value = _number(text)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise ValidationError(_("Jumlah warga negara harus bilangan bulat."))
    if value > MAX_COUNT:
        raise ValidationError(_("Angka terlalu besar."))
    return int(value)


def parse_quantity(text: str, *, max_digits: int = 18, places: int = 2) -> Decimal | None:
    """A quantity or percentage as typed (`1.250,5`), at most `places` decimals."""
    value = _number(text)
    if value is None:
        return None
    if value.as_tuple().exponent < -places:
        raise ValidationError(
            _("Paling banyak %(places)s angka di belakang koma.") % {"places": places}
        )
    if value.adjusted() >= max_digits - places:
        raise ValidationError(_("Angka terlalu besar."))
    return value


def parse_figure(name: str, value: Figure) -> Figure:
    """One field's value: text is parsed as the entry sheet parses it, other values pass."""
    if not isinstance(value, str):
        return value
    if name == "note":
        return value.strip()
    if name in COUNT_FIELDS:
        return parse_count(value)
    if name in QUANTITY_FIELDS:
        return parse_quantity(value)
    return parse_quantity(value, max_digits=7)


@dataclass(frozen=True)
class SpmEntry:
    """One service's figures for a year as a user gave them, and the version they loaded.

    `figures` maps field names (see EDITABLE_FIELDS) to typed text or parsed values; a field left
    out keeps its stored value. `expected_version` is None for a row the user saw empty.
    """

    service: SpmService
    figures: Mapping[str, Figure] = field(default_factory=dict)
    expected_version: int | None = None


class SpmEntryRefused(Exception):
    """Nothing was saved: per service id, per field ("__all__" for the row), what is wrong."""

    def __init__(self, errors: dict[int, dict[str, str]]):
        self.errors = errors
        super().__init__(
            _("Tidak ada yang disimpan: %(count)s jenis pelayanan perlu diperbaiki.")
            % {"count": len(errors)}
        )


def locked_message(year: int) -> str:
    return _(
        "Data SPM tahun %(year)s dikunci (kunci tahun atau triwulan IV); data tidak dapat diubah."
    ) % {"year": year}


def _check_year(organisation: Organisation, year: int) -> None:
    in_period = RenstraPeriod.objects.filter(
        organisation=organisation, start_year__lte=year, end_year__gte=year
    ).exists()
    if not in_period:
        raise ValidationError(
            {"year": _("Tahun %(year)s di luar periode Renstra perangkat daerah.") % {"year": year}}
        )


def _check_service(user, organisation: Organisation, service: SpmService, locks: LockBook):
    if service.organisation_id != organisation.pk or not can_enter(
        user, organisation.pk, service.unit_id
    ):
        raise PermissionDenied(REFUSED_ENTRY)
    if year_lock(locks, service) is not None:
        raise PermissionDenied(locked_message(locks.year))


def _error_dict(error: Exception) -> dict[str, str]:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return {name: " ".join(texts) for name, texts in error.message_dict.items()}
    if isinstance(error, ValidationError):
        return {"__all__": " ".join(error.messages)}
    return {"__all__": str(error)}


def _parse(entry: SpmEntry) -> dict[str, Figure]:
    unknown = set(entry.figures) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not an SPM figure: {sorted(unknown)}")
    values, errors = {}, {}
    for name, value in entry.figures.items():
        try:
            values[name] = parse_figure(name, value)
        except ValidationError as error:
            label = SpmAnnual._meta.get_field(name).verbose_name
            errors[name] = f"{str(label).capitalize()}: {' '.join(error.messages)}"
    if errors:
        raise ValidationError(errors)
    return values


def _apply(*, user, year: int, entry: SpmEntry, current: SpmAnnual | None) -> SpmAnnual | None:
    """Write one entry over `current` (locked by the caller); None when nothing changed."""
    values = _parse(entry)
    if current is not None and all(getattr(current, k) == v for k, v in values.items()):
        return None
    if current is None:
        if entry.expected_version not in (None, 0):
            raise ValidationError(_("Data yang Anda ubah sudah dihapus; muat ulang halaman."))
        record = SpmAnnual(service=entry.service, year=year, created_by=user)
    else:
        if entry.expected_version is not None and current.version != entry.expected_version:
            raise EditConflict(current)
        _keep_baseline(current)
        record = current
        record.version += 1
    for name, value in values.items():
        setattr(record, name, value)
    record.service = entry.service  # the caller's instance: names the service in messages
    record.updated_by = user
    record._history_user = user
    # The one-row-per-year constraint is left to the database: a parallel first save is a
    # conflict (below), not a form error.
    record.full_clean(validate_constraints=record.pk is not None)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        winner = (
            SpmAnnual.objects.select_related("updated_by", "created_by")
            .filter(service=entry.service, year=year)
            .first()
        )
        if winner is None:
            raise
        raise EditConflict(winner) from None
    return record


def _keep_baseline(record: SpmAnnual) -> None:
    """Rows written in bulk (the seed, imports) have no audit row yet: keep their values as one
    before the first change, so the history shows the old figures too."""
    if not record.history.exists():
        get_history_manager_for_model(SpmAnnual).bulk_history_create(
            [record],
            default_user=record.updated_by,
            default_change_reason=BASELINE_REASON,
            default_date=record.updated_at,
        )


def _current(services: Sequence[SpmService], year: int) -> dict[int, SpmAnnual]:
    return {
        row.service_id: row
        for row in SpmAnnual.objects.select_for_update(of=("self",))
        .select_related("updated_by", "created_by")
        .filter(service__in=services, year=year)
    }


@transaction.atomic
def save_spm_year(
    *, user, organisation: Organisation, year: int, entries: Sequence[SpmEntry]
) -> list[SpmAnnual]:
    """Save the figures of several services for one year: all of them or none.

    Returns the rows written (unchanged entries are skipped). Raises PermissionDenied when the
    user may not enter one of the services or the year is locked, ValidationError for a year
    outside the office's periods, and SpmEntryRefused naming every bad field of every service.
    """
    _check_year(organisation, year)
    locks = LockBook.load(organisation_id=organisation.pk, year=year)
    for entry in entries:
        _check_service(user, organisation, entry.service, locks)
    current = _current([entry.service for entry in entries], year)
    saved, errors = [], {}
    for entry in entries:
        try:
            with transaction.atomic():
                record = _apply(
                    user=user, year=year, entry=entry, current=current.get(entry.service.pk)
                )
        except (ValidationError, EditConflict) as error:
            errors[entry.service.pk] = _error_dict(error)
            continue
        if record is not None:
            saved.append(record)
    if errors:
        transaction.set_rollback(True)
        raise SpmEntryRefused(errors)
    return saved


@transaction.atomic
def save_spm_figures(*, user, year: int, entry: SpmEntry) -> SpmAnnual | None:
    """Save one service's figures for a year (the admin's path); None when nothing changed.

    Raises what `save_spm_year` raises, with a ValidationError keyed by field in place of
    SpmEntryRefused.
    """
    organisation = entry.service.organisation
    try:
        saved = save_spm_year(user=user, organisation=organisation, year=year, entries=[entry])
    except SpmEntryRefused as refused:
        (errors,) = refused.errors.values()
        if set(errors) == {"__all__"}:
            raise ValidationError(errors["__all__"]) from None
        raise ValidationError(errors) from None
    return saved[0] if saved else None
