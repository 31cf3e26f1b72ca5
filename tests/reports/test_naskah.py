"""The whole LKjIP and laporan penerapan SPM: chapter texts around the report's tables, opened
back from the Word file (python-docx paragraphs and tables) and the PDF (pdfplumber text), on
the hand-made plan whose figures are worked out in tests/reports/conftest.py and on the seeded
plan; the editing page's permissions, version check and hostile input; bounded queries."""

import datetime
from decimal import Decimal
from io import BytesIO

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cascading.constants import SUBMITTED_AND_VERIFIED
from renstra.demo import fill_demo_realisations
from renstra.models import Role
from renstra.reports import selectors
from renstra.reports.choices import Paper, WholeDocument
from renstra.reports.document import Format, display
from renstra.reports.models import SECTION_MAX_LENGTH, DocumentText
from renstra.reports.naskah import build_naskah, digest
from renstra.reports.pdf import write_naskah_pdf
from renstra.reports.word import write_docx
from spm.models import SpmAnnual, SpmService
from tests.dashboard.conftest import client_for, member
from tests.factories import OrganisationFactory
from tests.reports.pdfread import page_texts, smallest_font_size

pytestmark = pytest.mark.django_db

LKJIP_CHAPTERS = [
    "IKHTISAR EKSEKUTIF",
    "BAB I PENDAHULUAN",
    "BAB II PERENCANAAN KINERJA",
    "BAB III AKUNTABILITAS KINERJA",
    "BAB IV PENUTUP",
]
SPM_CHAPTERS = ["BAB I PENDAHULUAN", "BAB II PENERAPAN DAN PENCAPAIAN SPM", "BAB III PENUTUP"]


def open_docx(content: bytes):
    return docx.Document(BytesIO(content))


def headings(word, level: int) -> list[str]:
    return [p.text for p in word.paragraphs if p.style.name == f"Heading {level}"]


def body_text(word) -> str:
    return "\n".join(p.text for p in word.paragraphs)


def table_rows(word) -> list[list[str]]:
    """Every row of every Word table, merged cells read once per grid cell."""
    return [[cell.text for cell in row.cells] for table in word.tables for row in table.rows]


def row_of(rows: list[list[str]], *texts: str) -> list[str]:
    """The first row holding every one of `texts` as a cell."""
    for row in rows:
        if all(text in row for text in texts):
            return row
    raise AssertionError(f"no row with {texts!r}")


def pdf_text(content: bytes) -> str:
    return " ".join(page_texts(content))


# --- The LKjIP of the hand-made plan, 2025 -------------------------------------------------------
# IKU "Persentase PPKS berfungsi sosial": target 3,7, verified realisation 3,8 (Q2; the 4,0 of Q4
# is only submitted): capaian 3,8 / 3,7 x 100 = 102,70 %; 2024 realisation 3,6 (lower than 3,8);
# end target 3,9, level rule: to date 3,8, 3,8 / 3,9 x 100 = 97,44 %.
# Budget 2025: pagu 2.000.000 + 1.000.000 = 3.000.000; verified realisasi 500.000 + 300.000,50 +
# 250.000 = 1.050.000,50; serapan 35,00 %.


