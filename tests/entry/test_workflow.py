"""Services of the realisation workflow: scope, transitions, locks, audit, conflicts, bad input."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from budgeting.models import BudgetRealisation
from budgeting.services import save_budget_realisation
from cascading import workflow
from cascading.choices import Status
from cascading.models import Realisation
from cascading.services import save_realisation
from renstra.services import lock_period, open_lock_exception

pytestmark = pytest.mark.django_db

ENTRY = {
    "admin": True,
    "planner": True,
    "operator_a": True,
    "operator_b": False,
    "head": False,
    "head_b": False,
    "reviewer": False,
    "outsider": False,
    "nobody": False,
}
VERIFY = {
    "admin": True,
    "planner": False,
    "operator_a": False,
    "operator_b": False,
    "head": True,
    "head_b": False,
    "reviewer": False,
    "outsider": False,
    "nobody": False,
}


def enter(office, user, value="10", quarter=1, **kwargs):
    return save_realisation(
        user=user, indicator=office.indicator, year=2024, quarter=quarter, value=value, **kwargs
    )


@pytest.mark.parametrize(("role", "allowed"), ENTRY.items())
def test_entry_permission_matrix(office, role, allowed):
    user = office.users[role]
    if allowed:
        assert enter(office, user).value == Decimal("10")
        assert save_budget_realisation(
            user=user, node=office.sub, year=2024, quarter=1, amount="250.000"
        ).amount == Decimal("250000")
    else:
        with pytest.raises(PermissionDenied):
            enter(office, user)
        with pytest.raises(PermissionDenied):
            save_budget_realisation(user=user, node=office.sub, year=2024, quarter=1, amount="1")
        assert not Realisation.objects.exists() and not BudgetRealisation.objects.exists()


@pytest.mark.parametrize(("role", "allowed"), VERIFY.items())
def test_verify_permission_matrix(office, role, allowed):
    record = enter(office, office.users["operator_a"])
    workflow.submit(user=office.users["operator_a"], records=[record])
    user = office.users[role]
    if allowed:
        assert workflow.verify(user=user, records=[record]) == 1
        record.refresh_from_db()
        assert record.status == Status.VERIFIED and record.verified_by == user
    else:
        with pytest.raises(PermissionDenied):
            workflow.verify(user=user, records=[record])
        record.refresh_from_db()
        assert record.status == Status.SUBMITTED


def test_head_of_the_owning_unit_may_verify(office):
    head_a = office.users["head_b"]
    head_a.membership.unit = office.unit_a
    head_a.membership.save()
    head_a = type(head_a).objects.get(pk=head_a.pk)
    record = enter(office, office.users["operator_a"])
    workflow.submit(user=office.users["operator_a"], records=[record])
    assert workflow.verify(user=head_a, records=[record]) == 1


def test_full_workflow_draft_submit_return_correct_verify(office):
    operator, head = office.users["operator_a"], office.users["head"]
    record = enter(office, operator, "12")
    assert record.status == Status.DRAFT and record.version == 1
    workflow.submit(user=operator, records=[record])
    workflow.send_back(user=head, record=record, comment="Lampirkan daftar hadir.")
    record.refresh_from_db()
    assert record.status == Status.RETURNED and record.return_comment == "Lampirkan daftar hadir."
    record = enter(office, operator, "13", expected_version=record.version)
    assert record.status == Status.DRAFT and record.value == Decimal("13")
    workflow.submit(user=operator, records=[record])
    workflow.verify(user=head, records=[record])
    record.refresh_from_db()
    assert record.status == Status.VERIFIED and record.return_comment == ""


def test_nobody_verifies_their_own_entry(office):
    admin = office.users["admin"]
    record = enter(office, admin)
    workflow.submit(user=admin, records=[record])
    with pytest.raises(PermissionDenied, match="sendiri"):
        workflow.verify(user=admin, records=[record])


def test_verified_value_changes_only_after_it_is_returned(office):
    operator, head = office.users["operator_a"], office.users["head"]
    record = enter(office, operator)
    workflow.submit(user=operator, records=[record])
    workflow.verify(user=head, records=[record])
    with pytest.raises(PermissionDenied, match="dikembalikan|mengembalikan"):
        enter(office, operator, "99", expected_version=record.version)
    record.refresh_from_db()
    assert record.value == Decimal("10")
    with pytest.raises(PermissionDenied, match="dibuka kembali"):
        workflow.send_back(user=head, record=record, comment="Salah ketik")
    workflow.reopen(user=head, record=record, reason="Salah ketik")
    record.refresh_from_db()
    assert record.status == Status.RETURNED and record.return_comment == "Salah ketik"
    assert enter(office, operator, "99", expected_version=record.version).value == Decimal("99")


def test_return_needs_a_comment(office):
    record = enter(office, office.users["operator_a"])
    workflow.submit(user=office.users["operator_a"], records=[record])
    with pytest.raises(ValidationError):
        workflow.send_back(user=office.users["head"], record=record, comment="  ")


def test_submit_is_all_or_nothing(office):
    operator, head = office.users["operator_a"], office.users["head"]
    first = enter(office, operator, quarter=1)
    second = enter(office, operator, quarter=2)
    workflow.submit(user=operator, records=[second])
    workflow.verify(user=head, records=[second])
    with pytest.raises(PermissionDenied):
        workflow.submit(user=operator, records=[first, second])
    first.refresh_from_db()
    assert first.status == Status.DRAFT


def test_concurrent_edit_is_refused_with_the_current_value(office):
    planner, operator = office.users["planner"], office.users["operator_a"]
    loaded = enter(office, operator, "10")
    enter(office, planner, "11", expected_version=loaded.version)
    with pytest.raises(workflow.EditConflict) as conflict:
        enter(office, operator, "12", expected_version=loaded.version)
    message = str(conflict.value)
    assert "Nilai saat ini: 11 (Draf)." in message and "perencana" in message
    assert Realisation.objects.get().value == Decimal("11")


def test_concurrent_first_entry_is_refused(office):
    enter(office, office.users["planner"], "11")
    with pytest.raises(workflow.EditConflict):
        enter(office, office.users["operator_a"], "12", expected_version=0)


def test_locked_quarter_refuses_every_write_path(office):
    operator, head, admin = office.users["operator_a"], office.users["head"], office.users["admin"]
    record = enter(office, operator, quarter=2)
    workflow.submit(user=operator, records=[record])
    lock_period(user=admin, organisation=office.organisation, year=2024, quarter=2)
    with pytest.raises(PermissionDenied, match="dikunci"):
        enter(office, operator, quarter=2)
    with pytest.raises(PermissionDenied, match="dikunci"):
        save_budget_realisation(user=operator, node=office.sub, year=2024, quarter=2, amount="1")
    with pytest.raises(PermissionDenied, match="dikunci"):
        workflow.verify(user=head, records=[record])
    with pytest.raises(PermissionDenied, match="dikunci"):
        workflow.send_back(user=head, record=record, comment="x")
    assert enter(office, operator, quarter=1).quarter == 1


def test_year_lock_and_unit_exception(office):
    admin, operator = office.users["admin"], office.users["operator_a"]
    lock = lock_period(user=admin, organisation=office.organisation, year=2024)
    with pytest.raises(PermissionDenied):
        enter(office, operator, quarter=3)
    open_lock_exception(user=admin, lock=lock, unit=office.unit_a, reason="Koreksi BPK")
    assert enter(office, operator, quarter=3).value == Decimal("10")


def test_only_administrators_lock(office):
    with pytest.raises(PermissionDenied):
        lock_period(user=office.users["planner"], organisation=office.organisation, year=2024)


def test_audit_trail_records_who_old_and_new(office):
    operator, planner, head = (office.users[name] for name in ("operator_a", "planner", "head"))
    record = enter(office, operator, "10")
    record = enter(office, planner, "15", expected_version=record.version)
    workflow.submit(user=planner, records=[record])
    workflow.verify(user=head, records=[record])
    history = list(record.history.order_by("history_date"))
    assert [(h.history_user.username, h.value, h.status) for h in history] == [
        ("operator-a", Decimal("10"), Status.DRAFT),
        ("perencana", Decimal("15"), Status.DRAFT),
        ("perencana", Decimal("15"), Status.SUBMITTED),
        ("kadis", Decimal("15"), Status.VERIFIED),
    ]
    lock = lock_period(user=office.users["admin"], organisation=office.organisation, year=2024)
    assert lock.history.get().history_user == office.users["admin"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sepuluh", "bukan angka"),
        ("-3", "negatif"),
        ("", "Isi nilai"),
        ("1,23456", "empat angka"),
    ],
)
def test_bad_number_is_refused_with_a_message(office, text, message):
    with pytest.raises(ValidationError, match=message):
        enter(office, office.users["operator_a"], text)
    assert not Realisation.objects.exists()


def test_percentage_above_100_is_refused(office):
    with pytest.raises(ValidationError, match="antara 0 dan 100"):
        save_realisation(
            user=office.users["planner"],
            indicator=office.percent_indicator,
            year=2024,
            quarter=1,
            value="400",
        )
    record = save_realisation(
        user=office.users["planner"],
        indicator=office.percent_indicator,
        year=2024,
        quarter=1,
        value="87,5%",
    )
    assert record.value == Decimal("87.5")


def test_grade_indicator_takes_a_sakip_grade(office):
    planner = office.users["planner"]
    with pytest.raises(ValidationError, match="Nilai huruf"):
        save_realisation(
            user=planner, indicator=office.grade_indicator, year=2024, quarter=4, value="Z"
        )
    record = save_realisation(
        user=planner, indicator=office.grade_indicator, year=2024, quarter=4, value="bb"
    )
    assert record.grade == "BB" and record.value is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("21.955", Decimal("21955")), ("1.234,5", Decimal("1234.5")), ("1234.5", Decimal("1234.5"))],
)
def test_indonesian_and_plain_numbers_are_accepted(office, text, expected):
    assert enter(office, office.users["operator_a"], text).value == expected


def test_year_outside_the_period_and_quarter_five_are_refused(office):
    operator = office.users["operator_a"]
    with pytest.raises(ValidationError, match="di luar periode"):
        save_realisation(user=operator, indicator=office.indicator, year=2030, quarter=1, value="1")
    with pytest.raises(ValidationError, match="Triwulan"):
        save_realisation(user=operator, indicator=office.indicator, year=2024, quarter=5, value="1")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bukti.exe", b"MZ\x90\x00", "PDF atau gambar"),
        ("bukti.pdf", b"<html>not a pdf</html>", "bukan PDF"),
        ("besar.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), "terlalu besar"),
    ],
)
def test_bad_evidence_file_is_refused(office, name, content, message):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError, match=message):
        enter(office, office.users["operator_a"], evidence=upload)
    assert not Realisation.objects.exists()


def test_pdf_evidence_is_stored(office):
    upload = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    record = enter(office, office.users["operator_a"], evidence=upload)
    assert record.evidence.name.startswith("bukti/") and record.evidence.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("text", "message"),
    [("seratus ribu", "bukan nilai rupiah"), ("-5.000", "negatif"), ("1.000,555", "dua angka")],
)
def test_bad_budget_amount_is_refused(office, text, message):
    with pytest.raises(ValidationError, match=message):
        save_budget_realisation(
            user=office.users["operator_a"], node=office.sub, year=2024, quarter=1, amount=text
        )
    assert not BudgetRealisation.objects.exists()


def test_budget_amount_accepts_rupiah_prefix(office):
    record = save_budget_realisation(
        user=office.users["operator_a"],
        node=office.sub,
        year=2024,
        quarter=1,
        amount="Rp 1.250.000,50",
    )
    assert record.amount == Decimal("1250000.50")
