"""The realisation workflow shared by indicator and budget realisations.

draft -> submitted -> verified, or returned (with a comment) -> corrected -> submitted again;
a verified value can be reopened (returned, with a reason) by a head or administrator, and a
draft can be cleared. Every transition checks the user's scope and the period locks, locks the
rows it changes (SELECT ... FOR UPDATE), re-reads them and refuses with `EditConflict` when they
are no longer the version and status the caller loaded. Each function is one transaction and
writes exactly one audit (history) row per record it changes.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renstra.permissions import REFUSED_ENTRY, REFUSED_VERIFY, can_enter, can_verify
from renstra.services import ensure_unlocked

from .choices import Status

EDITABLE = (Status.DRAFT, Status.RETURNED)
# simple_history keeps the change reason in a 100-character column.
REASON_LENGTH = 100


def last_change(record) -> tuple:
    """Who wrote the record's current state and when: its latest audit row."""
    entry = (
        record.history.select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if entry is not None:
        return entry.history_user, entry.history_date
    return record.updated_by or record.created_by, record.updated_at


class EditConflict(Exception):
    """Someone else changed the same value since this user loaded it (optimistic locking)."""

    def __init__(self, current):
        self.current = current
        who, when = last_change(current)
        value = current.display_value()
        if hasattr(current, "get_status_display"):  # records of the workflow carry a status
            value = f"{value} ({current.get_status_display()})"
        super().__init__(
            _(
                "Nilai ini sudah diubah oleh %(who)s pada %(when)s. Nilai saat ini: %(value)s. "
                "Periksa lalu ulangi bila perlu."
            )
            % {
                "who": who.get_username() if who else _("pengguna lain"),
                "when": timezone.localtime(when).strftime("%d-%m-%Y %H:%M"),
                "value": value,
            }
        )


@dataclass(frozen=True)
class Scope:
    """Where a record sits: its office, the unit owning it, and the quarter."""

    organisation_id: int
    unit_id: int | None
    year: int
    quarter: int


def check_unlocked(scope: Scope) -> None:
    """Refuse any write in a quarter locked for the record's unit."""
    ensure_unlocked(
        organisation_id=scope.organisation_id,
        unit_id=scope.unit_id,
        year=scope.year,
        quarter=scope.quarter,
    )


def check_entry(user, scope: Scope) -> None:
    if not can_enter(user, scope.organisation_id, scope.unit_id):
        raise PermissionDenied(REFUSED_ENTRY)
    check_unlocked(scope)


def check_editable(record, expected_version: int | None) -> None:
    """Refuse to overwrite a newer version, or a value already submitted or verified."""
    if record.pk is None:
        return
    if expected_version is not None and record.version != expected_version:
        raise EditConflict(record)
    if record.status == Status.VERIFIED:
        raise PermissionDenied(
            _(
                "Realisasi berstatus '%(status)s' tidak dapat diubah; minta pimpinan membukanya "
                "kembali, maka nilai ini dikembalikan ke unit Anda."
            )
            % {"status": record.get_status_display()}
        )
    if record.status not in EDITABLE:
        raise PermissionDenied(
            _(
                "Realisasi berstatus '%(status)s' tidak dapat diubah; minta verifikator "
                "mengembalikannya lebih dahulu."
            )
            % {"status": record.get_status_display()}
        )


def stamp_edit(record, user) -> None:
    """Record who changed the value; a returned value becomes a draft again."""
    if record.pk is None:
        record.created_by = user
    else:
        record.version += 1
    record.updated_by = user
    if record.status == Status.RETURNED:
        record.status = Status.DRAFT
    record._history_user = user


def save_entry(record, *, lookup: dict) -> None:
    """Save an entered value (after `stamp_edit`). The first save of a quarter that loses the
    race to another first save of the same quarter (`lookup`: its unique fields) is refused with
    the conflict message naming the winner's value, not the database's unique error."""
    if record.pk is not None:
        record.full_clean()
        record.save()
        return
    try:
        with transaction.atomic():
            record.full_clean()
            record.save()
    except (IntegrityError, ValidationError) as error:
        current = (
            type(record)
            .objects.select_for_update(of=("self",))
            .select_related(*record.workflow_related)
            .filter(**lookup)
            .first()
        )
        if current is None:
            raise
        raise EditConflict(current) from error


def locked(records: Iterable) -> list:
    """Lock the rows of `records` and read them again: the current rows in the order given.

    Rows are locked model by model in primary-key order, so two bulk writes over the same rows
    wait for each other instead of deadlocking. A record deleted meanwhile is refused.
    """
    records = list(records)
    by_model: dict[type, list[int]] = defaultdict(list)
    for record in records:
        by_model[type(record)].append(record.pk)
    fresh = {}
    for model in sorted(by_model, key=lambda model: model._meta.label):
        rows = (
            model.objects.select_for_update(of=("self",))
            .select_related(*model.workflow_related)
            .filter(pk__in=by_model[model])
            .order_by("pk")
        )
        fresh.update({(model, row.pk): row for row in rows})
    current = []
    for record in records:
        row = fresh.get((type(record), record.pk))
        if row is None:
            raise ValidationError(
                _("%(record)s sudah dihapus; muat ulang halaman.") % {"record": record}
            )
        current.append(row)
    return current


def check_current(record, current) -> None:
    """Refuse when the row is no longer the version and status the caller loaded."""
    if current.version != record.version or current.status != record.status:
        raise EditConflict(current)


def _write(record, user, reason: str = "") -> None:
    """Save a transition: a new version, one audit row naming the user (and the reason)."""
    record.version += 1
    record._history_user = user
    if reason:
        record._change_reason = reason[:REASON_LENGTH]
    record.full_clean()
    record.save()


def copy_state(current, record) -> None:
    """Give the caller's instance the state just written, so it can be used again."""
    for field in current._meta.concrete_fields:
        setattr(record, field.attname, getattr(current, field.attname))


@transaction.atomic
def submit(*, user, records: Iterable, reason: str = "") -> int:
    """Submit drafts (and corrected returned values) for verification; all or nothing.

    Each record must still be the version the caller loaded: a value changed meanwhile is
    refused with EditConflict, so nobody submits (or overwrites) a value they did not see.
    """
    records = list(records)
    count = 0
    for record, current in zip(records, locked(records), strict=True):
        check_entry(user, current.workflow_scope())
        check_current(record, current)
        if current.status not in EDITABLE:
            raise PermissionDenied(
                _("%(record)s sudah berstatus '%(status)s'.")
                % {"record": current, "status": current.get_status_display()}
            )
        current.status = Status.SUBMITTED
        current.return_comment = ""
        _write(current, user, reason)
        copy_state(current, record)
        count += 1
    return count


@dataclass
class Authorship:
    """Who typed or changed a record's number at any point (`editors`, user ids), and the last
    entry: who typed the value or note as it stands and when (None before any audit row)."""

    editors: set[int]
    entered_by: str | None = None
    entered_at: datetime.datetime | None = None


def authorship(records: Iterable) -> dict[tuple[type, int], Authorship]:
    """The authorship of each record, read from its audit rows: every user of a row that set the
    number (its creation, or a change from the row before) is an editor, as is whoever created
    or last edited the record. One query per kind of record."""
    records = list(records)
    by_model: dict[type, list[int]] = defaultdict(list)
    result: dict[tuple[type, int], Authorship] = {}
    for record in records:
        by_model[type(record)].append(record.pk)
        result[type(record), record.pk] = Authorship(
            editors={user_id for user_id in (record.created_by_id, record.updated_by_id) if user_id}
        )
    for model, pks in by_model.items():
        rows = (
            model.history.filter(id__in=pks)
            .order_by("id", "history_id")
            .values_list(
                "id",
                "history_user_id",
                "history_user__username",
                "history_date",
                "status",
                *model.workflow_value_fields,
            )
        )
        before: dict[int, tuple] = {}
        for pk, user_id, username, date, status, *number in rows:
            entry = result[model, pk]
            if before.get(pk) != tuple(number) and user_id is not None:
                entry.editors.add(user_id)
            if status == Status.DRAFT:  # every edit leaves a draft; transitions do not
                entry.entered_by, entry.entered_at = username, date
            before[pk] = tuple(number)
    return result


def check_verifier(user, record, editors: set[int]) -> None:
    scope = record.workflow_scope()
    if not can_verify(user, scope.organisation_id, scope.unit_id):
        raise PermissionDenied(REFUSED_VERIFY)
    if user.pk in editors:
        raise PermissionDenied(
            _("%(record)s Anda isi atau ubah sendiri; verifikasi harus dilakukan orang lain.")
            % {"record": record}
        )
    check_unlocked(scope)


@transaction.atomic
def verify(*, user, records: Iterable) -> int:
    """Verify submitted values; refused as a whole if any one may not be verified by this user
    (four eyes: nobody verifies a number they typed or changed) or changed since it was loaded.
    """
    records = list(records)
    current_rows = locked(records)
    authors = authorship(current_rows)
    count = 0
    for record, current in zip(records, current_rows, strict=True):
        check_current(record, current)
        check_verifier(user, current, authors[type(current), current.pk].editors)
        mark_verified(current, user=user)
        copy_state(current, record)
        count += 1
    return count


def mark_verified(record, *, user, reason: str = "") -> None:
    """The verification itself, on a row the caller locked and whose verifier it checked:
    submitted values only; `reason` goes into the audit history."""
    if record.status != Status.SUBMITTED:
        raise PermissionDenied(
            _("Hanya realisasi yang diajukan yang dapat diverifikasi: %(record)s.")
            % {"record": record}
        )
    record.status = Status.VERIFIED
    record.verified_by = user
    record.verified_at = timezone.now()
    _write(record, user, reason)


def _check_head(user, record) -> None:
    scope = record.workflow_scope()
    if not can_verify(user, scope.organisation_id, scope.unit_id):
        raise PermissionDenied(REFUSED_VERIFY)
    check_unlocked(scope)


@transaction.atomic
def send_back(*, user, record, comment: str):
    """Return a submitted value to its unit, with the reason."""
    _check_head(user, record)
    if not comment.strip():
        raise ValidationError({"return_comment": _("Tuliskan alasan pengembalian.")})
    [current] = locked([record])
    check_current(record, current)
    if current.status != Status.SUBMITTED:
        raise PermissionDenied(
            _(
                "Hanya realisasi yang diajukan yang dapat dikembalikan; nilai terverifikasi "
                "dibuka kembali oleh pimpinan."
            )
        )
    current.status = Status.RETURNED
    current.return_comment = comment.strip()
    _write(current, user)
    copy_state(current, record)
    return record


@transaction.atomic
def reopen(*, user, record, reason: str):
    """A head or administrator reopens a verified value: it goes back to its unit as returned,
    the reason as the return comment and in the audit row."""
    _check_head(user, record)
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasan membuka kembali nilai ini.")})
    [current] = locked([record])
    check_current(record, current)
    if current.status != Status.VERIFIED:
        raise PermissionDenied(
            _("Hanya realisasi terverifikasi yang dapat dibuka kembali: %(record)s.")
            % {"record": current}
        )
    current.status = Status.RETURNED
    current.return_comment = reason.strip()
    current.verified_by = None
    current.verified_at = None
    _write(current, user, _("Dibuka kembali: %(reason)s") % {"reason": reason.strip()})
    copy_state(current, record)
    return record


@transaction.atomic
def clear(*, user, record, expected_version: int | None = None) -> None:
    """Delete a draft entered by mistake; the audit keeps the deleted row and who deleted it."""
    check_entry(user, record.workflow_scope())
    [current] = locked([record])
    if expected_version is not None and current.version != expected_version:
        raise EditConflict(current)
    if current.status != Status.DRAFT:
        raise PermissionDenied(
            _("Hanya draf yang dapat dikosongkan; %(record)s berstatus '%(status)s'.")
            % {"record": current, "status": current.get_status_display()}
        )
    current._history_user = user
    current._change_reason = _("Dikosongkan")
    current.delete()