def test_lkjip_word_file_holds_chapters_figures_and_tables(plan):
    naskah = build_naskah(kind=WholeDocument.LKJIP, organisation=plan.organisation, year=2025)
    word = open_docx(write_docx(naskah))

    assert headings(word, 1) == LKJIP_CHAPTERS
    assert "A. Capaian Kinerja Organisasi" in headings(word, 2)
    text = body_text(word)
    assert (
        "Persentase PPKS berfungsi sosial (IKU): target 3,7 %, realisasi 3,8 %, capaian 102,70 %"
        in text
    )
    assert "Dibandingkan 2024 (3,6 %), realisasi tahun 2025 lebih tinggi." in text
    assert "Terhadap target akhir Renstra 2026 (3,9 %), realisasi s/d tahun 2025 3,8 %, " in text
    assert "capaian 97,44 %." in text
    assert "Realisasi anggaran Rp1.050.000,50 dari pagu Rp3.000.000,00, serapan 35,00 %." in text

    rows = table_rows(word)
    measured = row_of(rows, "Persentase PPKS berfungsi sosial", "102,70")
    assert measured[4:7] == ["3,7", "3,8", "102,70"]
    comparison = row_of(rows, "Persentase PPKS berfungsi sosial", "97,44")
    assert comparison[3:] == ["3,2", "3,6", "3,8", "3,9", "3,8", "97,44"]
    budget = row_of(rows, "PROGRAM UJI", "1.050.000,50")
    assert budget[3:6] == ["3.000.000,00", "1.050.000,50", "35,00"]
    # Tables sit in their chapter: Bab II's Perjanjian Kinerja comes first, then Bab III's.
    assert word.tables[0].rows[0].cells[1].text == "Sasaran Strategis"
    assert word.tables[2].rows[0].cells[6].text == "Capaian (%) = (6)/(5) x 100"
    # The signature block closes the document.
    assert "Budi Santoso, S.Sos" in word.tables[-1].cell(0, 1).text


def test_lkjip_pdf_holds_chapters_and_figures(plan):
    naskah = build_naskah(kind=WholeDocument.LKJIP, organisation=plan.organisation, year=2025)
    content = write_naskah_pdf(naskah)
    pages = page_texts(content)
    text = " ".join(pages)
    for chapter in LKJIP_CHAPTERS:
        assert chapter in text
    assert pages[0].count("BAB") == 0  # the cover stands alone
    assert "capaian 102,70 %" in text and "97,44" in text
    assert "Rp1.050.000,50" in text and "35,00" in text
    assert "19700101 199001 1 001" in pages[-1]
    assert smallest_font_size(content) >= 7


def test_saved_text_replaces_the_draft_in_both_files(plan):
    DocumentText.objects.create(
        organisation=plan.organisation,
        year=2025,
        document=WholeDocument.LKJIP,
        section="pendahuluan",
        text="Dinas Uji dibentuk dengan Perda Nomor 7 Tahun 2016.\n\nParagraf kedua.",
    )
    naskah = build_naskah(kind=WholeDocument.LKJIP, organisation=plan.organisation, year=2025)
    word = open_docx(write_docx(naskah))
    paragraphs = [p.text for p in word.paragraphs]
    assert "Dinas Uji dibentuk dengan Perda Nomor 7 Tahun 2016." in paragraphs
    assert "Paragraf kedua." in paragraphs
    assert not any("Peraturan Presiden Nomor 29 Tahun 2014" in p for p in paragraphs)
    assert "Perda Nomor 7 Tahun 2016" in pdf_text(write_naskah_pdf(naskah))


def test_drafts_state_the_selector_figures_on_the_seeded_plan(seeded_plan):
    """Seeded plan with demo realisations: every indicator's capaian and every program's serapan
    of the LKjIP selector stand in the Word tables and the draft, and the file says DATA
    CONTOH."""
    fill_demo_realisations(organisation=seeded_plan, today=datetime.date(2026, 1, 20))
    seeded_plan.refresh_from_db()
    naskah = build_naskah(kind=WholeDocument.LKJIP, organisation=seeded_plan, year=2025)
    data = selectors.lkjip_tables(period=naskah.report.period, year=2025)
    word = open_docx(write_docx(naskah))
    text, rows = body_text(word), table_rows(word)
    assert headings(word, 1) == LKJIP_CHAPTERS
    measured = [item for item in data.measured if item.figures.capaian is not None]
    assert measured
    for item in measured:
        capaian = display(item.figures.capaian, Format.PERCENT)
        assert f"capaian {capaian} %" in text
        assert row_of(rows, item.figures.indicator.name, capaian)
    for program in data.programs:
        assert f"serapan {display(program.serapan, Format.PERCENT)} %" in text
    assert "DATA CONTOH" in text
    assert "DATA CONTOH" in word.sections[0].header.paragraphs[0].text
    assert naskah.filename == f"naskah-lkjip-{seeded_plan.code}-2025-DATA-CONTOH"


