"""The official footers and signature blocks: both parties with place and date, name, rank and
NIP lines (dotted where not recorded), the evaluasi Renja's two follow-up rows apart, the RKPD
sasaran and the implementation period above its table; and no page holds only a signature
block."""

import pytest

from renstra.reports.choices import FileFormat, ReportKind
from renstra.reports.exports import build_document, write_file
from renstra.reports.models import ReportNarrative
from tests.reports.pdfread import open_pdf, page_texts
from tests.reports.workbook import Sheet, open_workbook

pytestmark = pytest.mark.django_db

YEARS = {ReportKind.RENSTRA: 2024, ReportKind.SPM: 2026}
LAST_ROWS = ("Jumlah", "Rata-rata", "Predikat kinerja")


def evaluasi(plan):
    return build_document(kind=ReportKind.EVALUASI_RENJA, organisation=plan.organisation, year=2025)


def test_evaluasi_footer_rows_preamble_and_both_blocks(plan):
    ReportNarrative.objects.create(
        organisation=plan.organisation,
        year=2025,
        report=ReportKind.EVALUASI_RENJA,
        sasaran_rkpd="Menurunnya jumlah PPKS: 3,7 %",
        tindak_lanjut="Lengkapi data triwulan.",
        tindak_lanjut_renja="Tambah sasaran pelatihan.",
    )
    document = evaluasi(plan)
    (sheet,) = [Sheet(ws) for ws in open_workbook(write_file(document, FileFormat.XLSX))]
    for label, text in (
        ("Tindak lanjut yang diperlukan dalam triwulan berikutnya", "Lengkapi data triwulan."),
        ("Tindak lanjut yang diperlukan dalam Renja PD berikutnya", "Tambah sasaran pelatihan."),
    ):
        assert sheet.value(sheet.row_of(label), "(5)") == text
    ws = sheet.sheet
    above = [ws.cell(row=row, column=1).value or "" for row in range(1, sheet.numbers_row)]
    assert (
        "Indikator dan target kinerja Kota Uji (sasaran RKPD) yang hendak dicapai: "
        "Menurunnya jumlah PPKS: 3,7 %" in above
    )
    assert "Periode pelaksanaan: Triwulan I s/d IV Tahun 2025" in above
    below = [
        ws.cell(row=row, column=column).value
        for row in range(sheet.data_rows().stop, ws.max_row + 1)
        for column in range(1, ws.max_column + 1)
    ]
    dated = [value for value in below if value and str(value).startswith("Kota Uji, ")]
    assert len(dated) == 2  # both parties date their block
    assert "Kepala Bappeda Kota Uji" in below
    assert "." * 40 in below  # the evaluator's name is written by hand
    assert "Pangkat/Gol. " + "." * 24 in below
    assert "NIP. " + "." * 30 in below
    assert {"Budi Santoso, S.Sos", "Pembina", "NIP. 19700101 199001 1 001"} <= set(below)
    assert not any(str(value).startswith("(.") for value in below if value)

    pages = page_texts(write_file(document, FileFormat.PDF))
    text = " ".join(pages)
    assert text.count("Kota Uji, ") == 2
    assert "Tindak lanjut yang diperlukan dalam Renja PD berikutnya" in text
    assert "Periode pelaksanaan: Triwulan I s/d IV Tahun 2025" in pages[0]


def test_no_page_holds_only_the_signatures(seeded_plan):
    for kind in ReportKind:
        document = build_document(kind=kind, organisation=seeded_plan, year=YEARS.get(kind, 2025))
        with open_pdf(write_file(document, FileFormat.PDF)) as pdf:
            last = pdf.pages[-1]
            text = last.extract_text()
            assert seeded_plan.head_name in text, kind
            # the table's closing rows (totals, means) share the page with the signatures
            assert last.extract_tables(), kind
            assert any(label in text for label in LAST_ROWS), kind
