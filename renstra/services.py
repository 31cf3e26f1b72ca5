"""Writes of the hub app: locking periods and opening exceptions for one unit."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .models import LockException, Organisation, PeriodLock, Unit
from .permissions import REFUSED_ADMIN, can_administer
from .selectors import is_locked


def _require_admin(user, organisation_id: int) -> None:
    if not can_administer(user, organisation_id):
        raise PermissionDenied(REFUSED_ADMIN)


@transaction.atomic
def lock_period(
    *, user, organisation: Organisation, year: int, quarter: int | None = None, reason: str = ""
) -> PeriodLock:
    """Lock a year (quarter None) or one quarter of an office; locking twice is refused."""
    _require_admin(user, organisation.pk)
    lock = PeriodLock(
        organisation=organisation, year=year, quarter=quarter, reason=reason, locked_by=user
    )
    lock._history_user = user
    lock.full_clean()
    lock.save()
    return lock


@transaction.atomic
def unlock_period(*, user, lock: PeriodLock) -> None:
    _require_admin(user, lock.organisation_id)
    lock._history_user = user
    lock.delete()


@transaction.atomic
def open_lock_exception(*, user, lock: PeriodLock, unit: Unit, reason: str = "") -> LockException:
    """Let one unit keep writing in a locked period."""
    _require_admin(user, lock.organisation_id)
    exception = LockException(lock=lock, unit=unit, reason=reason, opened_by=user)
    exception._history_user = user
    exception.full_clean()
    exception.save()
    return exception


@transaction.atomic
def close_lock_exception(*, user, exception: LockException) -> None:
    _require_admin(user, exception.lock.organisation_id)
    exception._history_user = user
    exception.delete()


def ensure_unlocked(*, organisation_id: int, unit_id: int | None, year: int, quarter: int) -> None:
    """Raise PermissionDenied with an Indonesian message when the quarter is locked for the unit."""
    if is_locked(organisation_id=organisation_id, unit_id=unit_id, year=year, quarter=quarter):
        raise PermissionDenied(
            _("Triwulan %(quarter)s tahun %(year)s dikunci; data tidak dapat diubah.")
            % {"quarter": quarter, "year": year}
        )
