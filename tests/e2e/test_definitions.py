"""A planner fills an indicator's definition sheet in a real browser: opens the list, edits the
data source and frequency, saves, sees them on the page and in the downloaded definisi-indikator
workbook; the database holds them; no Content-Security-Policy violation."""

from pathlib import Path

from performance.models import IndicatorDefinition
from tests.e2e.conftest import log_in
from tests.e2e.test_csp import RECORD_VIOLATIONS
from tests.reports.workbook import open_workbook

IKU = "Persentase PPKS yang Berfungsi Sosial"
SOURCE = "Aplikasi SIKS-NG, rekap Bidang Rehsos"


def test_planner_edits_a_definition_sheet_and_downloads_it(live_server, page, seeded_office):
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, live_server, "perencana")
    page.goto(f"{live_server.url}/perjanjian-kinerja/")
    page.locator("#definitions-link").click()
    page.get_by_label("Tahun").select_option("2025")
    page.get_by_label("Tingkat").select_option(label="Sasaran")
    page.get_by_role("button", name="Tampilkan").click()
    row = page.locator("#definitions tr", has_text=IKU)
    assert "Belum lengkap" in row.inner_text()
    row.get_by_role("link", name=IKU).click()

    page.get_by_label("Sumber data").fill(SOURCE)
    page.get_by_label("Frekuensi pengukuran").select_option(label="Semesteran")
    page.locator("#save-definition").click()
    page.wait_for_selector("text=Definisi indikator disimpan")
    assert page.get_by_label("Sumber data").input_value() == SOURCE
    assert (
        "Diubah: Sumber data, Frekuensi pengukuran"
        in page.locator("#definition-history").inner_text()
    )

    page.get_by_role("link", name="Kembali ke daftar definisi indikator").click()
    page.goto(f"{live_server.url}/perjanjian-kinerja/definisi/?tahun=2025")
    row = page.locator("#definitions tr", has_text=IKU)
    assert SOURCE in row.inner_text() and "Semesteran" in row.inner_text()
    with page.expect_download() as download:
        page.locator("#definitions-xlsx").click()
    workbook = open_workbook(Path(download.value.path()).read_bytes())
    sheet = next(tab for tab in workbook.worksheets if tab.title.startswith("T1.S1"))
    cells = {row[0].value: row[1].value for row in sheet.iter_rows() if len(row) > 1}
    assert cells["Indikator"] == IKU
    assert cells["Sumber data"] == SOURCE and cells["Frekuensi pengukuran"] == "Semesteran"

    stored = IndicatorDefinition.objects.get(indicator__name=IKU)
    assert (stored.data_source, stored.frequency, stored.version) == (SOURCE, "semesteran", 1)
    assert stored.updated_by.username == "perencana"
    assert page.evaluate("window.cspViolations") == []
