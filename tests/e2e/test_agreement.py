"""A planner makes the office's Perjanjian Kinerja in a real browser: generates it from the plan,
changes one target, finalises it and downloads the PDF, whose text is read back."""

from decimal import Decimal
from pathlib import Path

from performance.choices import AgreementStatus
from performance.models import ActionPlanTarget, Agreement
from tests.e2e.conftest import log_in
from tests.e2e.test_csp import RECORD_VIOLATIONS
from tests.reports.pdfread import page_texts

IKU = "Persentase PPKS yang Berfungsi Sosial"


def test_planner_generates_edits_finalises_and_downloads(live_server, page, seeded_office):
    log_in(page, live_server, "perencana")
    page.get_by_role("link", name="Perjanjian Kinerja").click()
    page.get_by_label("Tahun").select_option("2025")
    page.get_by_role("button", name="Buat PK dari rencana").click()
    page.wait_for_selector("#agreement-status")
    assert "Draf" in page.locator("#agreement-status").inner_text()

    page.locator("#edit-link").click()
    page.get_by_label(f"Target PK: {IKU}").fill("3,8")
    page.locator("#save").click()
    page.wait_for_selector("#targets")
    iku_row = page.locator("#targets tr", has_text=IKU)
    assert iku_row.locator("[data-field=target]").inner_text() == "3,8"
    assert "berbeda:" in iku_row.locator("[data-field=plan]").inner_text()
    assert "3,7%" in iku_row.locator("[data-field=plan]").inner_text()

    page.locator("#finalise").click()
    page.wait_for_selector("text=PK difinalkan")
    assert "Final" in page.locator("#agreement-status").inner_text()
    assert page.locator("#edit-link").count() == 0

    with page.expect_download() as download:
        page.locator("#download-pdf").click()
    content = Path(download.value.path()).read_bytes()
    text = " ".join(page_texts(content))
    assert "PERJANJIAN KINERJA TAHUN 2025" in text
    assert IKU in text and "Renstra: 3,7%" in text
    assert "NYTA BIANITA REZZA, S.Sos" in text and "DRAF" not in text

    agreement = Agreement.objects.get()
    assert agreement.status == AgreementStatus.FINAL
    assert agreement.targets.get(indicator_name=IKU).value == Decimal("3.8")


def test_planner_enters_the_rencana_aksi_and_the_sheet_shows_it(live_server, page, seeded_office):
    """Default split offered, saved, then the entry sheet of TW I shows the quarter's target;
    no Content-Security-Policy violation on the PK pages."""
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, live_server, "perencana")
    page.goto(f"{live_server.url}/perjanjian-kinerja/")
    page.get_by_label("Tahun").select_option("2025")
    page.get_by_role("button", name="Buat PK dari rencana").click()
    page.wait_for_selector("#agreement-status")
    page.locator("#action-plan-link").click()
    page.locator("#fill-default").click()
    first = page.get_by_label(f"{IKU}: TW 1")
    assert first.input_value() == "0,9"
    assert page.get_by_label(f"{IKU}: TW 4").input_value() == "3,7"
    page.locator("#save-action-plan").click()
    page.wait_for_selector("text=target triwulan disimpan")
    assert ActionPlanTarget.objects.filter(year=2025).count() >= 4
    page.goto(f"{live_server.url}/realisasi/2025/tw1/")
    row = page.locator("tr", has_text=IKU).first
    assert "Rencana aksi TW 1: 0,9" in row.inner_text()
    assert page.evaluate("window.cspViolations") == []


def test_planner_makes_a_sub_units_agreement(live_server, page, seeded_office):
    """The third level: the Sub Bagian Keuangan dan Aset's PK with the Sekretaris, for the sub
    kegiatan ticked on the generate page; no Content-Security-Policy violation."""
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, live_server, "perencana")
    page.goto(f"{live_server.url}/perjanjian-kinerja/")
    page.get_by_label("Tahun").select_option("2025")
    page.get_by_label("Tingkat").select_option(label="— Sub Bagian Keuangan dan Aset")
    page.get_by_role("button", name="Buat PK dari rencana").click()
    page.wait_for_selector("#sub-unit-nodes")
    page.get_by_label("1.06.01.2.02.01 Penyediaan Gaji dan Tunjangan ASN").check()
    page.locator("#generate-sub-unit").click()
    page.wait_for_selector("#agreement-status")
    row = page.locator("#targets tr", has_text="Jumlah Orang yang Menerima Gaji dan Tunjangan ASN")
    assert row.locator("[data-field=target]").inner_text() == "50 Orang/bulan"
    assert "5.110.370.625,00" in page.locator("#budgets").inner_text()
    assert "Sekretaris Dinas Sosial Kota Palangka Raya" in page.locator("#parties").inner_text()
    page.locator("#finalise").click()
    page.wait_for_selector("text=PK difinalkan")
    assert "Final" in page.locator("#agreement-status").inner_text()
    agreement = Agreement.objects.get()
    assert (agreement.unit.code, agreement.status) == ("sub-bagian-keuangan-dan-aset", "final")
    assert [row.code for row in agreement.budgets.all()] == ["1.06.01.2.02.01"]
    page.goto(f"{live_server.url}/perjanjian-kinerja/")
    assert page.locator("#agreements td.sub-level", has_text="Sub Bagian Keuangan").count() == 1
    assert page.evaluate("window.cspViolations") == []
