"""Renstra-to-date figures combine the years by each indicator's period rule: with every year
of the seeded plan realised exactly on target, no Renstra-to-date capaian exceeds 100 % (a level
is never summed) and the one cumulative indicator, 1.06.05.2.02.02 (4 + 4 + 4 = 12), stands at
its sum. Checked in the selectors and read back from the workbook and the PDF."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cascading.choices import PeriodRule, Status
from cascading.models import Indicator, Realisation
from renstra.models import Membership, Role
from renstra.reports import selectors
from renstra.reports.choices import FileFormat, ReportKind
from renstra.reports.exports import build_document, write_file
from tests.factories import IndicatorFactory, UserFactory
from tests.reports.pdfread import numbered_column, numbered_rows, page_texts, table_rows
from tests.reports.workbook import Sheet, open_workbook, two_places

D = Decimal
CUMULATIVE = "1.06.05.2.02.02"
HUNDRED = D("100")


@pytest.fixture
def on_target(seeded_plan):
    """Every indicator of 2024-2026 realised at its target in each year (one verified TW IV
    value: every roll-up rule gives the value itself)."""
    period = seeded_plan.periods.get(start_year=2024)
    realisations = [
        Realisation(
            indicator=target.indicator,
            year=target.year,
            quarter=4,
            value=target.value,
            grade=target.grade,
            status=Status.VERIFIED,
        )
        for indicator in Indicator.objects.filter(node__period=period).prefetch_related("targets")
        for target in indicator.targets.all()
        if target.value is not None or target.grade
    ]
    Realisation.objects.filter(indicator__node__period=period).delete()
    Realisation.objects.bulk_create(realisations)
    return seeded_plan


def test_the_seed_has_one_cumulative_indicator(seeded_plan):
    cumulative = Indicator.objects.filter(
        node__organisation=seeded_plan, period_rule=PeriodRule.CUMULATIVE
    )
    assert [indicator.code for indicator in cumulative] == [CUMULATIVE]
    assert Indicator.objects.filter(node__period__start_year=2024).count() == 71


@pytest.mark.parametrize("year", [2025, 2026])
def test_evaluasi_selector(on_target, year):
    period = on_target.periods.get(start_year=2024)
    table = selectors.evaluasi_renja_table(period=period, year=year)
    capaian = [line.kinerja.renstra_capaian for line in table.lines if line.kinerja]
    if year == 2026:
        # Before the last year a level may stand above the end target on target (1.06.01.2.09.09
        # plans 3 buildings in 2025 and ends at 2), never at the end of the period.
        assert all(value <= HUNDRED for value in capaian if value is not None)
        assert max(value for value in capaian if value is not None) == HUNDRED
    (line,) = [line for line in table.lines if line.node.code == CUMULATIVE]
    years = year - 2023
    assert line.kinerja.before == 4 * (years - 1)
    assert line.kinerja.to_date == 4 * years
    assert line.kinerja.renstra_capaian == D(4 * years) * 100 / 12
    (level,) = [line for line in table.lines if line.node.code == "1.06.01.2.01.01"]
    assert (level.kinerja.before, level.kinerja.to_date, level.kinerja.renstra_capaian) == (
        D("8"),
        D("8"),
        HUNDRED,
    )


def test_evaluasi_workbook_and_pdf(on_target):
    document = build_document(kind=ReportKind.EVALUASI_RENJA, organisation=on_target, year=2026)
    (sheet,) = [Sheet(ws) for ws in open_workbook(write_file(document, FileFormat.XLSX))]
    renstra = sheet.column("(14)")
    rows = [row for row in sheet.data_rows() if sheet.value(row, "(4)")]
    values = [sheet.sheet.cell(row=row, column=renstra).value for row in rows]
    numbers = [two_places(value) for value in values if isinstance(value, int | float)]
    assert len(numbers) > 60 and max(numbers) == HUNDRED
    row = sheet.row_of(CUMULATIVE)
    assert (sheet.value(row, "(6)"), sheet.value(row, "(13)"), sheet.value(row, "(14)")) == (
        8,
        12,
        100,
    )
    notes = [
        sheet.sheet.cell(row=r, column=1).value or "" for r in range(1, sheet.sheet.max_row + 1)
    ]
    assert any(f"Indikator kumulatif: {CUMULATIVE}." in note for note in notes)

    content = write_file(document, FileFormat.PDF)
    # The K table (printed apart from the Rp table) is the one with the unit column (15).
    kinerja = [(numbers, row) for numbers, row in numbered_rows(content) if "(15)" in numbers]
    numbers = kinerja[0][0]
    to_date, capaian = numbers.index("(13)"), numbers.index("(14)")
    body = [row for _numbers, row in kinerja if row[0].startswith("1.06")]
    printed = [row[capaian] for row in body if row[capaian] not in ("", "-")]
    assert len(printed) > 60
    assert max(D(value.replace(".", "").replace(",", ".")) for value in printed) == HUNDRED
    (line,) = [row for row in body if row[0] == CUMULATIVE]
    assert (line[to_date], line[capaian]) == ("12", "100,00")
    assert f"Indikator kumulatif: {CUMULATIVE}." in " ".join(page_texts(content))


def test_lkjip_renstra_to_date(on_target):
    period = on_target.periods.get(start_year=2024)
    tables = selectors.lkjip_tables(period=period, year=2026)
    capaian = [item.progress.capaian for item in tables.measured]
    assert all(value <= HUNDRED for value in capaian if value is not None)
    assert HUNDRED in capaian

    document = build_document(kind=ReportKind.LKJIP, organisation=on_target, year=2026)
    workbook = open_workbook(write_file(document, FileFormat.XLSX))
    sheet = Sheet(workbook["Perbandingan Realisasi Kinerja"])
    last = sheet.sheet.cell(row=sheet.numbers_row, column=sheet.sheet.max_column).value
    values = [sheet.value(row, last) for row in sheet.data_rows()]
    assert max(two_places(v) for v in values if isinstance(v, int | float)) == HUNDRED

    rows = table_rows(write_file(document, FileFormat.PDF))
    column = numbered_column(rows, last)
    printed = [
        row[column]
        for row in rows
        if len(row) > column and row[0].isdigit() and row[column] not in ("", "-")
    ]
    assert printed and max(D(v.replace(".", "").replace(",", ".")) for v in printed) == HUNDRED


def test_indicator_page_shows_the_rule(client, on_target, django_user_model):
    user = django_user_model.objects.create_user("perencana", password="x")
    Membership.objects.create(user=user, organisation=on_target, role=Role.PLANNER)
    client.force_login(user)
    indicator = Indicator.objects.get(node__code=CUMULATIVE, node__period__start_year=2024)
    response = client.get(reverse("dashboard:indicator", args=[indicator.pk]))
    assert "Kumulatif (target akhir = jumlah target tahunan)" in response.content.decode()


@pytest.mark.django_db
def test_rule_and_previous_indicator_editable_in_the_admin(client):
    indicator = IndicatorFactory()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:cascading_indicator_change", args=[indicator.pk]))
    content = page.content.decode()
    assert 'name="period_rule"' in content and 'name="previous"' in content
    assert "Tingkat (target akhir = tingkat yang dicapai)" in content
