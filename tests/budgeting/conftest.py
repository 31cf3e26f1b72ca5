"""Account-level DPA/DPPA and realisation files for the seeded plan, built as SIPD-RI exports."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from budgeting.imports import import_file
from cascading.choices import Level
from cascading.models import PlanNode
from renstra.imports.workbook import write_workbook
from renstra.models import Membership, Role

# Accounts (kode rekening belanja) and the share of the sub kegiatan's budget each gets.
ACCOUNTS = (
    ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor", "0.25"),
    ("5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat", "0.35"),
    ("5.1.02.04.01.0001", "Belanja Perjalanan Dinas Biasa", "0.40"),
)
SIPD_HEADERS = ["Kode Sub Kegiatan", "Nama Sub Kegiatan", "Kode Rekening", "Uraian", "Pagu"]
SIPD_REALISATION_HEADERS = [*SIPD_HEADERS, "Realisasi"]
CENT = Decimal("0.01")


def sipd_code(code: str) -> str:
    """SIPD's 4-digit sub kegiatan segment: `1.06.01.2.01.01` -> `1.06.01.2.01.0001`."""
    head, _dot, last = code.rpartition(".")
    return f"{head}.{last.zfill(4)}"


def sub_kegiatan(organisation):
    return list(
        PlanNode.objects.filter(
            organisation=organisation, period__start_year=2024, level=Level.SUB_KEGIATAN
        ).order_by("code_key")
    )


def dpa_amount(index: int) -> Decimal:
    """A made-up DPA figure per sub kegiatan: 10.000.000 + index x 1.000.000."""
    return Decimal(10_000_000 + index * 1_000_000).quantize(CENT)


def account_rows(nodes, amount_of, *, realised_of=None):
    """One row per sub kegiatan and account, the amounts split by ACCOUNTS' shares."""
    rows = []
    for index, node in enumerate(nodes):
        total = amount_of(index)
        spent = realised_of(index) if realised_of else None
        shares = [Decimal(share) for _c, _n, share in ACCOUNTS]
        parts = [(total * share).quantize(CENT) for share in shares]
        parts[-1] = total - sum(parts[:-1])
        spent_parts = None
        if spent is not None:
            spent_parts = [(spent * share).quantize(CENT) for share in shares]
            spent_parts[-1] = spent - sum(spent_parts[:-1])
        for position, (account, name, _share) in enumerate(ACCOUNTS):
            row = [sipd_code(node.code), node.name, account, name, parts[position]]
            if spent_parts is not None:
                row.append(spent_parts[position])
            rows.append(row)
    return rows


def xlsx(headers, rows) -> bytes:
    return write_workbook([("Data", headers, rows)])


def as_csv(headers, rows, delimiter=";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            [str(value).replace(".", ",") if isinstance(value, Decimal) else value for value in row]
        )
    return out.getvalue().encode("utf-8")


@pytest.fixture
def planner(seeded_plan):
    user = get_user_model().objects.create_user("perencana-anggaran", password="x")
    Membership.objects.create(user=user, role=Role.PLANNER, organisation=seeded_plan)
    return user


@pytest.fixture
def nodes(seeded_plan):
    return sub_kegiatan(seeded_plan)


@pytest.fixture
def load(seeded_plan, planner):
    """Import bytes into the seeded office: load(kind, data, as_of=..., year=2025, ...)."""

    def run(
        kind,
        data,
        *,
        file_name="berkas.xlsx",
        year=2025,
        as_of=None,
        user=planner,
        columns=None,
        dry_run=False,
        organisation=seeded_plan,
    ):
        return import_file(
            user=user,
            dry_run=dry_run,
            organisation=organisation,
            year=year,
            kind=kind,
            data=data,
            file_name=file_name,
            columns=columns,
            as_of=as_of,
        )

    return run


@pytest.fixture
def dpa_2025(nodes, load):
    plan = load("dpa", xlsx(SIPD_HEADERS, account_rows(nodes, dpa_amount)), file_name="dpa.xlsx")
    assert plan.ok, plan.errors
    return plan


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)