def test_including_submitted_values_makes_a_draft_on_every_page(plan):
    naskah = build_naskah(
        kind=WholeDocument.LKJIP,
        organisation=plan.organisation,
        year=2025,
        statuses=SUBMITTED_AND_VERIFIED,
    )
    assert naskah.filename == f"naskah-lkjip-{plan.organisation.code}-2025-DRAF"
    word = open_docx(write_docx(naskah))
    assert "DRAF" in word.sections[0].header.paragraphs[0].text
    assert "DRAF" in word.sections[0].footer.paragraphs[0].text
    pages = page_texts(write_naskah_pdf(naskah))
    assert pages and all("DRAF" in page for page in pages)
    assert not any("DATA CONTOH" in page for page in pages)
    # The Q4 value 4,0 is only submitted: counted here.
    assert "realisasi 4 %" in body_text(word)


# --- The laporan penerapan SPM -------------------------------------------------------------------


def test_spm_document_holds_per_service_figures(seeded_plan):
    """2025, service 1: 150 of 200 served = 75,00 %; mutu 8 of 10 = 80,00 %; indeks 80 % x 75 +
    20 % x 80 = 76,00, Tuntas Pratama; the seed's 2023 capaian (Tabel 2.3: 99,94 %) in the
    history."""
    service = SpmService.objects.get(organisation=seeded_plan, number=1)
    SpmAnnual.objects.create(
        service=service,
        year=2025,
        target_percent=Decimal("100"),
        people_needing=200,
        people_served=150,
        quality_required=Decimal("10"),
        quality_provided=Decimal("8"),
    )
    naskah = build_naskah(kind=WholeDocument.SPM, organisation=seeded_plan, year=2025)
    word = open_docx(write_docx(naskah))
    assert headings(word, 1) == SPM_CHAPTERS
    text = body_text(word)
    assert (
        f"1. {service.name}: warga negara yang membutuhkan 200 jiwa, yang terlayani 150 jiwa, "
        "capaian penerima layanan 75,00 %; capaian mutu 80,00 %; indeks capaian 76,00 % "
        "(Tuntas Pratama)." in text
    )
    assert "capaian penerima layanan 75,00 % di bawah target 100,00 %" in text
    assert "target penerima layanan 100%" in text
    rows = table_rows(word)
    year_row = next(r for r in rows if r[1] == service.name and "150" in r)
    assert year_row[2:8] == ["200", "150", "75,00", "80,00", "76,00", "Tuntas Pratama"]
    history_row = next(r for r in rows if r[1] == service.name and service.history_indicator in r)
    assert "99,94" in history_row
    quality_row = next(r for r in rows if r[1] == service.name and service.quality_indicator in r)
    assert quality_row[4:7] == ["10", "8", "80,00"]

    pdf = pdf_text(write_naskah_pdf(naskah))
    for chapter in SPM_CHAPTERS:
        assert chapter in pdf
    assert "75,00" in pdf and "Tuntas Pratama" in pdf


@pytest.mark.parametrize("kind", list(WholeDocument))
@pytest.mark.parametrize("paper", list(Paper))
def test_pdf_type_never_below_7_points(seeded_plan, kind, paper):
    naskah = build_naskah(kind=kind, organisation=seeded_plan, year=2025, paper=paper)
    assert smallest_font_size(write_naskah_pdf(naskah)) >= 7


def test_queries_do_not_grow_with_the_plan(plan, seeded_plan, django_assert_max_num_queries):
    counts = []
    for organisation in (plan.organisation, seeded_plan):
        for kind in WholeDocument:
            with CaptureQueriesContext(connection) as captured:
                build_naskah(kind=kind, organisation=organisation, year=2025)
            counts.append(len(captured))
    assert counts[:2] == counts[2:]
    with django_assert_max_num_queries(45):
        build_naskah(kind=WholeDocument.SPM, organisation=seeded_plan, year=2025)


