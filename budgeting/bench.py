"""Import timings for `manage.py bench --imports` (docs/benchmarks.md): a bench office's DPA and
realisation files, account-level as SIPD-RI exports them, previewed and applied."""

import datetime
import time
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cascading.choices import Level
from cascading.models import PlanNode
from renstra.imports.workbook import write_workbook

from .imports import import_file
from .models import BudgetRealisation

HEADERS = ["Kode Sub Kegiatan", "Kode Rekening", "Uraian", "Pagu", "Realisasi"]
YEAR = 2026


@dataclass(frozen=True)
class ImportTiming:
    label: str
    rows: int
    seconds: float
    queries: int
    phases: dict[str, float]


def _sipd(code: str) -> str:
    head, _dot, last = code.rpartition(".")
    return f"{head}.{last.zfill(4)}"


def account_file(nodes: list[PlanNode], rows: int) -> bytes:
    """`rows` account lines spread over the sub kegiatan, each account Rp 1.000.000 in the DPA
    and Rp 250.000 spent."""
    lines = []
    for number in range(rows):
        node = nodes[number % len(nodes)]
        account = f"5.1.02.{number // len(nodes) // 1000 + 1:02d}.01.{number // len(nodes):04d}"
        lines.append(
            [
                _sipd(node.code),
                account,
                f"Rekening {account}",
                Decimal("1000000.00"),
                Decimal("250000.00"),
            ]
        )
    return write_workbook([("Data", HEADERS, lines)])


def _timed(label: str, rows: int, **arguments) -> ImportTiming:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        plan = import_file(**arguments)
        seconds = time.perf_counter() - started
    if not plan.ok:
        raise RuntimeError("; ".join(str(error) for error in plan.errors[:5]))
    return ImportTiming(label, rows, seconds, len(captured), plan.seconds)


def measure(organisation, user) -> list[ImportTiming]:
    """Preview and apply a 9.999-line DPA (10.000 rows with the header, the upload limit), then
    1.000 and 9.999 realisation lines, for one bench office; the bench's own spending of the
    year is removed first so the files start it."""
    nodes = list(
        PlanNode.objects.filter(
            organisation=organisation, level=Level.SUB_KEGIATAN, period__status="active"
        ).order_by("code_key")
    )
    BudgetRealisation.objects.filter(node__in=nodes, year=YEAR).delete()
    large = account_file(nodes, 9_999)
    small = account_file(nodes, 1_000)
    common = {"user": user, "organisation": organisation, "year": YEAR}
    june = datetime.date(YEAR, 6, 30)
    september = datetime.date(YEAR, 9, 30)
    return [
        _timed(
            "DPA pratinjau",
            9_999,
            kind="dpa",
            data=large,
            file_name="dpa.xlsx",
            dry_run=True,
            **common,
        ),
        _timed("DPA simpan", 9_999, kind="dpa", data=large, file_name="dpa.xlsx", **common),
        _timed(
            "Realisasi pratinjau",
            1_000,
            kind="realisasi",
            data=small,
            file_name="r1000.xlsx",
            as_of=june,
            dry_run=True,
            **common,
        ),
        _timed(
            "Realisasi simpan",
            1_000,
            kind="realisasi",
            data=small,
            file_name="r1000.xlsx",
            as_of=june,
            **common,
        ),
        _timed(
            "Realisasi pratinjau",
            9_999,
            kind="realisasi",
            data=large,
            file_name="r9999.xlsx",
            as_of=september,
            dry_run=True,
            **common,
        ),
        _timed(
            "Realisasi simpan",
            9_999,
            kind="realisasi",
            data=large,
            file_name="r9999.xlsx",
            as_of=september,
            **common,
        ),
    ]
