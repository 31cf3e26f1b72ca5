"""The plan sheet: the seeded plan exported and imported into an empty office is the same plan;
bad rows are refused by sheet, row and column and change nothing."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from budgeting.models import Pagu, StatedPagu
from cascading.choices import Level
from cascading.models import Indicator, IndicatorTarget, PlanNode
from renstra.imports.plan import import_plan, plan_headers, plan_workbook
from renstra.imports.preview import Action
from renstra.models import Role, Unit
from tests.entry.conftest import member
from tests.factories import OrganisationFactory, PeriodFactory
from tests.imports.conftest import snapshot, xlsx

pytestmark = pytest.mark.django_db


def plan_state(period) -> dict:
    """The plan of a period without database ids: what a round trip must keep."""
    nodes = PlanNode.objects.filter(period=period)
    indicators = Indicator.objects.filter(node__period=period)
    return {
        "nodes": sorted(
            nodes.values_list(
                "level", "code", "parent__code", "name", "sasaran", "unit__code", "unit_label"
            )
        ),
        "indicators": sorted(
            indicators.values_list(
                "node__code",
                "order",
                "name",
                "satuan",
                "value_kind",
                "polarity",
                "aggregation",
                "baseline_text",
                "baseline_value",
                "final_target_text",
                "final_target_value",
                "is_iku",
                "is_ikk",
                "formula",
                "definition",
            )
        ),
        "targets": sorted(
            IndicatorTarget.objects.filter(indicator__node__period=period).values_list(
                "indicator__node__code", "indicator__order", "year", "text", "value", "grade"
            )
        ),
        "pagu": sorted(
            Pagu.objects.filter(node__period=period).values_list(
                "node__code", "year", "source__code", "amount"
            )
        ),
        "stated_pagu": sorted(
            StatedPagu.objects.filter(node__period=period).values_list(
                "node__code", "year", "amount"
            ),
            key=repr,
        ),
    }


@pytest.fixture
def plan_period(seeded_plan):
    return seeded_plan.periods.get(start_year=2024)


@pytest.fixture
def empty_office(seeded_plan):
    """A new office with the same units and an empty 2024-2026 period, and its planner."""
    organisation = OrganisationFactory(code="dinsos-baru")
    for unit in seeded_plan.units.filter(parent__isnull=True):
        Unit.objects.create(
            organisation=organisation,
            code=unit.code,
            name=unit.name,
            kind=unit.kind,
            order=unit.order,
        )
    period = PeriodFactory(organisation=organisation, start_year=2024, end_year=2026)
    planner = member("perencana-baru", Role.PLANNER, organisation)
    return period, planner


def test_the_seeded_plan_survives_a_round_trip_into_an_empty_office(plan_period, empty_office):
    period, planner = empty_office
    data = plan_workbook(plan_period)
    preview = import_plan(user=planner, period=period, data=data, file_name="r.xlsx", commit=False)
    assert preview.ok, [str(error) for error in preview.errors]
    assert preview.counts[Action.NEW] == len(preview.rows) == 72
    assert not PlanNode.objects.filter(period=period).exists()

    applied = import_plan(user=planner, period=period, data=data, file_name="r.xlsx", commit=True)
    assert applied.applied
    original, copy = plan_state(plan_period), plan_state(period)
    assert copy == original
    assert len(copy["nodes"]) == 72
    assert len(copy["targets"]) == 71 * 3
    assert sum(amount for *_key, amount in copy["pagu"]) == Decimal("28089819333.00")


def test_importing_the_export_again_changes_nothing(plan_period, seeded_plan):
    planner = member("perencana-dinsos", Role.PLANNER, seeded_plan)
    before = snapshot()
    preview = import_plan(
        user=planner,
        period=plan_period,
        data=plan_workbook(plan_period),
        file_name="r.xlsx",
        commit=True,
    )
    assert preview.ok
    assert preview.counts[Action.UNCHANGED] == 72
    assert not preview.has_changes
    assert snapshot() == before


def test_the_export_has_the_import_columns_and_the_documents_text(plan_period):
    sheet = load_workbook(io.BytesIO(plan_workbook(plan_period))).active
    rows = list(sheet.values)
    assert sheet.title == "Rencana"
    assert list(rows[0]) == plan_headers([2024, 2025, 2026])
    header = rows[0]
    sub = next(row for row in rows if row[1] == "1.06.01.2.01.01")
    assert sub[header.index("Tingkat")] == "Sub Kegiatan"
    assert sub[header.index("Kode Induk")] == "1.06.01.2.01"
    sakip = next(row for row in rows if row[1] == "1.06.01")
    assert sakip[header.index("Target 2024")] == "BB Indeks"
    assert sakip[header.index("Pagu 2024")] == Decimal("6879188261.00")


def test_a_changed_target_and_pagu_show_old_and_new(plan_period, seeded_plan):
    planner = member("perencana-dinsos", Role.PLANNER, seeded_plan)
    book = load_workbook(io.BytesIO(plan_workbook(plan_period)))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    row = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "1.06.01.2.01.01")
    row[header.index("Target 2025")].value = "4 Dokumen"
    row[header.index("Pagu 2025")].value = "Rp 1.000.000,00"
    buffer = io.BytesIO()
    book.save(buffer)
    preview = import_plan(
        user=planner, period=plan_period, data=buffer.getvalue(), file_name="r.xlsx", commit=True
    )
    assert preview.applied
    changed = [row for row in preview.rows if row.action == Action.CHANGED]
    assert len(changed) == 1
    changes = {label: (old, new) for label, old, new in changed[0].changes}
    assert changes["Target 2025"][1] == "4 Dokumen"
    assert changes["Pagu 2025"] == ("20.369.417,00", "1.000.000,00")
    target = IndicatorTarget.objects.get(
        indicator__node__period=plan_period, indicator__node__code="1.06.01.2.01.01", year=2025
    )
    assert (target.text, target.value) == ("4 Dokumen", Decimal("4"))
    assert Pagu.objects.get(node=target.indicator.node, year=2025).amount == Decimal("1000000")


PLAN_HEADER = [
    "Tingkat",
    "Kode",
    "Kode Induk",
    "Nama",
    "Indikator",
    "Satuan",
    "Target 2024",
    "Pagu 2024",
]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            ["Kegiatan", "1.06.09.2.01", "1.06.09", "Kegiatan baru", "", "", "", ""],
            "Kode Induk",
            "kode induk '1.06.09' tidak ada",
        ),
        (
            ["Kegiatan", "1.06.01.2.01.01", "1.06.01.2.01", "Salah tingkat", "", "", "", ""],
            "Kode",
            "tidak sesuai tingkat Kegiatan",
        ),
        (
            ["Program", "1.06.09", "1.06.01", "Program di bawah program", "", "", "", ""],
            "Kode Induk",
            "1.06.01 adalah Program; induk Program harus Sasaran",
        ),
        (
            [
                "Sub Kegiatan",
                "1.06.01.2.01.09",
                "",
                "Sub baru",
                "Jumlah",
                "Dokumen",
                "1",
                "satu juta",
            ],
            "Pagu 2024",
            "'satu juta' bukan nilai rupiah",
        ),
        (
            ["Sub Kegiatan", "1.06.01.2.01.09", "", "Sub baru", "Jumlah", "Dokumen", "banyak", ""],
            "Target 2024",
            "'banyak' tidak dapat dibaca",
        ),
        (
            ["Bab", "1.06.01.2.01.09", "", "Sub baru", "", "", "", ""],
            "Tingkat",
            "'Bab' bukan tingkat",
        ),
    ],
)
def test_bad_plan_rows_are_refused_and_change_nothing(
    plan_period, seeded_plan, row, column, message
):
    planner = member("perencana-dinsos", Role.PLANNER, seeded_plan)
    data = xlsx({"Rencana": [PLAN_HEADER, row]})
    before = snapshot()
    preview = import_plan(
        user=planner, period=plan_period, data=data, file_name="r.xlsx", commit=True
    )
    assert not preview.applied
    texts = [str(error) for error in preview.errors]
    assert any(
        text.startswith(f"Sheet Rencana, baris 2, kolom {column}: ") and message in text
        for text in texts
    ), texts
    assert snapshot() == before


def test_a_plan_row_given_a_sub_bagian_is_refused_naming_its_sekretariat(plan_period, seeded_plan):
    """A Sub Bagian owns no indicators: it carries out kegiatan of the Sekretariat instead."""
    planner = member("perencana-dinsos", Role.PLANNER, seeded_plan)
    header = ["Tingkat", "Kode", "Kode Induk", "Nama", "Indikator", "Satuan", "Unit"]
    row = ["Sub Kegiatan", "1.06.01.2.01.09", "", "Sub baru", "Jumlah", "Dokumen"]
    row.append("Sub Bagian Keuangan dan Aset")
    before = snapshot()
    preview = import_plan(
        user=planner,
        period=plan_period,
        data=xlsx({"Rencana": [header, row]}),
        file_name="r.xlsx",
        commit=True,
    )
    assert not preview.applied
    assert [str(error) for error in preview.errors] == [
        "Sheet Rencana, baris 2, kolom Unit: 'Sub Bagian Keuangan dan Aset' adalah "
        "subbagian/seksi, yang tidak memiliki indikator rencana; isi sekretariat atau bidang "
        "yang membawahinya (Sekretariat)."
    ]
    assert snapshot() == before


def test_a_year_outside_the_period_is_refused(plan_period, seeded_plan):
    planner = member("perencana-dinsos", Role.PLANNER, seeded_plan)
    data = xlsx(
        {
            "Rencana": [
                [*PLAN_HEADER, "Target 2027"],
                ["Tujuan", "T9", "", "Tujuan", "", "", "", "", ""],
            ]
        }
    )
    preview = import_plan(
        user=planner, period=plan_period, data=data, file_name="r.xlsx", commit=False
    )
    assert [str(error) for error in preview.errors] == [
        f"Sheet Rencana, baris 1, kolom Target 2027: tahun 2027 di luar periode {plan_period}."
    ]


def test_a_new_sub_kegiatan_with_a_four_digit_code_joins_its_kegiatan(plan_period, seeded_plan):
    planner = member("perencana-dinsos", Role.PLANNER, seeded_plan)
    data = xlsx(
        {
            "Rencana": [
                PLAN_HEADER,
                [
                    "Sub Kegiatan",
                    "1.06.01.2.01.0009",
                    "",
                    "Sub baru",
                    "Jumlah laporan",
                    "Laporan",
                    "12 Laporan",
                    "Rp 5.000.000,00",
                ],
            ]
        }
    )
    preview = import_plan(
        user=planner, period=plan_period, data=data, file_name="r.xlsx", commit=True
    )
    assert preview.applied, [str(error) for error in preview.errors]
    node = PlanNode.objects.get(period=plan_period, code="1.06.01.2.01.0009")
    assert node.parent.code == "1.06.01.2.01"
    assert node.level == Level.SUB_KEGIATAN
    indicator = node.indicators.get()
    assert indicator.targets.get(year=2024).value == Decimal("12")
    assert node.pagu.get(year=2024).amount == Decimal("5000000.00")


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.HEAD, Role.REVIEWER])
def test_only_planners_and_administrators_import_a_plan(plan_period, seeded_plan, role):
    unit = seeded_plan.units.first() if role == Role.OPERATOR else None
    user = member(f"pengguna-{role}", role, seeded_plan, unit)
    with pytest.raises(PermissionDenied):
        import_plan(
            user=user,
            period=plan_period,
            data=plan_workbook(plan_period),
            file_name="r.xlsx",
            commit=False,
        )


def test_a_tujuan_given_a_malformed_parent_on_two_rows_is_refused_at_the_row(
    plan_period, seeded_plan
):
    planner = member("perencana-dinsos", Role.PLANNER, seeded_plan)
    row = ["Tujuan", "T9", "..", "Tujuan baru", "", "", "", ""]
    before = snapshot()
    preview = import_plan(
        user=planner,
        period=plan_period,
        data=xlsx({"Rencana": [PLAN_HEADER, row, row]}),
        file_name="r.xlsx",
        commit=True,
    )
    assert not preview.applied
    texts = [str(error) for error in preview.errors]
    assert "Sheet Rencana, baris 3, kolom Kode Induk: Tujuan tidak memiliki induk" in "\n".join(
        texts
    ), texts
    assert snapshot() == before
