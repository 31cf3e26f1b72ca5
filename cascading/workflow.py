"""The realisation workflow shared by indicator and budget realisations.

draft -> submitted -> verified, or returned (with a comment) -> corrected -> submitted again.
Every transition checks the user's scope, the period locks and, for verification, that the
verifier is not the person who entered the value. Each function is one transaction.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renstra.permissions import REFUSED_ENTRY, REFUSED_VERIFY, can_enter, can_verify
from renstra.services import ensure_unlocked

from .choices import Status

EDITABLE = (Status.DRAFT, Status.RETURNED)


class EditConflict(Exception):
    """Someone else saved the same value since this user loaded it (optimistic locking)."""

    def __init__(self, current):
        self.current = current
        who = current.updated_by or current.created_by
        super().__init__(
            _(
                "Nilai ini sudah diubah oleh %(who)s pada %(when)s. Nilai saat ini: %(value)s. "
                "Periksa lalu simpan kembali bila perlu."
            )
            % {
                "who": who.get_username() if who else _("pengguna lain"),
                "when": timezone.localtime(current.updated_at).strftime("%d-%m-%Y %H:%M"),
                "value": current.display_value(),
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


def _save(record, user) -> None:
    record._history_user = user
    record.full_clean()
    record.save()


@transaction.atomic
def submit(*, user, records: Iterable) -> int:
    """Submit drafts (and corrected returned values) for verification; all or nothing."""
    count = 0
    for record in records:
        check_entry(user, record.workflow_scope())
        if record.status not in EDITABLE:
            raise PermissionDenied(
                _("%(record)s sudah berstatus '%(status)s'.")
                % {"record": record, "status": record.get_status_display()}
            )
        record.status = Status.SUBMITTED
        record.return_comment = ""
        _save(record, user)
        count += 1
    return count


def check_verifier(user, record) -> None:
    scope = record.workflow_scope()
    if not can_verify(user, scope.organisation_id, scope.unit_id):
        raise PermissionDenied(REFUSED_VERIFY)
    if user.pk in {record.created_by_id, record.updated_by_id}:
        raise PermissionDenied(
            _("%(record)s Anda isi sendiri; verifikasi harus dilakukan orang lain.")
            % {"record": record}
        )
    check_unlocked(scope)


@transaction.atomic
def verify(*, user, records: Iterable) -> int:
    """Verify submitted values; refused as a whole if any one may not be verified by this user."""
    count = 0
    for record in records:
        check_verifier(user, record)
        mark_verified(record, user=user)
        count += 1
    return count


def mark_verified(record, *, user, reason: str = "") -> None:
    """The verification itself, once the caller has checked who may verify: submitted values
    only; `reason` goes into the audit history."""
    if record.status != Status.SUBMITTED:
        raise PermissionDenied(
            _("Hanya realisasi yang diajukan yang dapat diverifikasi: %(record)s.")
            % {"record": record}
        )
    record.status = Status.VERIFIED
    record.verified_by = user
    record.verified_at = timezone.now()
    if reason:
        record._change_reason = reason
    _save(record, user)


@transaction.atomic
def send_back(*, user, record, comment: str):
    """Return a submitted or verified value to its unit, with the reason."""
    scope = record.workflow_scope()
    if not can_verify(user, scope.organisation_id, scope.unit_id):
        raise PermissionDenied(REFUSED_VERIFY)
    check_unlocked(scope)
    if not comment.strip():
        raise ValidationError({"return_comment": _("Tuliskan alasan pengembalian.")})
    if record.status not in (Status.SUBMITTED, Status.VERIFIED):
        raise PermissionDenied(
            _("Hanya realisasi yang diajukan atau terverifikasi yang dapat dikembalikan.")
        )
    record.status = Status.RETURNED
    record.return_comment = comment.strip()
    record.verified_by = None
    record.verified_at = None
    _save(record, user)
    return record
