"""Whatever a sheet holds, an import answers with accepted rows or Indonesian refusals naming
sheet, row and column: never an exception, and never a partial change."""

import io
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from renstra.imports import cells
from renstra.imports.plan import import_plan
from renstra.imports.services import import_realisations
from renstra.numbers import parse_decimal
from tests.imports.conftest import BUDGET_HEADERS, REALISATION_HEADERS, snapshot

pytestmark = pytest.mark.django_db

# Text a cell may hold (control characters cannot be written to an .xlsx at all).
text = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30)
number = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25),
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(
        allow_nan=False, allow_infinity=False, places=6, max_value=10**20, min_value=-(10**20)
    ),
)
written_number = st.sampled_from(
    [
        "1.234,5",
        "1234.5",
        "21.955",
        "35 Orang",
        "3,5%",
        "-3",
        "0",
        "1e5",
        "Rp 1.000,00",
        "BB Indeks",
    ]
)
codes = st.sampled_from(
    [
        "1.06.02.2.03.01",
        "1.06.02.2.03.0001",
        "1.06.02",
        "1.06.02.2.03",
        "1.06.99.2.01.01",
        "T1",
        "..",
        "x",
    ]
)
quarters = st.one_of(
    st.integers(min_value=-1, max_value=6), st.sampled_from(["I", "IV", "TW 2", "V"])
)
years = st.one_of(
    st.integers(min_value=2022, max_value=2028), st.sampled_from(["2024", "dua ribu"])
)
cell = st.one_of(st.none(), text, number, written_number, st.booleans())


def book(sheets) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


realisation_rows = st.lists(
    st.tuples(
        st.one_of(codes, cell),
        cell,
        st.one_of(years, cell),
        st.one_of(quarters, cell),
        st.one_of(written_number, cell),
        cell,
    ),
    max_size=6,
)
budget_rows = st.lists(
    st.tuples(st.one_of(codes, cell), years, quarters, st.one_of(written_number, number, cell)),
    max_size=4,
)


def assert_answered(preview, before) -> None:
    if preview.ok:
        assert preview.applied
        return
    assert not preview.applied
    assert snapshot() == before
    for error in preview.errors:
        assert error.message
        if error.row is None:
            # Only a sheet without any data row is refused as a whole.
            assert error.message == "Tidak ada baris isian di bawah baris judul kolom."
        else:
            assert error.sheet and error.column, str(error)
            assert str(error).startswith(f"Sheet {error.sheet}, baris {error.row}, kolom ")


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=realisation_rows,
    budget=budget_rows,
    user=st.sampled_from(["operator_a", "operator_b", "planner"]),
)
def test_random_realisation_rows_never_raise(office, rows, budget, user):
    data = book(
        {"Realisasi": [REALISATION_HEADERS, *rows], "Realisasi Anggaran": [BUDGET_HEADERS, *budget]}
    )
    with transaction.atomic():
        before = snapshot()
        preview = import_realisations(
            user=office.users[user],
            organisation=office.organisation,
            data=data,
            file_name="acak.xlsx",
            commit=True,
        )
        assert_answered(preview, before)
        transaction.set_rollback(True)


PLAN_HEADER = [
    "Tingkat",
    "Kode",
    "Kode Induk",
    "Nama",
    "Indikator",
    "Satuan",
    "Target 2024",
    "Pagu 2024",
    "Unit",
    "Jenis Nilai",
    "IKU",
]
plan_rows = st.lists(
    st.tuples(
        st.one_of(
            st.sampled_from(["Program", "Kegiatan", "Sub Kegiatan", "Sasaran", "Tujuan"]), cell
        ),
        st.one_of(codes, cell),
        st.one_of(codes, cell),
        cell,
        cell,
        cell,
        st.one_of(written_number, cell),
        st.one_of(written_number, number, cell),
        st.one_of(st.sampled_from(["Bidang A", "Bidang B"]), cell),
        st.one_of(st.sampled_from(["Persentase", "Angka", "ordinal"]), cell),
        cell,
    ),
    max_size=6,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=plan_rows)
def test_random_plan_rows_never_raise(office, rows):
    data = book({"Rencana": [PLAN_HEADER, *rows]})
    with transaction.atomic():
        before = snapshot()
        preview = import_plan(
            user=office.users["planner"],
            period=office.sub.period,
            data=data,
            file_name="acak.xlsx",
            commit=True,
        )
        assert_answered(preview, before)
        transaction.set_rollback(True)


@given(
    st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.decimals(allow_nan=False, allow_infinity=False),
        st.integers(),
    )
)
def test_a_number_cell_reads_back_as_the_same_number(value):
    assert parse_decimal(cells.text(value)) == Decimal(
        repr(value) if isinstance(value, float) else value
    )
