"""The reporting schedule at work: days left, who is behind, reminders and automatic locks.

`run_schedule(today=...)` is what the daily timer runs (`manage.py send_reminders`): for every
schedule with a window open today it sends each kind of reminder once per user (operators with
empty or returned rows before the entry date, heads with entries waiting before the
verification date, Bappeda with offices behind between the entry date and its review date), and
locks the quarter for every office once the verification date has passed (and
`apply_due_locks` makes an office's due lock at the first read of its locks, before any timer
runs). Everything sent or locked is recorded in `SentReminder`; a second run the same day (or
any later day) finds it and sends nothing again.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from budgeting.models import BudgetRealisation
from cascading.choices import Status
from cascading.models import Indicator, IndicatorTarget, Realisation
from renstra.models import Membership, Organisation, PeriodLock, RenstraPeriod, Role

from .models import Schedule, SentReminder
from .selectors import periods_for_year


@dataclass(frozen=True)
class Deadline:
    """A date of a quarter's schedule and the days left until it (negative once past)."""

    label: str
    date: datetime.date
    days_left: int

    @property
    def past(self) -> bool:
        return self.days_left < 0


def deadlines(schedule: Schedule | None, today: datetime.date) -> list[Deadline]:
    if schedule is None:
        return []
    return [
        Deadline(label, date, (date - today).days)
        for label, date in (
            (_("Batas pengisian"), schedule.entry_due),
            (_("Batas verifikasi"), schedule.verify_due),
            (_("Batas penelaahan Bappeda"), schedule.review_due),
        )
    ]


def schedule_of(year: int, quarter: int) -> Schedule | None:
    return Schedule.objects.filter(year=year, quarter=quarter).first()


def _in_window(due: datetime.date, days: int, today: datetime.date) -> bool:
    return due - datetime.timedelta(days=days) <= today <= due


@dataclass
class UnitGaps:
    empty: int = 0
    returned: int = 0
    waiting: int = 0


def gaps(year: int, quarter: int) -> dict[tuple[int, int | None], UnitGaps]:
    """Per (office id, unit id): indicators with a target this year and no value for the quarter
    (empty), values returned by a verifier, and values (indicator and budget) waiting for
    verification. Three queries for the whole city."""
    offices = list(Organisation.objects.all())
    period_ids = [period.pk for period in periods_for_year(offices, year).values()]
    has_target = IndicatorTarget.objects.filter(indicator=OuterRef("pk"), year=year).filter(
        Q(value__isnull=False) | ~Q(grade="")
    )
    in_quarter = Q(realisations__year=year, realisations__quarter=quarter)
    found: dict[tuple[int, int | None], UnitGaps] = defaultdict(UnitGaps)
    rows = (
        Indicator.objects.filter(Exists(has_target), node__period_id__in=period_ids)
        .order_by()
        .values("node__organisation_id", "node__unit_id")
        .annotate(
            indicators=Count("id", distinct=True),
            entered=Count("realisations", filter=in_quarter),
        )
    )
    for row in rows:
        key = (row["node__organisation_id"], row["node__unit_id"])
        found[key].empty += row["indicators"] - row["entered"]
    for model, office, unit in (
        (Realisation, "indicator__node__organisation_id", "indicator__node__unit_id"),
        (BudgetRealisation, "node__organisation_id", "node__unit_id"),
    ):
        rows = (
            model.objects.filter(
                year=year,
                quarter=quarter,
                status__in=[Status.RETURNED, Status.SUBMITTED],
                **{f"{office.removesuffix('_id')}__in": offices},
            )
            .order_by()
            .values(office, unit)
            .annotate(
                returned=Count("id", filter=Q(status=Status.RETURNED)),
                waiting=Count("id", filter=Q(status=Status.SUBMITTED)),
            )
        )
        for row in rows:
            key = (row[office], row[unit])
            found[key].returned += row["returned"]
            found[key].waiting += row["waiting"]
    return found


def _office_total(found, organisation_id: int, unit_id: int | None, whole: bool) -> UnitGaps:
    total = UnitGaps()
    for (office, unit), item in found.items():
        if office == organisation_id and (whole or unit == unit_id):
            total.empty += item.empty
            total.returned += item.returned
            total.waiting += item.waiting
    return total


@dataclass(frozen=True)
class Reminder:
    kind: str
    user: object
    subject: str
    body: str
    url: str


