"""Reads of the hub app: which periods are locked for which unit."""

from dataclasses import dataclass, field

from .models import PeriodLock


@dataclass
class LockBook:
    """The locks of one office and year, with their unit exceptions, read in two queries."""

    year: int
    year_lock: PeriodLock | None = None
    quarter_locks: dict[int, PeriodLock] = field(default_factory=dict)
    excepted_units: dict[int, set[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, *, organisation_id: int, year: int) -> "LockBook":
        # A quarter whose scheduled verification date has passed locks itself now, not only
        # when the daily timer next runs.
        from city.reminders import apply_due_locks

        apply_due_locks(organisation_id=organisation_id, year=year)
        book = cls(year=year)
        locks = PeriodLock.objects.filter(organisation_id=organisation_id, year=year)
        for lock in locks.prefetch_related("exceptions"):
            if lock.quarter is None:
                book.year_lock = lock
            else:
                book.quarter_locks[lock.quarter] = lock
            book.excepted_units[lock.pk] = {item.unit_id for item in lock.exceptions.all()}
        return book

    def lock_for(self, quarter: int) -> PeriodLock | None:
        """The lock covering a quarter: the year's lock first, else the quarter's own."""
        return self.year_lock or self.quarter_locks.get(quarter)

    def is_locked(self, *, quarter: int, unit_id: int | None) -> bool:
        """Locked for this unit: some lock covers the quarter and grants the unit no exception."""
        covering = [lock for lock in (self.year_lock, self.quarter_locks.get(quarter)) if lock]
        return any(unit_id not in self.excepted_units[lock.pk] for lock in covering)


def is_locked(*, organisation_id: int, unit_id: int | None, year: int, quarter: int) -> bool:
    return LockBook.load(organisation_id=organisation_id, year=year).is_locked(
        quarter=quarter, unit_id=unit_id
    )


def locked_quarters(*, organisation_id: int, years) -> frozenset[tuple[int, int]]:
    """The (year, quarter) pairs an office-wide lock covers, before any unit's exception: one
    query, for marking locked quarters in a navigation."""
    locked = set()
    for year, quarter in PeriodLock.objects.filter(
        organisation_id=organisation_id, year__in=list(years)
    ).values_list("year", "quarter"):
        locked.update([(year, quarter)] if quarter else [(year, number) for number in range(1, 5)])
    return frozenset(locked)
