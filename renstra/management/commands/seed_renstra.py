import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from budgeting.models import Pagu
from cascading.choices import Level
from cascading.models import PlanNode
from renstra.numbers import format_decimal
from renstra.seed.load import load_plan


class Command(BaseCommand):
    help = _(
        "Memuat Renstra hasil ekstraksi dokumen (fixtures/) ke basis data. Aman dijalankan "
        "ulang: tidak ada yang berubah, realisasi yang sudah diisi tidak disentuh."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixture",
            type=Path,
            default=Path(settings.SEED_FIXTURE),
            help=_("Berkas JSON hasil 'manage.py extract_seed'."),
        )
        parser.add_argument(
            "--organisation-code",
            default=None,
            help=_("Muat sebagai salinan untuk perangkat daerah lain dengan kode ini."),
        )

    def handle(self, *args, fixture: Path, organisation_code: str | None, **options):
        data = json.loads(fixture.read_text(encoding="utf-8"))
        organisation = load_plan(data, organisation_code=organisation_code)
        self.stdout.write(
            _("Renstra %(name)s dimuat (kode %(code)s).")
            % {"name": organisation.name, "code": organisation.code}
        )
        counts = (
            PlanNode.objects.filter(organisation=organisation)
            .values("period__start_year", "period__end_year", "level")
            .annotate(total=Count("id"))
            .order_by("-period__start_year", "level")
        )
        periods: dict[str, list[str]] = {}
        for row in counts:
            key = f"{row['period__start_year']}-{row['period__end_year']}"
            periods.setdefault(key, []).append(f"{row['total']} {Level(row['level']).label}")
        for key, parts in periods.items():
            self.stdout.write(
                _("Periode %(period)s: %(counts)s.") % {"period": key, "counts": ", ".join(parts)}
            )
        pagu = (
            Pagu.objects.filter(node__organisation=organisation)
            .values("year")
            .annotate(total=Sum("amount"))
            .order_by("year")
        )
        per_year = "; ".join(f"{row['year']} Rp {format_decimal(row['total'])}" for row in pagu)
        total = sum((row["total"] for row in pagu), start=0)
        self.stdout.write(
            _("Pagu sub kegiatan: %(years)s; total Rp %(total)s.")
            % {"years": per_year, "total": format_decimal(total)}
        )
        self.stdout.write(
            _("Catatan data: %(count)s (Admin -> Catatan data).")
            % {"count": organisation.data_notes.count()}
        )
