"""`export_report perjanjian-kinerja` writes the PK in force, for the office or a unit."""

import pytest
from django.core.management import CommandError, call_command

from performance.services import finalise_agreement, generate_agreement, revise_agreement
from tests.reports.pdfread import page_texts
from tests.reports.workbook import open_workbook

from .test_agreement import IKU


def test_command_writes_the_latest_final_version(office, users, tmp_path):
    planner = users["planner"]
    agreement = generate_agreement(user=planner, organisation=office, year=2025)
    agreement = finalise_agreement(
        user=planner, agreement=agreement, expected_version=agreement.version
    )
    revise_agreement(user=planner, agreement=agreement, reason="APBD perubahan")  # a draft
    output = tmp_path / "pk.pdf"
    call_command(
        "export_report", "perjanjian-kinerja", "--year", "2025", "--format", "pdf",
        "--output", str(output), "--organisation", office.code,
    )  # fmt: skip
    text = " ".join(page_texts(output.read_bytes()))
    assert "PERJANJIAN KINERJA TAHUN 2025" in text and IKU in text
    assert "versi 1 (Final)" in text and "DRAF" not in text


def test_command_for_a_unit_and_refusals(office, users, tmp_path):
    unit = office.units.get(code="bidang-rehabilitasi-sosial")
    generate_agreement(user=users["planner"], organisation=office, year=2025, unit=unit)
    output = tmp_path / "pk.xlsx"
    call_command(
        "export_report", "perjanjian-kinerja", "--year", "2025", "--format", "xlsx",
        "--output", str(output), "--organisation", office.code, "--unit", unit.code,
    )  # fmt: skip
    workbook = open_workbook(output.read_bytes())
    values = [cell.value for row in workbook.worksheets[1].iter_rows() for cell in row]
    assert "1.06.04.2.01.01" in values
    with pytest.raises(CommandError, match="tidak ada"):
        call_command(
            "export_report", "perjanjian-kinerja", "--year", "2025", "--format", "pdf",
            "--output", str(output), "--organisation", office.code, "--unit", "bidang-khayalan",
        )  # fmt: skip
    with pytest.raises(CommandError, match="Belum ada Perjanjian Kinerja"):
        call_command(
            "export_report", "perjanjian-kinerja", "--year", "2026", "--format", "pdf",
            "--output", str(output), "--organisation", office.code,
        )  # fmt: skip