# --- The editing page ----------------------------------------------------------------------------

URL = reverse("reports:naskah", args=["lkjip", 2025])


def form_of(response) -> dict:
    """The values the page posts back unchanged: each section's text, version and digest."""
    data = {}
    for row in response.context["rows"]:
        key = row.section.key
        data[f"naskah-{key}"] = row.text
        data[f"versi-{key}"] = str(row.section.version)
        data[f"sidik-{key}"] = row.section.digest
    return data


def test_planner_edits_a_section_and_the_rest_stays_automatic(plan):
    planner = client_for(member("perencana", Role.PLANNER, plan.organisation))
    page = planner.get(URL)
    assert page.status_code == 200
    assert page.content.decode().count("draf otomatis") >= 7
    data = form_of(page)
    data["naskah-penutup"] = "Kesimpulan yang ditulis perencana."
    response = planner.post(URL, data)
    assert response.status_code == 302
    saved = DocumentText.objects.get()
    assert (saved.section, saved.text, saved.version) == (
        "penutup",
        "Kesimpulan yang ditulis perencana.",
        1,
    )
    assert saved.history.get().history_user.username == "perencana"

    # Untouched drafts were not saved; the second save bumps the version.
    page = planner.get(URL)
    data = form_of(page)
    data["naskah-penutup"] = "Kesimpulan kedua."
    assert planner.post(URL, data).status_code == 302
    saved.refresh_from_db()
    assert (saved.text, saved.version, DocumentText.objects.count()) == ("Kesimpulan kedua.", 2, 1)

    # Back to the automatic draft.
    data = form_of(planner.get(URL)) | {"pulihkan": "penutup"}
    assert planner.post(URL, data).status_code == 302
    saved.refresh_from_db()
    assert saved.text == "" and saved.version == 3
    naskah = build_naskah(kind=WholeDocument.LKJIP, organisation=plan.organisation, year=2025)
    assert naskah.sections[-1].automatic
    assert "Rata-rata capaian kinerja Dinas Uji Laporan" in naskah.sections[-1].text