def reminders_due(
    schedule: Schedule, today: datetime.date, found=None, only_user=None
) -> list[Reminder]:
    """Every reminder whose window is open today for `schedule` (for `only_user` alone when
    given), before checking what was already sent. Two queries plus `gaps`."""
    entry_open = _in_window(schedule.entry_due, schedule.remind_days, today)
    verify_open = _in_window(schedule.verify_due, schedule.remind_days, today)
    behind_open = schedule.entry_due < today <= schedule.review_due
    if not (entry_open or verify_open or behind_open):
        return []
    found = gaps(schedule.year, schedule.quarter) if found is None else found
    quarter = {"year": schedule.year, "quarter": schedule.quarter}
    sheet = f"/realisasi/{schedule.year}/tw{schedule.quarter}/"
    due = []
    memberships = Membership.objects.select_related("user", "organisation").filter(
        user__is_active=True
    )
    if only_user is not None:
        memberships = memberships.filter(user=only_user)
    behind = sorted(
        {office for (office, _unit), item in found.items() if item.empty or item.waiting}
    )
    names = dict(Organisation.objects.filter(pk__in=behind).values_list("pk", "name"))
    for membership in memberships:
        user, role = membership.user, membership.role
        if entry_open and role in (Role.OPERATOR, Role.PLANNER) and membership.organisation_id:
            total = _office_total(
                found, membership.organisation_id, membership.unit_id, role == Role.PLANNER
            )
            if total.empty or total.returned:
                days = (schedule.entry_due - today).days
                due.append(
                    Reminder(
                        SentReminder.Kind.ENTRY,
                        user,
                        _("Pengingat: isi realisasi %(year)s TW %(quarter)s") % quarter,
                        _(
                            "Batas pengisian realisasi %(year)s triwulan %(quarter)s adalah "
                            "%(date)s (%(days)s hari lagi). Masih ada %(empty)s indikator "
                            "kosong dan %(returned)s entri dikembalikan verifikator."
                        )
                        % {
                            **quarter,
                            "date": schedule.entry_due.strftime("%d-%m-%Y"),
                            "days": days,
                            "empty": total.empty,
                            "returned": total.returned,
                        },
                        sheet,
                    )
                )
        if verify_open and role == Role.HEAD and membership.organisation_id:
            total = _office_total(
                found, membership.organisation_id, membership.unit_id, membership.unit_id is None
            )
            if total.waiting:
                due.append(
                    Reminder(
                        SentReminder.Kind.VERIFY,
                        user,
                        _("Pengingat: verifikasi realisasi %(year)s TW %(quarter)s") % quarter,
                        _(
                            "%(count)s entri menunggu verifikasi Anda. Batas verifikasi "
                            "%(year)s triwulan %(quarter)s adalah %(date)s (%(days)s hari lagi)."
                        )
                        % {
                            **quarter,
                            "count": total.waiting,
                            "date": schedule.verify_due.strftime("%d-%m-%Y"),
                            "days": (schedule.verify_due - today).days,
                        },
                        f"/verifikasi/{schedule.year}/tw{schedule.quarter}/",
                    )
                )
        if behind_open and role == Role.BAPPEDA and behind:
            due.append(
                Reminder(
                    SentReminder.Kind.BEHIND,
                    user,
                    _("Pengingat: %(count)s perangkat daerah tertinggal %(year)s TW %(quarter)s")
                    % {**quarter, "count": len(behind)},
                    _(
                        "Batas pengisian %(date)s sudah lewat; perangkat daerah yang masih "
                        "punya indikator kosong atau entri belum diverifikasi: %(offices)s."
                    )
                    % {
                        "date": schedule.entry_due.strftime("%d-%m-%Y"),
                        "offices": ", ".join(names[pk] for pk in behind),
                    },
                    f"/kota/?tahun={schedule.year}&tw={schedule.quarter}&urut=entri",
                )
            )
    return due


def _lock_reason(schedule: Schedule) -> str:
    return _("Dikunci otomatis: batas verifikasi %(date)s menurut jadwal sudah lewat.") % {
        "date": schedule.verify_due.strftime("%d-%m-%Y")
    }


