"""Importing realisations and budget realisations: preview, apply, and every refusal named by
sheet, row and column with nothing changed."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from budgeting.models import BudgetRealisation
from budgeting.services import save_budget_realisation
from cascading import workflow
from cascading.choices import Status
from cascading.models import Realisation
from cascading.services import save_realisation
from renstra.imports.preview import Action
from renstra.imports.services import import_realisations
from renstra.models import Role
from renstra.services import lock_period
from tests.entry.conftest import member
from tests.imports.conftest import (
    BUDGET_HEADERS,
    REALISATION_HEADERS,
    realisation_book,
    snapshot,
    xlsx,
)

pytestmark = pytest.mark.django_db


def run(
    office, data, *, user="operator_a", commit=True, status=Status.DRAFT, name="isi.xlsx", **kw
):
    return import_realisations(
        user=office.users[user] if isinstance(user, str) else user,
        organisation=office.organisation,
        data=data,
        file_name=name,
        status=status,
        commit=commit,
        **kw,
    )


def errors_of(preview) -> list[str]:
    return [str(error) for error in preview.errors]


def row(office, value, quarter=1, note="", code=None, name=None):
    return [
        code or office.sub.code,
        office.indicator.name if name is None else name,
        2024,
        quarter,
        value,
        note,
    ]


def test_preview_shows_new_changed_and_unchanged_with_old_and_new_values(office):
    operator = office.users["operator_a"]
    save_realisation(user=operator, indicator=office.indicator, year=2024, quarter=1, value="10")
    save_realisation(user=operator, indicator=office.indicator, year=2024, quarter=2, value="20")
    data = realisation_book(
        row(office, 10, quarter=1),
        row(office, "25", quarter=2, note="naik"),
        row(office, "30 Orang", quarter=3),
        budget=[[office.sub.code, 2024, 1, "Rp 250.000,00"]],
    )
    before = snapshot()
    preview = run(office, data, commit=False)
    assert preview.ok, errors_of(preview)
    assert snapshot() == before
    actions = [(item.sheet, item.row, item.action) for item in preview.rows]
    assert actions == [
        ("Realisasi", 2, Action.UNCHANGED),
        ("Realisasi", 3, Action.CHANGED),
        ("Realisasi", 4, Action.NEW),
        ("Realisasi Anggaran", 2, Action.NEW),
    ]
    assert preview.rows[0].changes == [("Realisasi", "10", "10")]
    assert preview.rows[1].changes == [("Realisasi", "20", "25"), ("Catatan", "", "naik")]
    assert preview.rows[2].changes == [("Realisasi", "", "30"), ("Status", "", "Draf")]
    assert preview.rows[3].changes[0] == ("Realisasi Anggaran", "", "250.000,00")
    assert preview.summary() == "2 baru, 1 berubah, 1 tetap, 0 salah"


def test_apply_writes_drafts_with_the_importing_user_in_the_audit_trail(office):
    data = realisation_book(row(office, "12"), budget=[[office.sub.code, 2024, 1, 1500000]])
    preview = run(office, data, name="tw1.xlsx")
    assert preview.applied
    record = Realisation.objects.get(indicator=office.indicator, year=2024, quarter=1)
    assert (record.value, record.status) == (Decimal("12"), Status.DRAFT)
    operator = office.users["operator_a"]
    assert record.created_by == operator
    entry = record.history.get()
    assert entry.history_user == operator
    assert entry.history_change_reason == "Impor Excel: tw1.xlsx"
    money = BudgetRealisation.objects.get(node=office.sub, year=2024, quarter=1)
    assert money.amount == Decimal("1500000.00")
    assert money.history.get().history_user == operator


def test_apply_as_submitted_submits_every_imported_row(office):
    operator = office.users["operator_a"]
    save_realisation(user=operator, indicator=office.indicator, year=2024, quarter=2, value="7")
    preview = run(
        office, realisation_book(row(office, 5), row(office, 7, quarter=2)), status=Status.SUBMITTED
    )
    assert preview.applied
    statuses = dict(
        Realisation.objects.filter(indicator=office.indicator).values_list("quarter", "status")
    )
    assert statuses == {1: Status.SUBMITTED, 2: Status.SUBMITTED}
    assert preview.rows[1].action == Action.CHANGED
    assert preview.rows[1].changes == [("Status", "Draf", "Diajukan")]
    history = Realisation.objects.get(quarter=2).history.order_by("history_date")
    assert [entry.status for entry in history] == [Status.DRAFT, Status.SUBMITTED]
    assert history.last().history_user == operator


def test_verified_is_refused_to_anyone_but_an_administrator(office):
    data = realisation_book(row(office, 5))
    before = snapshot()
    for role in ("planner", "operator_a", "head"):
        with pytest.raises(PermissionDenied):
            run(office, data, user=role, status=Status.VERIFIED)
    assert snapshot() == before


def test_an_administrator_loads_verified_figures_with_an_audit_note(office):
    admin = office.users["admin"]
    preview = run(
        office,
        realisation_book(row(office, 5)),
        user="admin",
        status=Status.VERIFIED,
        name="bpk.xlsx",
    )
    assert preview.applied, errors_of(preview)
    record = Realisation.objects.get(indicator=office.indicator)
    assert (record.status, record.verified_by, record.created_by) == (Status.VERIFIED, admin, admin)
    last = record.history.order_by("history_date").last()
    assert last.history_user == admin
    assert last.history_change_reason.startswith("Diverifikasi administrator lewat impor")
    assert "bpk.xlsx" in last.history_change_reason


def test_workflow_verify_still_refuses_an_administrators_own_entry(office):
    admin = office.users["admin"]
    run(office, realisation_book(row(office, 5)), user="admin", status=Status.SUBMITTED)
    record = Realisation.objects.get(indicator=office.indicator)
    with pytest.raises(PermissionDenied, match="verifikasi harus dilakukan orang lain"):
        workflow.verify(user=admin, records=[record])


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1.234,5", Decimal("1234.5")),
        ("1234.5", Decimal("1234.5")),
        ("21.955", Decimal("21955")),
        ("35 Orang", Decimal("35")),
        ("35 orang", Decimal("35")),
        (" 40 ", Decimal("40")),
        (12.25, Decimal("12.25")),
        (7, Decimal("7")),
    ],
)
def test_numbers_in_indonesian_and_plain_notation(office, written, expected):
    preview = run(office, realisation_book(row(office, written)))
    assert preview.applied, errors_of(preview)
    assert Realisation.objects.get(indicator=office.indicator).value == expected


def test_percent_signs_grades_and_quarters_written_in_words(office):
    data = realisation_book(
        [
            office.percent_indicator.node.code,
            office.percent_indicator.name,
            2024,
            "TW II",
            "3,5%",
            "",
        ],
        [
            office.grade_indicator.node.code,
            office.grade_indicator.name,
            "2024",
            "IV",
            "BB Indeks",
            "",
        ],
    )
    preview = run(office, data, user="planner")
    assert preview.applied, errors_of(preview)
    assert Realisation.objects.get(indicator=office.percent_indicator, quarter=2).value == Decimal(
        "3.5"
    )
    assert Realisation.objects.get(indicator=office.grade_indicator, quarter=4).grade == "BB"


def test_a_percentage_above_100_is_refused(office):
    indicator = office.percent_indicator
    data = realisation_book([indicator.node.code, indicator.name, 2024, 1, "400%", ""])
    preview = run(office, data, user="planner")
    assert errors_of(preview) == [
        "Sheet Realisasi, baris 2, kolom Realisasi: Persentase harus antara 0 dan 100."
    ]


def test_a_four_digit_sub_kegiatan_code_finds_the_two_digit_one(office):
    assert office.sub.code == "1.06.02.2.03.01"
    preview = run(office, realisation_book(row(office, 9, code="1.06.02.2.03.0001", name="")))
    assert preview.applied, errors_of(preview)
    assert Realisation.objects.get(indicator=office.indicator).value == Decimal("9")


def test_a_node_with_several_indicators_needs_the_indicator_name(office):
    code = office.percent_indicator.node.code
    preview = run(office, realisation_book([code, "", 2024, 1, "50", ""]), user="planner")
    assert errors_of(preview) == [
        f"Sheet Realisasi, baris 2, kolom Indikator: kode {code} memiliki 2 indikator; "
        "isi nama indikatornya."
    ]


def test_an_empty_value_skips_the_row(office):
    preview = run(office, realisation_book(row(office, None, note="belum ada data")))
    assert preview.ok
    assert preview.rows[0].action == Action.UNCHANGED
    assert "kosong" in preview.rows[0].remark
    assert not Realisation.objects.exists()


def test_identical_duplicate_rows_are_read_once(office):
    preview = run(office, realisation_book(row(office, "5"), row(office, 5)))
    assert preview.applied
    assert preview.rows[1].remark == "Sama dengan baris 2."
    assert Realisation.objects.get().value == 5


def test_unchanged_rows_pass_in_a_locked_quarter(office):
    save_realisation(
        user=office.users["operator_a"], indicator=office.indicator, year=2024, quarter=1, value="5"
    )
    lock_period(user=office.users["admin"], organisation=office.organisation, year=2024, quarter=1)
    preview = run(office, realisation_book(row(office, 5)))
    assert preview.ok
    assert preview.rows[0].action == Action.UNCHANGED


def test_a_value_changed_since_the_preview_refuses_the_whole_apply(office):
    operator = office.users["operator_a"]
    save_realisation(user=operator, indicator=office.indicator, year=2024, quarter=1, value="5")
    data = realisation_book(row(office, 6), row(office, 8, quarter=2))
    seen = run(office, data, commit=False)
    assert seen.ok
    save_realisation(
        user=office.users["planner"],
        indicator=office.indicator,
        year=2024,
        quarter=1,
        value="7",
        expected_version=1,
    )
    before = snapshot()
    applied = run(office, data, expected=seen.versions)
    assert not applied.applied
    assert errors_of(applied)[0].startswith(
        "Sheet Realisasi, baris 2, kolom Realisasi: Nilai ini sudah diubah oleh perencana"
    )
    assert snapshot() == before


def formula_book() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Realisasi"
    sheet.append(REALISATION_HEADERS)
    sheet.append(["1.06.02.2.03.01", "", 2024, 1, "=2*5", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def macro_book() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        with zipfile.ZipFile(io.BytesIO(realisation_book())) as plain:
            for item in plain.infolist():
                archive.writestr(item, plain.read(item.filename))
        archive.writestr("xl/vbaProject.bin", b"\0" * 64)
    return buffer.getvalue()


def valid_row(office):
    """A correct row, to show that one bad row in the file stops it too."""
    return row(office, 5, quarter=4)


def other_unit_row(office):
    return realisation_book(row(office, 5))


MALFORMED = {
    "not an xlsx": (
        lambda office: b"Kode;Indikator;Tahun\n1.06.02.2.03.01;x;2024\n",
        "operator_a",
        ["Berkas bukan Excel .xlsx; simpan ulang sebagai Excel Workbook (.xlsx) lalu unggah."],
    ),
    "a broken zip": (
        lambda office: b"PK\x03\x04" + b"rusak" * 20,
        "operator_a",
        ["Berkas rusak atau bukan Excel .xlsx."],
    ),
    "an empty workbook": (
        lambda office: xlsx({"Sheet1": []}),
        "operator_a",
        ["Berkas Excel kosong: tidak ada isian pada sheet mana pun."],
    ),
    "a renamed column": (
        lambda office: xlsx(
            {
                "Realisasi": [
                    ["Kode", "Indikator", "Tahun", "Triwulan", "Nilai", "Catatan"],
                    row(office, 5),
                ]
            }
        ),
        "operator_a",
        [
            "Sheet Realisasi, baris 1, kolom Realisasi: kolom tidak ditemukan (mungkin diganti "
            "nama atau dihapus); lembar Realisasi memerlukan kolom: Kode, Indikator, Tahun, "
            "Triwulan, Realisasi, Catatan."
        ],
    ),
    "a missing column": (
        lambda office: xlsx(
            {"Anggaran": [["Kode", "Tahun", "Realisasi Anggaran"], ["1.06.02.2.03.01", 2024, 5]]}
        ),
        "operator_a",
        [
            "Sheet Anggaran, baris 1, kolom Triwulan: kolom tidak ditemukan (mungkin diganti "
            "nama atau dihapus); lembar Realisasi Anggaran memerlukan kolom: Kode, Tahun, "
            "Triwulan, Realisasi Anggaran."
        ],
    ),
    "a code that does not exist": (
        lambda office: realisation_book(valid_row(office), row(office, 5, code="1.06.09.2.01.01")),
        "operator_a",
        [
            "Sheet Realisasi, baris 3, kolom Kode: kode '1.06.09.2.01.01' tidak ada pada Renstra "
            "Uji (2024-2026)."
        ],
    ),
    "an indicator of another unit": (
        other_unit_row,
        "operator_b",
        [
            "Sheet Realisasi, baris 2, kolom Indikator: Anda tidak berhak mengisi realisasi unit "
            "ini. (Bidang A)"
        ],
    ),
    "text in a number": (
        lambda office: realisation_book(valid_row(office), row(office, "sepuluh")),
        "operator_a",
        [
            "Sheet Realisasi, baris 3, kolom Realisasi: 'sepuluh' bukan angka (contoh: 1.234,5 "
            "atau 1234.5)."
        ],
    ),
    "a negative count": (
        lambda office: realisation_book(valid_row(office), row(office, "-3")),
        "operator_a",
        ["Sheet Realisasi, baris 3, kolom Realisasi: Realisasi tidak boleh negatif."],
    ),
    "a wrong unit": (
        lambda office: realisation_book(valid_row(office), row(office, "35 Keluarga")),
        "operator_a",
        [
            "Sheet Realisasi, baris 3, kolom Realisasi: Satuan 'Keluarga' tidak sesuai satuan "
            "indikator (Orang)."
        ],
    ),
    "a quarter 5": (
        lambda office: realisation_book(valid_row(office), row(office, 5, quarter=5)),
        "operator_a",
        ["Sheet Realisasi, baris 3, kolom Triwulan: Triwulan harus 1 sampai 4 (tertulis: '5')."],
    ),
    "a year outside the plan": (
        lambda office: realisation_book([office.sub.code, "", 2031, 1, 5, ""]),
        "operator_a",
        ["Sheet Realisasi, baris 2, kolom Tahun: tahun 2031 di luar periode Renstra {office}."],
    ),
    "duplicate rows with different values": (
        lambda office: realisation_book(row(office, 5), row(office, 6)),
        "operator_a",
        [
            "Sheet Realisasi, baris 3, kolom Realisasi: mengisi tahun 2024 triwulan 1 yang sama "
            "dengan baris 2 dengan nilai berbeda."
        ],
    ),
    "budget on a kegiatan": (
        lambda office: realisation_book(budget=[[office.sub.parent.code, 2024, 1, 100]]),
        "operator_a",
        [
            "Sheet Realisasi Anggaran, baris 2, kolom Kode: realisasi anggaran dicatat pada sub "
            "kegiatan; 1.06.02.2.03 adalah Kegiatan."
        ],
    ),
    "a 10 MB file": (
        lambda office: b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024),
        "operator_a",
        ["Berkas 10,0 MB melebihi batas 5,0 MB."],
    ),
    "formulas in cells": (
        lambda office: formula_book(),
        "operator_a",
        [
            "Sheet Realisasi, baris 2, kolom Realisasi: berisi rumus (=2*5); salin lalu tempel "
            "sebagai nilai."
        ],
    ),
    "macros": (
        lambda office: macro_book(),
        "operator_a",
        ["Berkas berisi makro; simpan sebagai Excel Workbook (.xlsx) tanpa makro lalu unggah."],
    ),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_malformed_files_are_refused_clearly_and_change_nothing(office, case):
    build, user, expected = MALFORMED[case]
    data = build(office)
    before = snapshot()
    preview = run(office, data, user=user)
    assert not preview.applied
    assert errors_of(preview) == [
        text.format(office=office.organisation.short_name) for text in expected
    ]
    assert snapshot() == before


def test_a_locked_quarter_is_refused_and_nothing_changes(office):
    lock_period(user=office.users["admin"], organisation=office.organisation, year=2024, quarter=2)
    before = snapshot()
    preview = run(office, realisation_book(row(office, 5, quarter=1), row(office, 6, quarter=2)))
    assert not preview.applied
    assert errors_of(preview) == [
        "Sheet Realisasi, baris 3, kolom Triwulan: Triwulan 2 tahun 2024 dikunci; data tidak "
        "dapat diubah."
    ]
    assert preview.rows[0].action == Action.NEW
    assert snapshot() == before


def test_a_submitted_value_cannot_be_overwritten(office):
    operator = office.users["operator_a"]
    record = save_realisation(
        user=operator, indicator=office.indicator, year=2024, quarter=1, value="5"
    )
    workflow.submit(user=operator, records=[record])
    before = snapshot()
    preview = run(office, realisation_book(row(office, 6)))
    assert errors_of(preview) == [
        "Sheet Realisasi, baris 2, kolom Realisasi: Realisasi berstatus 'Diajukan' tidak dapat "
        "diubah; minta verifikator mengembalikannya lebih dahulu."
    ]
    assert snapshot() == before


def test_a_macro_enabled_file_name_is_refused(office):
    preview = run(office, realisation_book(row(office, 5)), name="isi.xlsm")
    assert errors_of(preview) == [
        "Berkas berisi makro (isi.xlsm); simpan sebagai Excel Workbook (.xlsx) tanpa makro."
    ]


def test_other_sheets_are_ignored_and_listed(office):
    data = xlsx(
        {
            "Petunjuk": [["Petunjuk"], ["Isi kolom Realisasi."]],
            "Realisasi": [REALISATION_HEADERS, row(office, 5)],
        }
    )
    preview = run(office, data)
    assert preview.applied
    assert preview.ignored_sheets == ["Petunjuk"]


def test_reviewers_and_heads_may_not_import(office):
    for role in ("reviewer", "head", "nobody", "outsider"):
        with pytest.raises(PermissionDenied):
            run(office, realisation_book(row(office, 5)), user=role)


def test_a_budget_sheet_without_a_title_is_recognised_by_its_columns(office):
    data = xlsx({"Lembar1": [BUDGET_HEADERS, [office.sub.code, 2024, 2, "1.250.000,50"]]})
    preview = run(office, data)
    assert preview.applied, errors_of(preview)
    assert BudgetRealisation.objects.get().amount == Decimal("1250000.50")


def test_budget_rows_of_a_locked_quarter_and_of_submitted_values_are_refused(office):
    operator = office.users["operator_a"]
    money = save_budget_realisation(
        user=operator, node=office.sub, year=2024, quarter=3, amount="100"
    )
    workflow.submit(user=operator, records=[money])
    preview = run(office, realisation_book(budget=[[office.sub.code, 2024, 3, 200]]))
    assert [error.column for error in preview.errors] == ["Realisasi Anggaran"]
    assert "tidak dapat diubah" in errors_of(preview)[0]
    other = member("operator-lain", Role.OPERATOR, office.organisation, office.unit_b)
    refused = run(office, realisation_book(budget=[[office.sub.code, 2024, 1, 200]]), user=other)
    assert [error.column for error in refused.errors] == ["Kode"]