def test_docx_download_carries_the_saved_text(plan):
    planner = client_for(member("perencana", Role.PLANNER, plan.organisation))
    data = form_of(planner.get(URL)) | {"naskah-ikhtisar": "Ikhtisar dari perencana."}
    planner.post(URL, data)
    response = planner.get(reverse("reports:naskah_download", args=["lkjip", 2025, "docx"]))
    assert response.status_code == 200
    assert response[
        "Content-Disposition"
    ] == 'attachment; filename="naskah-lkjip-uji-2025.docx"' or (
        "naskah-lkjip-" in response["Content-Disposition"]
    )
    assert "Ikhtisar dari perencana." in [p.text for p in open_docx(response.content).paragraphs]
    pdf = planner.get(reverse("reports:naskah_download", args=["spm", 2025, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_reviewer_reads_but_cannot_save(plan):
    reviewer = client_for(member("bappeda", Role.REVIEWER, plan.organisation))
    page = reviewer.get(URL)
    assert page.status_code == 200
    assert "readonly" in page.content.decode()
    assert "Simpan naskah" not in page.content.decode()
    data = form_of(page) | {"naskah-penutup": "Teks peninjau."}
    assert reviewer.post(URL, data).status_code == 403
    assert not DocumentText.objects.exists()


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.HEAD])
def test_other_roles_cannot_save(plan, role):
    user = client_for(member("pengguna", role, plan.organisation, unit=plan.unit))
    data = form_of(user.get(URL)) | {"naskah-penutup": "Teks."}
    assert user.post(URL, data).status_code == 403
    assert not DocumentText.objects.exists()


def test_other_office_is_not_found(plan):
    other = OrganisationFactory(code="lain")
    outsider = client_for(member("luar", Role.PLANNER, other))
    query = f"?opd={plan.organisation.code}"
    assert outsider.get(URL + query).status_code == 404
    assert outsider.post(
        URL + query, {"naskah-penutup": "x", "versi-penutup": "0"}
    ).status_code in (
        403,
        404,
    )
    download = reverse("reports:naskah_download", args=["lkjip", 2025, "docx"])
    assert outsider.get(download + query).status_code == 404
    assert not DocumentText.objects.exists()


def test_stale_version_is_refused_with_a_message(plan):
    first = client_for(member("perencana", Role.PLANNER, plan.organisation))
    second = client_for(member("admin-dinas", Role.ADMIN, plan.organisation))
    loaded = form_of(second.get(URL))
    first.post(URL, form_of(first.get(URL)) | {"naskah-penutup": "Versi perencana."})

    response = second.post(URL, loaded | {"naskah-penutup": "Versi administrator."})
    assert response.status_code == 409
    page = response.content.decode()
    assert "sudah diubah oleh perencana" in page
    assert "Versi administrator." in page  # what the user typed is kept on the page
    assert DocumentText.objects.get().text == "Versi perencana."


@pytest.mark.parametrize(
    "change",
    [
        {"versi-penutup": "１"},
        {"versi-penutup": "-1"},
        {"versi-penutup": "99999999999999"},
        {"pulihkan": "../../etc"},
    ],
)
def test_hostile_form_is_refused_and_changes_nothing(plan, change):
    planner = client_for(member("perencana", Role.PLANNER, plan.organisation))
    data = form_of(planner.get(URL)) | {"naskah-penutup": "Teks baru."} | change
    response = planner.post(URL, data)
    assert response.status_code == 400
    assert "tidak" in response.content.decode()
    assert not DocumentText.objects.exists()


def test_too_long_and_control_characters_are_refused(plan):
    planner = client_for(member("perencana", Role.PLANNER, plan.organisation))
    data = form_of(planner.get(URL))
    response = planner.post(URL, data | {"naskah-penutup": "a" * (SECTION_MAX_LENGTH + 1)})
    assert response.status_code == 409
    assert "Naskah terlalu panjang" in response.content.decode()
    assert planner.post(URL, data | {"naskah-penutup": "a\x00b"}).status_code == 400
    assert not DocumentText.objects.exists()


def test_unknown_document_and_year_outside_the_plan(plan):
    planner = client_for(member("perencana", Role.PLANNER, plan.organisation))
    assert planner.get("/laporan/renstra/2025/naskah/").status_code == 404
    assert planner.get(reverse("reports:naskah", args=["lkjip", 2031])).status_code == 404
    assert planner.get("/laporan/lkjip/2025/naskah.exe").status_code == 404


def test_untouched_draft_is_not_saved(plan):
    planner = client_for(member("perencana", Role.PLANNER, plan.organisation))
    data = form_of(planner.get(URL))
    assert data["sidik-penutup"] == digest(data["naskah-penutup"].replace("\n", "\r\n"))
    assert planner.post(URL, data).status_code == 302
    assert not DocumentText.objects.exists()


def test_page_queries_are_bounded(plan, seeded_plan, django_assert_max_num_queries):
    planner = client_for(member("perencana", Role.PLANNER, seeded_plan))
    with django_assert_max_num_queries(50):
        assert planner.get(URL).status_code == 200


def test_index_and_preview_link_the_whole_documents(plan):
    planner = client_for(member("perencana", Role.PLANNER, plan.organisation))
    index = planner.get(reverse("reports:index")).content.decode()
    assert reverse("reports:naskah", args=["spm", 2025]) in index
    assert reverse("reports:naskah_download", args=["lkjip", 2025, "docx"]) in index
    preview = planner.get(reverse("reports:preview", args=["lkjip", 2025])).content.decode()
    assert URL in preview
