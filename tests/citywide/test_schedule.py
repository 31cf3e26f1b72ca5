"""The reporting schedule: Bappeda sets it, pages show the days left, `send_reminders` sends
each kind of reminder once per due window (Django's mail outbox) and locks the quarter after
its verification date, keeping the unit exceptions of an existing lock."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from cascading.models import Realisation
from city.models import Schedule, SentReminder
from city.reminders import run_schedule
from renstra.models import LockException, PeriodLock, Role
from renstra.selectors import is_locked
from tests.entry.test_concurrency import in_parallel, logged_in

from .conftest import YEAR, client_for, generated_office, member

ENTRY_DUE = datetime.date(2024, 4, 10)
VERIFY_DUE = datetime.date(2024, 4, 20)
REVIEW_DUE = datetime.date(2024, 4, 30)


class Clock:
    """Today's date as the product reads it (`timezone.localdate`), set by the test."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch
        self.set(datetime.date(2024, 4, 5))

    def set(self, today: datetime.date) -> None:
        from django.utils import timezone

        self.monkeypatch.setattr(timezone, "localdate", lambda *args: today)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def schedule(db):
    return Schedule.objects.create(
        year=YEAR,
        quarter=1,
        entry_due=ENTRY_DUE,
        verify_due=VERIFY_DUE,
        review_due=REVIEW_DUE,
        remind_days=7,
    )


@pytest.fixture
def city(db, bappeda):
    """Office 1: TW 1 has a returned and a submitted value, a verified one; office 2 the same;
    an operator and a head in office 1, an operator in office 2 with an e-mail each."""
    first, second = generated_office(1), generated_office(2)
    users = {
        "operator": member("operator-1", Role.OPERATOR, first, first.units.get()),
        "head": member("kadis-1", Role.HEAD, first),
        "operator2": member("operator-2", Role.OPERATOR, second, second.units.get()),
        "bappeda": bappeda,
    }
    for number, user in enumerate(users.values()):
        user.email = f"u{number}@contoh.go.id"
        user.save()
    return first, second, users


def kinds(outbox) -> list[tuple[str, str]]:
    return sorted((message.to[0], message.subject.split(":")[0]) for message in outbox)


def test_entry_reminders_once_per_window(schedule, city):
    _first, _second, users = city
    result = run_schedule(today=datetime.date(2024, 4, 3))  # 7 days before the entry date
    assert result.sent == 2 and result.locked == 0
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == [users["operator"].email, users["operator2"].email]
    body = mail.outbox[0].body
    assert "10-04-2024 (7 hari lagi)" in body
    assert "1 entri dikembalikan" in body and "/realisasi/2024/tw1/" in body
    again = run_schedule(today=datetime.date(2024, 4, 3))
    later = run_schedule(today=datetime.date(2024, 4, 9))
    assert again.sent == later.sent == 0 and len(mail.outbox) == 2
    assert SentReminder.objects.filter(kind="entry").count() == 2


def test_no_reminder_outside_the_window(schedule, city):
    assert run_schedule(today=datetime.date(2024, 4, 2)).sent == 0
    assert mail.outbox == []


def test_head_and_bappeda_reminders(schedule, city):
    _first, second, users = city
    run_schedule(today=datetime.date(2024, 4, 13))  # verification window, entry date past
    sent = {item.kind: item for item in SentReminder.objects.exclude(kind="lock")}
    assert set(sent) == {"verify", "behind"}
    assert sent["verify"].user == users["head"]
    assert "1 entri menunggu verifikasi" in sent["verify"].body
    assert sent["behind"].user == users["bappeda"]
    assert "Dinas 01" in sent["behind"].body and "Dinas 02" in sent["behind"].body
    assert len(mail.outbox) == 2
    run_schedule(today=datetime.date(2024, 4, 14))
    assert len(mail.outbox) == 2


def test_user_without_email_is_recorded_not_mailed(schedule, city):
    _first, _second, users = city
    users["operator"].email = ""
    users["operator"].save()
    run_schedule(today=datetime.date(2024, 4, 5))
    assert len(mail.outbox) == 1
    assert SentReminder.objects.filter(kind="entry").count() == 2


def test_management_command_is_idempotent(schedule, city, monkeypatch):
    import city.reminders as reminders

    monkeypatch.setattr(reminders.timezone, "localdate", lambda: datetime.date(2024, 4, 5))
    out = StringIO()
    call_command("send_reminders", stdout=out)
    call_command("send_reminders", stdout=out)
    assert "Terkirim 2" in out.getvalue() and "Terkirim 0, sudah pernah 2" in out.getvalue()
    assert len(mail.outbox) == 2


