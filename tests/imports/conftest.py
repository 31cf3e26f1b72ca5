"""Workbook builders and the entry tests' office (two units, a user per role)."""

import io

import pytest
from openpyxl import Workbook

from budgeting.models import BudgetRealisation, Pagu, StatedPagu
from cascading.models import Indicator, IndicatorTarget, PlanNode, Realisation
from tests.entry.conftest import office  # noqa: F401 - the fixture, shared

REALISATION_HEADERS = ["Kode", "Indikator", "Tahun", "Triwulan", "Realisasi", "Catatan"]
BUDGET_HEADERS = ["Kode", "Tahun", "Triwulan", "Realisasi Anggaran"]


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    """A workbook of the given sheets: title -> rows (the first row is the header)."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def realisation_book(*rows, budget=None) -> bytes:
    sheets = {"Realisasi": [REALISATION_HEADERS, *rows]}
    if budget is not None:
        sheets["Realisasi Anggaran"] = [BUDGET_HEADERS, *budget]
    return xlsx(sheets)


def snapshot() -> dict:
    """Every row an import may write, with its audit history, to compare before and after."""
    return {
        model.__name__: sorted(map(repr, model.objects.values_list()))
        for model in (
            Realisation,
            Realisation.history.model,
            BudgetRealisation,
            BudgetRealisation.history.model,
            PlanNode,
            Indicator,
            IndicatorTarget,
            Pagu,
            StatedPagu,
        )
    }


@pytest.fixture(autouse=True)
def _pending_dir(settings, tmp_path):
    settings.RENSTRA_IMPORT_DIR = tmp_path / "impor"
