"""The import commands: same code path as the page, exit status 1 with the errors listed."""

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from cascading.choices import Status
from cascading.models import PlanNode, Realisation
from renstra.models import Role
from tests.entry.conftest import member
from tests.factories import PeriodFactory
from tests.imports.conftest import realisation_book, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook(office, tmp_path):
    def write(*rows, name="realisasi.xlsx", budget=None):
        path = tmp_path / name
        path.write_bytes(realisation_book(*rows, budget=budget))
        return path

    return write


def good_rows(office):
    return [office.sub.code, office.indicator.name, 2024, 1, "12 Orang", "impor"]


def run_cli(monkeypatch, *arguments) -> int:
    """Run the command as `manage.py` does, returning its exit status."""
    # The test's database connection must outlive the command.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    try:
        ManagementUtility(["manage.py", *map(str, arguments)]).execute()
    except SystemExit as exited:
        return exited.code
    return 0


def test_import_applies_and_prints_the_summary(office, workbook, capsys, monkeypatch):
    path = workbook(good_rows(office), budget=[[office.sub.code, 2024, 1, "Rp 5.000.000"]])
    status = run_cli(monkeypatch, "import_realisations", path, "--user", "operator-a")
    out = capsys.readouterr().out
    assert status == 0
    assert "Realisasi baris 2 [Baru] 1.06.02.2.03.01 2024 TW1" in out
    assert "Ringkasan: 2 baru, 0 berubah, 0 tetap, 0 salah." in out
    assert "Impor diterapkan." in out
    record = Realisation.objects.get()
    assert (record.value, record.status, record.created_by.username) == (12, "draft", "operator-a")
    assert record.history.get().history_user.username == "operator-a"


def test_dry_run_changes_nothing(office, workbook, capsys):
    before = snapshot()
    call_command(
        "import_realisations", workbook(good_rows(office)), user="operator-a", dry_run=True
    )
    assert "Uji coba (--dry-run): tidak ada yang disimpan." in capsys.readouterr().out
    assert snapshot() == before


def test_refused_rows_exit_with_status_1_and_list_the_errors(office, workbook, capsys, monkeypatch):
    path = workbook(good_rows(office), [office.sub.code, "", 2024, 5, "sepuluh", ""])
    before = snapshot()
    status = run_cli(monkeypatch, "import_realisations", path, "--user", "operator-a")
    err = capsys.readouterr().err
    assert status == 1
    assert "Impor ditolak, tidak ada yang diubah: 2 kesalahan." in err
    assert "Sheet Realisasi, baris 3, kolom Triwulan: Triwulan harus 1 sampai 4" in err
    assert "Sheet Realisasi, baris 3, kolom Realisasi: 'sepuluh' bukan angka" in err
    assert snapshot() == before


def test_submitted_status(office, workbook):
    call_command(
        "import_realisations", workbook(good_rows(office)), user="perencana", status="submitted"
    )
    assert Realisation.objects.get().status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("perencana", "Hanya administrator"),
        ("operator-a", "Hanya administrator"),
        ("kadis", "Anda tidak berhak mengisi realisasi"),
    ],
)
def test_verified_is_refused_for_non_administrators(office, workbook, username, message):
    before = snapshot()
    with pytest.raises(CommandError, match=message) as refused:
        call_command(
            "import_realisations", workbook(good_rows(office)), user=username, status="verified"
        )
    assert refused.value.returncode == 1
    assert snapshot() == before


def test_verified_for_an_administrator_is_audited(office, workbook):
    call_command(
        "import_realisations", workbook(good_rows(office)), user="admin-opd", status="verified"
    )
    record = Realisation.objects.get()
    assert record.status == Status.VERIFIED
    assert record.verified_by.username == "admin-opd"
    entries = list(record.history.order_by("history_date"))
    assert [entry.status for entry in entries] == ["draft", "submitted", "verified"]
    assert {entry.history_user.username for entry in entries} == {"admin-opd"}
    assert entries[-1].history_change_reason.startswith("Diverifikasi administrator lewat impor")


def test_a_city_wide_user_names_the_office(office, workbook):
    member("admin-kota", Role.ADMIN)
    with pytest.raises(CommandError, match="--office"):
        call_command("import_realisations", workbook(good_rows(office)), user="admin-kota")
    call_command(
        "import_realisations",
        workbook(good_rows(office)),
        user="admin-kota",
        office=office.organisation.code,
    )
    assert Realisation.objects.count() == 1


def test_unknown_user_and_missing_file(office, tmp_path):
    with pytest.raises(CommandError, match="Pengguna 'siapa' tidak ada"):
        call_command("import_realisations", tmp_path / "x.xlsx", user="siapa")
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        call_command("import_realisations", tmp_path / "x.xlsx", user="operator-a")


def test_plan_export_then_import_into_a_new_period(seeded_plan, tmp_path, capsys):
    path = tmp_path / "rencana.xlsx"
    call_command("export_plan", office=seeded_plan.code, period="2024-2026", output=path)
    member("perencana-dinsos", Role.PLANNER, seeded_plan)
    call_command("import_plan", path, user="perencana-dinsos", period="2024-2026", dry_run=True)
    assert "Ringkasan: 0 baru, 0 berubah, 72 tetap, 0 salah." in capsys.readouterr().out
    with pytest.raises(CommandError, match="Periode '2030-2034' tidak ada"):
        call_command("import_plan", path, user="perencana-dinsos", period="2030-2034")
    PeriodFactory(organisation=seeded_plan, start_year=2027, end_year=2029, status="draft")
    with pytest.raises(CommandError, match="kolom Target 2024: tahun 2024 di luar periode"):
        call_command("import_plan", path, user="perencana-dinsos", period="2027-2029")
    assert not PlanNode.objects.filter(period__start_year=2027).exists()