def _lock_office(schedule: Schedule, office_id: int) -> bool:
    """Lock the schedule's quarter for one office, once: the office's LOCK record is written in
    the same transaction, so a lock an administrator lifts later is not made again. An office
    already holding a lock covering the quarter keeps it (and its unit exceptions). The
    schedule row is locked first, so two requests applying the same due lock wait for each
    other. True when a lock was made."""
    with transaction.atomic():
        Schedule.objects.select_for_update().filter(pk=schedule.pk).first()
        done = SentReminder.objects.filter(
            schedule=schedule, kind=SentReminder.Kind.LOCK, organisation_id=office_id
        ).exists()
        if done:
            return False
        reason = _lock_reason(schedule)
        covered = (
            PeriodLock.objects.filter(organisation_id=office_id, year=schedule.year)
            .filter(Q(quarter=schedule.quarter) | Q(quarter__isnull=True))
            .exists()
        )
        if not covered:
            lock = PeriodLock(
                organisation_id=office_id,
                year=schedule.year,
                quarter=schedule.quarter,
                reason=reason,
                locked_by=None,
            )
            # No user locks it: the schedule does (locked_by stays empty, as for a lock the
            # seed loader sets on a closed period).
            lock.full_clean(exclude=["locked_by"])
            lock.save()
        SentReminder.objects.create(
            schedule=schedule,
            kind=SentReminder.Kind.LOCK,
            organisation_id=office_id,
            subject=str(schedule),
            body=reason,
        )
        return not covered


def _lock_due(schedule: Schedule, today: datetime.date) -> int:
    """Lock the quarter for every office with a plan that year once the verification date has
    passed (`_lock_office`, once per office)."""
    if today <= schedule.verify_due:
        return 0
    offices = list(Organisation.objects.all())
    with_plan = periods_for_year(offices, schedule.year)
    done = set(
        SentReminder.objects.filter(schedule=schedule, kind=SentReminder.Kind.LOCK).values_list(
            "organisation_id", flat=True
        )
    )
    return sum(
        _lock_office(schedule, office.pk)
        for office in offices
        if office.pk in with_plan and office.pk not in done
    )


def apply_due_locks(*, organisation_id: int, year: int, today: datetime.date | None = None) -> None:
    """Make the schedule's locks of one office and year that are due but not made yet: a quarter
    locks itself the day after its verification date even before the daily timer has run.
    Every read of an office's locks (`renstra.selectors.LockBook`) calls this first; it costs
    one query when nothing is due."""
    today = today or timezone.localdate()
    due = Schedule.objects.filter(year=year, verify_due__lt=today).filter(
        ~Exists(
            SentReminder.objects.filter(
                schedule=OuterRef("pk"),
                kind=SentReminder.Kind.LOCK,
                organisation_id=organisation_id,
            )
        )
    )
    due = list(due)
    has_plan = (
        due
        and RenstraPeriod.objects.filter(
            organisation_id=organisation_id, start_year__lte=year, end_year__gte=year
        ).exists()
    )
    for schedule in due if has_plan else []:
        _lock_office(schedule, organisation_id)


@dataclass(frozen=True)
class RunResult:
    sent: int
    skipped: int
    locked: int


def run_schedule(*, today: datetime.date | None = None, base_url: str = "") -> RunResult:
    """Send today's reminders not sent before and apply the automatic locks. Idempotent."""
    today = today or timezone.localdate()
    sent = skipped = locked = 0
    for schedule in Schedule.objects.all():
        locked += _lock_due(schedule, today)
        for reminder in reminders_due(schedule, today):
            already = SentReminder.objects.filter(
                schedule=schedule, kind=reminder.kind, user=reminder.user
            ).exists()
            if already:
                skipped += 1
                continue
            body = f"{reminder.body}\n\n{base_url}{reminder.url}"
            try:
                with transaction.atomic():
                    SentReminder.objects.create(
                        schedule=schedule,
                        kind=reminder.kind,
                        user=reminder.user,
                        email=reminder.user.email,
                        subject=reminder.subject,
                        body=body,
                    )
                    if reminder.user.email:
                        send_mail(reminder.subject, body, None, [reminder.user.email])
            except IntegrityError:  # a parallel run recorded it first
                skipped += 1
                continue
            sent += 1
    return RunResult(sent=sent, skipped=skipped, locked=locked)


def reminders_for(user, today: datetime.date | None = None) -> list[Reminder]:
    """The reminders whose window is open today for this user (the home page shows them)."""
    today = today or timezone.localdate()
    shown = []
    schedules = Schedule.objects.filter(
        entry_due__gte=today - datetime.timedelta(days=120),
        entry_due__lte=today + datetime.timedelta(days=60),
    )
    for schedule in schedules:
        shown.extend(reminders_due(schedule, today, only_user=user))
    return shown
