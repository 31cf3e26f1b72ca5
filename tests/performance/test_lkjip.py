"""The LKjIP measures against the final PK of the year (its latest version) and says which: the
sasaran's indicators and the programs' pagu against the office's PK, the program indicators
against the units' PK; without a final PK it measures against the Renstra as before."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cascading.choices import Level, Status, ValueKind
from cascading.models import Indicator
from performance.services import (
    finalise_agreement,
    generate_agreement,
    revise_agreement,
    update_agreement,
)
from renstra.reports.choices import FileFormat, ReportKind
from renstra.reports.exports import build_document, write_file
from renstra.reports.selectors import lkjip_tables
from renstra.scope import period_for
from tests.factories import RealisationFactory
from tests.reports.workbook import Sheet, open_workbook, two_places

from .test_agreement import IKU


def iku_line(office):
    tables = lkjip_tables(period=period_for(office, 2025), year=2025)
    return tables, next(item for item in tables.measured if item.figures.indicator.name == IKU)


def test_lkjip_against_the_latest_final_pk(office, users):
    planner = users["planner"]
    indicator = Indicator.objects.get(name=IKU, node__period__start_year=2024)
    RealisationFactory(
        indicator=indicator, year=2025, quarter=4, value=Decimal("3.8"), status=Status.VERIFIED
    )
    tables, line = iku_line(office)
    # Against the Renstra's 3,7: 3,8 / 3,7 x 100 = 102,70.
    assert tables.agreement is None and line.figures.capaian.quantize(Decimal("0.01")) == Decimal(
        "102.70"
    )
    agreement = generate_agreement(user=planner, organisation=office, year=2025)
    row = agreement.targets.get(indicator_name=IKU)
    agreement = update_agreement(
        user=planner,
        agreement=agreement,
        expected_version=agreement.version,
        targets={row.pk: "4"},
        budgets={},
    )
    _tables, line = iku_line(office)
    assert line.target == Decimal("3.7")  # a draft PK is not measured against
    agreement = finalise_agreement(
        user=planner, agreement=agreement, expected_version=agreement.version
    )
    tables, line = iku_line(office)
    # Against the PK's 4: 3,8 / 4 x 100 = 95,00.
    assert tables.agreement == agreement
    assert (line.target, line.figures.capaian) == (Decimal("4"), Decimal("95.00"))
    assert line.figures.predikat.label == "Sangat Tinggi"
    document = build_document(kind=ReportKind.LKJIP, organisation=office, year=2025)
    assert any("Perjanjian Kinerja tahun 2025 versi 1" in note for note in document.notes)
    # A draft revision does not count; once final, the latest version does.
    revision = revise_agreement(user=planner, agreement=agreement, reason="APBD perubahan")
    revised_row = revision.targets.get(indicator_name=IKU)
    revision = update_agreement(
        user=planner,
        agreement=revision,
        expected_version=revision.version,
        targets={revised_row.pk: "3,8"},
        budgets={},
    )
    assert iku_line(office)[1].target == Decimal("4")
    finalise_agreement(user=planner, agreement=revision, expected_version=revision.version)
    tables, line = iku_line(office)
    assert tables.agreement.number == 2
    assert line.figures.capaian == Decimal("100.00")


def lkjip_sheets(office):
    document = build_document(kind=ReportKind.LKJIP, organisation=office, year=2025)
    content = write_file(document, FileFormat.XLSX)
    return document, [Sheet(sheet) for sheet in open_workbook(content).worksheets]


def sheet_with(sheets, text):
    return next(
        sheet
        for sheet in sheets
        if any(text in str(cell.value or "") for row in sheet.sheet.iter_rows() for cell in row)
    )


def test_program_rows_against_the_final_pk(client, office, users):
    """The program's pagu is the office PK's agreed budget, the program indicator's target the
    unit PK's; the notes name both versions; without a final PK the plan's figures."""
    planner = users["planner"]
    indicator = (
        Indicator.objects.filter(
            node__period__start_year=2024,
            node__level=Level.PROGRAM,
            node__unit__isnull=False,
            value_kind=ValueKind.PERCENTAGE,
        )
        .select_related("node__unit")
        .order_by("node__code_key", "order")
        .first()
    )
    program = indicator.node
    plan_tables = lkjip_tables(period=period_for(office, 2025), year=2025)
    plan_program = next(item for item in plan_tables.programs if item.node == program)
    document, sheets = lkjip_sheets(office)
    assert any("target menurut Renstra" in note for note in document.notes)
    budget = sheet_with(sheets, "Anggaran dan Efisiensi Program")
    row = budget.row_of(program.code, column=budget.column("(2)"))
    assert two_places(budget.value(row, "(4)")) == plan_program.pagu

    office_pk = generate_agreement(user=planner, organisation=office, year=2025)
    budget_row = office_pk.budgets.get(node=program)
    office_pk = update_agreement(
        user=planner,
        agreement=office_pk,
        expected_version=office_pk.version,
        targets={},
        budgets={budget_row.pk: "123.456.789"},
    )
    office_pk = finalise_agreement(
        user=planner, agreement=office_pk, expected_version=office_pk.version
    )
    unit_pk = generate_agreement(user=planner, organisation=office, year=2025, unit=program.unit)
    target_row = unit_pk.targets.get(indicator=indicator)
    unit_pk = update_agreement(
        user=planner,
        agreement=unit_pk,
        expected_version=unit_pk.version,
        targets={target_row.pk: "88"},
        budgets={},
    )
    finalise_agreement(user=planner, agreement=unit_pk, expected_version=unit_pk.version)

    tables = lkjip_tables(period=period_for(office, 2025), year=2025)
    line = next(item for item in tables.programs if item.node == program)
    assert line.pagu == Decimal("123456789") != plan_program.pagu
    measured = next(item for item in tables.measured if item.figures.indicator == indicator)
    assert measured.target == Decimal("88")
    document, sheets = lkjip_sheets(office)
    assert any(
        "pagu program diukur terhadap Perjanjian Kinerja tahun 2025 versi 1" in note
        for note in document.notes
    )
    assert any(f"{program.unit.name} versi 1" in note for note in document.notes)
    budget = sheet_with(sheets, "Anggaran dan Efisiensi Program")
    row = budget.row_of(program.code, column=budget.column("(2)"))
    assert two_places(budget.value(row, "(4)")) == Decimal("123456789.00")
    measurement = sheet_with(sheets, "Pengukuran Kinerja Tahun 2025")
    row = measurement.row_of(indicator.name, column=measurement.column("(3)"))
    assert two_places(measurement.value(row, "(5)")) == Decimal("88.00")

    # Another unit's final PK adds no query.
    with CaptureQueriesContext(connection) as one_unit:
        lkjip_tables(period=period_for(office, 2025), year=2025)
    other = office.units.exclude(pk=program.unit_id).filter(plan_nodes__level=Level.PROGRAM).first()
    other_pk = generate_agreement(user=planner, organisation=office, year=2025, unit=other)
    finalise_agreement(user=planner, agreement=other_pk, expected_version=other_pk.version)
    with CaptureQueriesContext(connection) as two_units:
        assert len(lkjip_tables(period=period_for(office, 2025), year=2025).unit_agreements) == 2
    assert len(two_units) == len(one_unit)

    client.force_login(users["head"])
    page = client.get(reverse("reports:preview", args=["lkjip", 2025]) + f"?opd={office.code}")
    text = page.content.decode()
    assert page.status_code == 200 and "123.456.789" in text
    assert "Perjanjian Kinerja tahun 2025 versi 1" in text and program.unit.name in text