def test_quarter_locks_itself_after_the_verification_date(schedule, city, clock):
    first, second, users = city
    unit = first.units.get()
    clock.set(VERIFY_DUE)
    assert run_schedule(today=VERIFY_DUE).locked == 0
    assert not is_locked(organisation_id=first.pk, unit_id=unit.pk, year=YEAR, quarter=1)
    clock.set(VERIFY_DUE + datetime.timedelta(days=1))
    result = run_schedule(today=VERIFY_DUE + datetime.timedelta(days=1))
    assert result.locked == 2
    lock = PeriodLock.objects.get(organisation=first, year=YEAR, quarter=1)
    assert "20-04-2024" in lock.reason and lock.locked_by is None
    assert is_locked(organisation_id=first.pk, unit_id=unit.pk, year=YEAR, quarter=1)
    assert not is_locked(organisation_id=first.pk, unit_id=unit.pk, year=YEAR, quarter=2)
    # The lock is a PeriodLock like any other: an exception for a unit opens it again.
    LockException.objects.create(lock=lock, unit=unit)
    assert not is_locked(organisation_id=first.pk, unit_id=unit.pk, year=YEAR, quarter=1)
    # Once applied, not applied again: an administrator who lifts it is not overruled.
    PeriodLock.objects.filter(organisation=second).delete()
    assert run_schedule(today=VERIFY_DUE + datetime.timedelta(days=2)).locked == 0
    assert not PeriodLock.objects.filter(organisation=second).exists()


def test_quarter_locks_itself_on_its_date_before_the_timer_runs(schedule, city, clock):
    """No daily run needed: the first read of the office's locks after the verification date
    makes the lock, once; the operator's save is refused and the sheet says why."""
    first, second, users = city
    unit = first.units.get()
    operator = client_for(users["operator"])
    returned = Realisation.objects.get(indicator__node__organisation=first, status="returned")
    key = f"i{returned.indicator_id}"
    clock.set(VERIFY_DUE)
    assert (
        "dikunci" not in operator.get(f"/realisasi/{YEAR}/tw1/?opd={first.code}").content.decode()
    )
    assert not PeriodLock.objects.exists()

    clock.set(VERIFY_DUE + datetime.timedelta(days=1))
    sheet = operator.get(f"/realisasi/{YEAR}/tw1/?opd={first.code}").content.decode()
    assert "dikunci" in sheet and "20-04-2024" in sheet
    lock = PeriodLock.objects.get(organisation=first, year=YEAR, quarter=1)
    assert lock.locked_by is None
    assert SentReminder.objects.filter(kind="lock", organisation=first).count() == 1
    assert not PeriodLock.objects.filter(organisation=second).exists()  # not read yet
    assert is_locked(organisation_id=first.pk, unit_id=unit.pk, year=YEAR, quarter=1)
    assert not is_locked(organisation_id=first.pk, unit_id=unit.pk, year=YEAR, quarter=2)
    refused = operator.post(
        reverse("entry:save-row", args=[YEAR, 1, key]) + f"?opd={first.code}",
        {f"value-{key}": "7", f"note-{key}": "", f"version-{key}": str(returned.version)},
    )
    # The row answers re-rendered (htmx) with the refusal in it.
    assert "dikunci" in refused.content.decode()
    after = Realisation.objects.get(pk=returned.pk)
    assert (after.value, after.version, after.status) == (
        returned.value,
        returned.version,
        returned.status,
    )
    # The timer later locks the other office only; an administrator lifting the first lock is
    # not overruled by later reads or runs.
    assert run_schedule(today=VERIFY_DUE + datetime.timedelta(days=2)).locked == 1
    lock.delete()
    assert not is_locked(organisation_id=first.pk, unit_id=unit.pk, year=YEAR, quarter=1)
    assert run_schedule(today=VERIFY_DUE + datetime.timedelta(days=3)).locked == 0
    assert not PeriodLock.objects.filter(organisation=first).exists()


def test_existing_lock_and_its_exceptions_are_kept(schedule, city):
    first, _second, _users = city
    unit = first.units.get()
    lock = PeriodLock.objects.create(organisation=first, year=YEAR, quarter=1, reason="Manual")
    LockException.objects.create(lock=lock, unit=unit)
    run_schedule(today=VERIFY_DUE + datetime.timedelta(days=1))
    assert PeriodLock.objects.filter(organisation=first).get().reason == "Manual"
    assert not is_locked(organisation_id=first.pk, unit_id=unit.pk, year=YEAR, quarter=1)


