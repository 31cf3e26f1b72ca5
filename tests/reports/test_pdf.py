"""The PDFs render, say what they are and whose, carry the totals and the signature block, and a
long table runs over pages with its header repeated and the pages counted."""

from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from renstra.reports.choices import FileFormat, Paper, ReportKind
from renstra.reports.exports import build_document, write_file

pytestmark = pytest.mark.django_db

MM = Decimal("72") / Decimal("25.4")  # PDF points per millimetre


def pdf(organisation, kind, year, **options) -> PdfReader:
    document = build_document(kind=kind, organisation=organisation, year=year, **options)
    return PdfReader(BytesIO(write_file(document, FileFormat.PDF)))


def text(page) -> str:
    """A page's text with line breaks and runs of spaces made single spaces."""
    return " ".join(page.extract_text().split())


def size_mm(page) -> tuple[int, int]:
    box = page.mediabox
    return round(Decimal(str(box.width)) / MM), round(Decimal(str(box.height)) / MM)


@pytest.fixture
def renstra(seeded_plan) -> PdfReader:
    return pdf(seeded_plan, ReportKind.RENSTRA, 2024)


def test_renstra_title_office_and_period_on_the_first_page(renstra):
    first = text(renstra.pages[0])
    assert "PEMERINTAH KOTA PALANGKA RAYA" in first
    assert "DINAS SOSIAL KOTA PALANGKA RAYA" in first
    assert "RENCANA PROGRAM, KEGIATAN, DAN PENDANAAN DINAS SOSIAL KOTA PALANGKA RAYA" in first
    assert "Renstra 2024-2026, periode 2024-2026" in first
    assert renstra.metadata.title == (
        "Rencana Program, Kegiatan, dan Pendanaan Dinas Sosial Kota Palangka Raya"
    )


def test_renstra_runs_over_pages_with_the_header_repeated(renstra):
    pages = len(renstra.pages)
    assert pages > 1
    for number, page in enumerate(renstra.pages, start=1):
        content = text(page)
        assert "Target Kinerja Program dan Kerangka Pendanaan" in content, number
        assert "(1) (2) (3) (4) (5) (6) (7) (8) (9) (10) (11) (12) (13) (14) (15)" in content
        assert f"Halaman {number} dari {pages}" in content
    assert "1.06.01.2.01" in text(renstra.pages[0])
    assert "1.06.01.2.01" not in text(renstra.pages[1])  # page 2 carries other lines


def test_renstra_totals_and_signature_at_the_end(renstra, seeded_plan):
    end = text(renstra.pages[-1])
    assert "Jumlah" in end
    assert end.count("9.363.273.111,00") == 3
    assert "28.089.819.333,00" in end
    assert "Palangka Raya, " in end
    assert seeded_plan.head_title in end
    assert seeded_plan.head_name in end
    assert seeded_plan.head_rank in end
    assert "NIP. 19671213 198911 2 001" in end


def test_a4_and_f4_landscape(seeded_plan, renstra):
    assert size_mm(renstra.pages[0]) == (297, 210)
    f4 = pdf(seeded_plan, ReportKind.RENSTRA, 2024, paper=Paper.F4)
    assert size_mm(f4.pages[0]) == (330, 215)


def test_evaluasi_renja(plan):
    reader = pdf(plan.organisation, ReportKind.EVALUASI_RENJA, 2025)
    content = " ".join(text(page) for page in reader.pages)
    assert "EVALUASI TERHADAP HASIL RENJA DINAS UJI LAPORAN TAHUN 2025" in content
    assert "PEMERINTAH KOTA UJI" in content
    assert "Realisasi yang dihitung: hanya yang telah diverifikasi." in content
    assert "1.050.000,50" in content  # Rp of the year for the program, its kegiatan and in total
    assert "Rata-rata capaian kinerja (%)" in content
    assert "91,00" in content and "Sangat Tinggi" in content
    assert "Dievaluasi oleh," in content and "Kepala Bappeda" in content
    assert "Disusun oleh, Kepala Dinas Uji" in content
    assert "Budi Santoso, S.Sos" in content and "NIP. 19700101 199001 1 001" in content


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        (ReportKind.RENJA, "RUMUSAN RENCANA PROGRAM DAN KEGIATAN DINAS UJI LAPORAN TAHUN 2025"),
        (ReportKind.LKJIP, "TABEL LAPORAN KINERJA INSTANSI PEMERINTAH (LKJIP) DINAS UJI LAPORAN"),
        (ReportKind.SPM, "CAPAIAN STANDAR PELAYANAN MINIMAL DINAS UJI LAPORAN TAHUN 2025"),
    ],
)
def test_other_reports_render(plan, kind, title):
    reader = pdf(plan.organisation, kind, 2025)
    content = " ".join(text(page) for page in reader.pages)
    assert title in content
    assert "Budi Santoso, S.Sos" in content
    assert f"Halaman 1 dari {len(reader.pages)}" in content
