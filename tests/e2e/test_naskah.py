"""A planner writes a chapter of the whole LKjIP in a real browser: opens the naskah page from the
reports page, replaces a section's automatic draft, saves, downloads the Word file and the test
reads the saved text back from it; then puts the automatic draft back."""

from io import BytesIO

import docx
import pytest
from playwright.sync_api import expect

from renstra.models import Role
from renstra.reports.models import DocumentText
from tests.dashboard.conftest import member
from tests.e2e.conftest import log_in, seed_plan

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXT = "Dinas Sosial menangani 1.250 PPKS pada tahun 2025.\n\nParagraf kedua dari perencana."


def test_planner_edits_a_chapter_and_reads_it_in_the_word_file(live_server, page, artifacts):
    organisation = seed_plan()
    member("perencana", Role.PLANNER, organisation)
    log_in(page, live_server, "perencana")

    page.goto(f"{live_server.url}/laporan/")
    row = page.locator("tr[data-document=lkjip]").filter(has_text="2025")
    row.get_by_role("link", name="Naskah").click()
    page.wait_for_url("**/laporan/lkjip/2025/naskah/")
    section = page.locator("#bagian-pendahuluan")
    expect(section.locator("[data-automatic]")).to_have_text("draf otomatis")
    textarea = page.get_by_label("Latar Belakang, Tugas, Fungsi dan Struktur Organisasi")
    assert textarea.input_value().startswith(
        "Laporan Kinerja Instansi Pemerintah (LKjIP) Dinas Sosial Kota Palangka Raya tahun 2025"
    )

    textarea.fill(TEXT)
    page.get_by_role("button", name="Simpan naskah").click()
    expect(page.locator(".messages")).to_contain_text("1 bagian naskah tersimpan.")
    expect(section.locator("[data-automatic]")).to_have_count(0)
    expect(textarea).to_have_value(TEXT)
    saved = DocumentText.objects.get(organisation=organisation, year=2025, section="pendahuluan")
    assert (saved.text, saved.version, saved.updated_by.username) == (TEXT, 1, "perencana")
    assert DocumentText.objects.count() == 1  # the untouched drafts stay automatic
    page.screenshot(path=artifacts / "naskah-lkjip.png", full_page=False)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh Word").click()
    download = download_info.value
    assert download.suggested_filename == f"naskah-lkjip-{organisation.code}-2025.docx"
    word = docx.Document(BytesIO(download.path().read_bytes()))
    paragraphs = [paragraph.text for paragraph in word.paragraphs]
    assert "Dinas Sosial menangani 1.250 PPKS pada tahun 2025." in paragraphs
    assert "Paragraf kedua dari perencana." in paragraphs
    assert "BAB I PENDAHULUAN" in paragraphs

    section.get_by_role("button", name="Pulihkan draf otomatis").click()
    expect(page.locator(".messages")).to_contain_text("dikembalikan ke draf otomatis")
    expect(section.locator("[data-automatic]")).to_have_text("draf otomatis")
    saved.refresh_from_db()
    assert saved.text == "" and saved.version == 2
