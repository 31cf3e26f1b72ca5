"""The office's SAKIP documents read back: IKU, indicator definition sheets, rencana aksi and
the pohon kinerja (its PDF fits its paper)."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from cascading.models import Indicator, PlanNode
from performance.action_plan import save_action_plan
from performance.models import IndicatorDefinition
from performance.services import generate_agreement
from tests.reports.pdfread import open_pdf, page_texts
from tests.reports.workbook import open_workbook

from .test_agreement import IKU

MM = 72 / 25.4


def download(client, user, kind, fmt, office, year=2025):
    client.force_login(user)
    url = reverse("performance:document", args=[kind, year, fmt]) + f"?opd={office.code}"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content


def test_iku_document(client, office, users):
    iku = Indicator.objects.get(name=IKU, node__period__start_year=2024)
    IndicatorDefinition.objects.create(indicator=iku, data_source="Laporan Bidang Rehsos")
    text = " ".join(page_texts(download(client, users["reviewer"], "iku", "pdf", office)))
    assert "INDIKATOR KINERJA UTAMA (IKU)" in text
    assert IKU in text and "3,7%" in text and "Laporan Bidang Rehsos" in text
    workbook = open_workbook(download(client, users["reviewer"], "iku", "xlsx", office))
    rows = [[cell.value for cell in row] for row in workbook.worksheets[0].iter_rows()]
    line = next(row for row in rows if IKU in row)
    assert "3,7%" in line and "Laporan Bidang Rehsos" in line


def test_definition_sheets_one_per_indicator(client, office, users):
    content = download(client, users["head"], "definisi-indikator", "xlsx", office)
    workbook = open_workbook(content)
    count = Indicator.objects.filter(node__period__start_year=2024).count()
    assert len(workbook.worksheets) == count
    sheet = next(sheet for sheet in workbook.worksheets if sheet.title.startswith("T1.S1"))
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert IKU in values and "Positif (semakin tinggi semakin baik)" in values
    assert "Frekuensi pengukuran" in values and "Triwulanan" in values
    pages = page_texts(download(client, users["head"], "definisi-indikator", "pdf", office))
    assert "LEMBAR DEFINISI INDIKATOR" in pages[0] and "Polaritas" in " ".join(pages)


def test_action_plan_document(client, office, users):
    agreement = generate_agreement(user=users["planner"], organisation=office, year=2025)
    row = agreement.targets.get(indicator_name=IKU)
    save_action_plan(
        user=users["planner"],
        agreement=agreement,
        cells={(row.pk, quarter): (text, 0) for quarter, text in ((1, "1"), (2, "2,5"))},
    )
    client.force_login(users["reviewer"])
    url = reverse("performance:action-plan-download", args=[agreement.pk, "xlsx"])
    workbook = open_workbook(client.get(url).content)
    rows = [[cell.value for cell in row] for row in workbook.worksheets[0].iter_rows()]
    line = next(row for row in rows if IKU in row)
    assert line[3:8] == ["3,7%", "1", "2,5", "-", "-"]
    pdf = client.get(reverse("performance:action-plan-download", args=[agreement.pk, "pdf"]))
    text = " ".join(page_texts(pdf.content))
    assert "RENCANA AKSI TAHUN 2025" in text and "2,5" in text and "DRAF" in text


def test_pohon_kinerja_pdf_fits_its_paper(client, office, users):
    """The seeded plan's 72 nodes flow through the columns of one A3 landscape page; every box
    lies inside the page, no text is below 7 pt, and every node is there with its code."""
    content = download(client, users["reviewer"], "pohon-kinerja", "pdf", office)
    with open_pdf(content) as document:
        pages = document.pages
        assert len(pages) == 1
        for page in pages:
            # A3 landscape: 420 x 297 mm.
            assert abs(page.width - 420 * MM) < 2 and abs(page.height - 297 * MM) < 2
            for char in page.chars:
                assert char["x0"] >= 0 and char["x1"] <= page.width
                assert char["top"] >= 0 and char["bottom"] <= page.height
            boxes = page.rects + page.curves
            assert len(boxes) >= 72
            for box in boxes:
                assert box["x0"] >= 0 and box["x1"] <= page.width
                assert box["top"] >= 0 and box["bottom"] <= page.height
            sizes = {round(char["size"], 1) for char in page.chars if char["text"].strip()}
            assert min(sizes) >= 7
    # The text in drawing order (box by box; pdfplumber would mix the columns' lines).
    text = joined(" ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages))
    assert "POHON KINERJA" in text and "3,7%" in text
    nodes = list(PlanNode.objects.filter(period__start_year=2024))
    assert len(nodes) == 72
    missing = [node.code for node in nodes if joined(f"{node.code} {node.name}") not in text]
    assert not missing


def joined(text: str) -> str:
    """Runs of white space made one space, and none after a line broken at "/" or "-"."""
    return re.sub(r"([/-]) ", r"\1", " ".join(text.split()))


def test_pohon_kinerja_workbook_lists_the_cascade(client, office, users):
    workbook = open_workbook(download(client, users["reviewer"], "pohon-kinerja", "xlsx", office))
    values = [[cell.value for cell in row] for row in workbook.worksheets[0].iter_rows()]
    codes = [row[1] for row in values if row[1]]
    assert "T1" in codes and "T1.S1" in codes and "1.06.06" in codes
    assert sum(1 for row in values if row[0] == "Sub Kegiatan") == 51


@pytest.mark.parametrize("kind", ["iku", "definisi-indikator", "pohon-kinerja", "rencana-aksi"])
def test_command_writes_every_kind(office, users, tmp_path, kind):
    generate_agreement(user=users["planner"], organisation=office, year=2025)
    for fmt in ("pdf", "xlsx"):
        output = tmp_path / f"out.{fmt}"
        call_command(
            "export_report", kind, "--year", "2025", "--format", fmt,
            "--output", str(output), "--organisation", office.code,
        )  # fmt: skip
        content = output.read_bytes()
        if fmt == "pdf":
            assert page_texts(content)[0]
        else:
            assert open_workbook(content).worksheets


def test_documents_refuse_outsiders_and_unknown_years(client, office, users):
    client.force_login(users["outsider"])
    url = reverse("performance:document", args=["iku", 2025, "pdf"]) + f"?opd={office.code}"
    assert client.get(url).status_code == 404  # not an office this user may name
    client.force_login(users["reviewer"])
    url = reverse("performance:document", args=["iku", 2031, "pdf"]) + f"?opd={office.code}"
    assert client.get(url).status_code == 404
    assert Decimal("1")
