"""The city's consolidated exports: the recap of every office and the IKU Pemda table, Excel and
PDF, the same figures as the pages, DATA CONTOH when an office holds demo data."""

from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from pypdf import PdfReader

from cascading.models import Indicator
from city.models import PemdaGoal, PemdaIndicator, PemdaTarget, Rpjmd
from renstra.models import Role

from .conftest import YEAR, client_for, generated_office, member


def sheet_rows(content: bytes) -> list[tuple]:
    workbook = openpyxl.load_workbook(BytesIO(content))
    return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def test_recap_excel_and_pdf(bappeda):
    generated_office(1, iku_value="80", spent="250000.00")
    generated_office(2, iku_value="60", spent="500000.00")
    client = client_for(bappeda)
    response = client.get("/kota/unduh/rekap.xlsx", {"tahun": YEAR, "tw": 1, "urut": "x"})
    assert response.status_code == 200
    rows = sheet_rows(response.content)
    found = {row[1]: row for row in rows if row and row[1] in ("Dinas 01", "Dinas 02")}
    assert found["Dinas 01"][2] == pytest.approx(80) and found["Dinas 01"][3] == "Tinggi"
    assert found["Dinas 01"][4] == pytest.approx(1000000) and found["Dinas 01"][6] == 25
    assert found["Dinas 02"][2] == pytest.approx(60) and found["Dinas 02"][6] == 50
    text = pdf_text(client.get("/kota/unduh/rekap.pdf", {"tahun": YEAR, "tw": 1}).content)
    assert "REKAPITULASI KINERJA PERANGKAT DAERAH" in text
    assert "Dinas 01" in text and "80,00" in text and "25,00" in text
    assert "DATA CONTOH" not in text


def test_recap_is_marked_when_an_office_holds_demo_data(bappeda):
    office = generated_office(1)
    office.demo_data = True
    office.save()
    response = client_for(bappeda).get("/kota/unduh/rekap.pdf", {"tahun": YEAR, "tw": 1})
    assert "DATA-CONTOH" in response["Content-Disposition"]
    assert "DATA CONTOH" in pdf_text(response.content)


def test_iku_pemda_export(bappeda):
    plan = Rpjmd.objects.create(
        government="Pemerintah Kota Uji", name="RPJMD", start_year=2024, end_year=2026
    )
    tujuan = PemdaGoal.objects.create(rpjmd=plan, kind="tujuan", code="T1", name="Tujuan")
    sasaran = PemdaGoal.objects.create(
        rpjmd=plan, kind="sasaran", parent=tujuan, code="T1.S1", name="Sasaran uji"
    )
    linked = PemdaIndicator.objects.create(goal=sasaran, name="IKU Pemda dihitung")
    PemdaTarget.objects.create(indicator=linked, year=YEAR, value=Decimal("100"))
    office = generated_office(1, iku_value="80")
    linked.office_indicators.set(Indicator.objects.filter(node__organisation=office, is_iku=True))
    client = client_for(bappeda)
    rows = sheet_rows(client.get("/kota/unduh/iku-pemda.xlsx", {"tahun": YEAR}).content)
    row = next(row for row in rows if row and row[1] == "IKU Pemda dihitung")
    assert row[0] == "T1.S1 Sasaran uji" and row[4] == pytest.approx(80) and row[5] == "Tinggi"
    text = pdf_text(client.get("/kota/unduh/iku-pemda.pdf", {"tahun": YEAR}).content)
    assert "IKU Pemda dihitung" in text and "80,00" in text and "KEPALA BAPPEDA" in text.upper()


def test_no_rpjmd_is_404_and_office_users_are_refused(bappeda):
    office = generated_office(1)
    assert client_for(bappeda).get("/kota/unduh/iku-pemda.xlsx").status_code == 404
    user = member("admin-opd", Role.ADMIN, office)
    assert client_for(user).get("/kota/unduh/rekap.xlsx").status_code == 403
