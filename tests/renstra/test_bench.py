"""The benchmark command on a small city, without the load run, so it keeps working."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from budgeting.models import BudgetRealisation
from cascading.models import Realisation
from renstra.bench import PREFIX
from renstra.models import Organisation

pytestmark = pytest.mark.django_db


def bench_rows() -> tuple[int, int, int]:
    return (
        Organisation.objects.filter(code__startswith=PREFIX).count(),
        Realisation.objects.filter(
            indicator__node__organisation__code__startswith=PREFIX, year__gte=2024
        ).count(),
        BudgetRealisation.objects.filter(node__organisation__code__startswith=PREFIX).count(),
    )


def test_bench_measures_every_page_at_one_and_at_n_offices_then_cleans_up(seeded_plan):
    out = StringIO()
    call_command("bench", offices=2, quick=True, stdout=out)
    text = out.getvalue()
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    pages = {row.split(" | ")[0].removeprefix("| ") for row in rows[1:]}
    assert {"Dasbor", "Isi realisasi", "Verifikasi", "API pohon"} <= pages
    assert any(page.startswith("Laporan") and page.endswith("(pdf)") for page in pages)
    for row in rows[1:]:
        _label, alone, two, *_times = row.strip("| ").split(" | ")
        assert int(alone) > 0 and int(alone) == int(two), row
    assert "Query sama pada 1 dan 2: ya." in text
    assert "Uji beban" not in text

    offices, realisations, budget = bench_rows()
    # 2024-2026, four quarters, for every indicator and sub kegiatan of each office.
    assert offices == 2 and realisations > 0 and budget > 0
    assert realisations % (2 * 12) == 0 and budget % (2 * 12) == 0
    before = Realisation.history.count()

    call_command("bench", clean=True, stdout=StringIO())
    assert bench_rows() == (0, 0, 0)
    assert Realisation.history.count() < before
    assert Organisation.objects.filter(pk=seeded_plan.pk).exists()


def test_bench_refuses_production_settings_without_force(monkeypatch):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "renstra.settings.production")
    with pytest.raises(CommandError, match="produksi"):
        call_command("bench", offices=1, quick=True, stdout=StringIO())