def test_locked_quarter_refuses_an_entry(schedule, city, client):
    first, _second, users = city
    run_schedule(today=VERIFY_DUE + datetime.timedelta(days=1))
    returned = Realisation.objects.get(indicator__node__organisation=first, status="returned")
    response = client_for(users["operator"]).get(f"/realisasi/{YEAR}/tw1/?opd={first.code}")
    assert response.status_code == 200
    assert "dikunci" in response.content.decode()
    assert returned


def test_pages_show_days_left(schedule, city, monkeypatch):
    import city.reminders as reminders
    import renstra.dashboard.views as dashboard_views
    import renstra.entry.views as entry_views

    today = datetime.date(2024, 4, 5)
    for module in (reminders, dashboard_views, entry_views):
        monkeypatch.setattr(module.timezone, "localdate", lambda: today)
    first, _second, users = city
    client = client_for(users["operator"])
    sheet = client.get(f"/realisasi/{YEAR}/tw1/?opd={first.code}").content.decode()
    assert "Batas pengisian 10-04-2024 (5 hari lagi)" in sheet
    home = client.get("/", {"opd": first.code, "tahun": YEAR, "tw": 1}).content.decode()
    assert "Batas verifikasi 20-04-2024 (15 hari lagi)" in home
    assert 'id="reminders"' in home and "10-04-2024 (5 hari lagi)" in home


def test_bappeda_sets_the_schedule(bappeda):
    client = client_for(bappeda)
    data = {
        "tahun": YEAR,
        "tw": 2,
        "tw2-entry_due": "2024-07-10",
        "tw2-verify_due": "2024-07-20",
        "tw2-review_due": "2024-07-31",
        "tw2-remind_days": "5",
    }
    assert client.post("/kota/jadwal/", data).status_code == 302
    saved = Schedule.objects.get(year=YEAR, quarter=2)
    assert saved.entry_due == datetime.date(2024, 7, 10) and saved.remind_days == 5
    assert saved.history.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tw2-verify_due": "2024-07-01"}, "Urutan batas waktu"),
        ({"tw2-entry_due": "kemarin"}, "Tanggal tidak dikenal"),
        ({"tw": "9"}, "tidak dikenal"),
        ({"tahun": "²⁰²⁴"}, "tidak dikenal"),
    ],
)
def test_bad_schedule_is_refused(bappeda, changes, message):
    data = {
        "tahun": YEAR,
        "tw": 2,
        "tw2-entry_due": "2024-07-10",
        "tw2-verify_due": "2024-07-20",
        "tw2-review_due": "2024-07-31",
        "tw2-remind_days": "5",
        **changes,
    }
    response = client_for(bappeda).post("/kota/jadwal/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Schedule.objects.exists()


@pytest.mark.parametrize("role", [Role.REVIEWER, "office-admin"])
def test_others_cannot_set_the_schedule(db, role):
    if role == "office-admin":
        user = member("admin-opd", Role.ADMIN, generated_office(5))
        expected = 403
    else:
        user = member("peninjau-kota", role)
        expected = 403
    response = client_for(user).post(
        "/kota/jadwal/",
        {
            "tahun": YEAR,
            "tw": 1,
            "tw1-entry_due": "2024-04-10",
            "tw1-verify_due": "2024-04-20",
            "tw1-review_due": "2024-04-30",
            "tw1-remind_days": "7",
        },
    )
    assert response.status_code == expected
    assert not Schedule.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Row locks: PostgreSQL.")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_first_reads_after_the_date_make_one_lock(clock):
    """Three requests reading the office's locks at the same moment after the verification
    date: one lock and one record, every page says the quarter is locked, no 500."""
    office = generated_office(1)
    Schedule.objects.create(
        year=YEAR,
        quarter=1,
        entry_due=ENTRY_DUE,
        verify_due=VERIFY_DUE,
        review_due=REVIEW_DUE,
        remind_days=7,
    )
    clock.set(VERIFY_DUE + datetime.timedelta(days=1))
    users = [member(f"operator-{n}", Role.OPERATOR, office, office.units.get()) for n in range(3)]
    clients = [logged_in(user) for user in users]
    url = f"/realisasi/{YEAR}/tw1/?opd={office.code}"
    results = in_parallel(*[lambda client=client: client.get(url) for client in clients])
    for result in results:
        assert not isinstance(result, BaseException), result
        assert result.status_code == 200
        assert "dikunci" in result.content.decode()
    assert PeriodLock.objects.filter(organisation=office, year=YEAR, quarter=1).count() == 1
    assert SentReminder.objects.filter(kind="lock", organisation=office).count() == 1
