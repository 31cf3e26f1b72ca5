"""A planner loads the office's DPA from a SIPD-style file in a real browser: the file's headers
are shown, the columns are mapped once and saved as a profile, the preview's sums are checked,
and applying writes the budget the dashboard then names."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from budgeting.models import BudgetLine, ColumnProfile
from renstra.models import Role
from tests.budgeting.conftest import sipd_code, sub_kegiatan, xlsx
from tests.dashboard.conftest import member
from tests.e2e.conftest import log_in, seed_plan

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _pending_dir(settings, tmp_path):
    settings.RENSTRA_IMPORT_DIR = tmp_path / "impor"


def test_planner_maps_columns_saves_a_profile_and_applies_a_dpa(live_server, page, tmp_path):
    organisation = seed_plan()
    member("perencana", Role.PLANNER, organisation)
    nodes = sub_kegiatan(organisation)
    rows = [[sipd_code(node.code), "5.1.02.01.01.0024", "2000000"] for node in nodes]
    path = tmp_path / "dpa-sipd.xlsx"
    path.write_bytes(xlsx(["KD SUBKEG", "REKENING", "NILAI DPA"], rows))

    log_in(page, live_server, "perencana")
    page.get_by_role("link", name="Impor Anggaran").click()
    page.get_by_label("Berkas (.xlsx atau .csv)").set_input_files(path)
    page.get_by_label("Jenis berkas").select_option("dpa")
    page.get_by_label("Tahun anggaran").fill("2025")
    page.get_by_role("button", name="Unggah dan pratinjau").click()

    expect(page.locator("[data-field=headers]")).to_have_text("KD SUBKEG · REKENING · NILAI DPA")
    expect(page.get_by_role("alert")).to_contain_text("Kolom tidak ditemukan: kode, anggaran.")
    expect(page.get_by_role("button", name="Terapkan")).to_have_count(0)

    page.get_by_label("Kode sub kegiatan").select_option("KD SUBKEG")
    page.get_by_label("Kode rekening").select_option("REKENING")
    page.get_by_label("Anggaran / pagu").select_option("NILAI DPA")
    page.get_by_label("Simpan pemetaan sebagai profil (nama)").fill("DPA SIPD kami")
    page.get_by_role("button", name="Periksa dengan pemetaan ini").click()

    expect(page.locator("[data-field=nodes]")).to_have_text("51")
    expect(page.locator("[data-field=sum]")).to_have_text("102.000.000,00")
    expect(page.locator(f"tr[data-code='{nodes[0].code}']")).to_contain_text("2.000.000,00")
    assert not BudgetLine.objects.exists()
    assert ColumnProfile.objects.get(name="DPA SIPD kami").columns["kode"] == "KD SUBKEG"

    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator("body")).to_contain_text("diterapkan: 51 sub kegiatan, 51 baris")
    assert BudgetLine.objects.filter(version__kind="dpa", version__year=2025).count() == 51
    expect(page.get_by_label("Profil kolom")).to_contain_text("DPA SIPD kami")

    page.goto(f"{live_server.url}/?tahun=2025&tw=4")
    expect(page.locator("[data-field=budget-version]")).to_have_text(
        "Pagu yang dipakai: DPA 2025, berlaku 01-01-2025."
    )
    assert get_user_model().objects.filter(username="perencana").exists()
