from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from renstra.imports.command_line import office_for, period_for
from renstra.imports.plan import plan_workbook


class Command(BaseCommand):
    help = _(
        "Menulis rencana satu periode Renstra ke berkas Excel dalam format yang dibaca "
        "'import_plan'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--office", required=True, help=_("Kode perangkat daerah."))
        parser.add_argument("--period", required=True, help=_("Periode, mis. 2024-2026."))
        parser.add_argument("--output", required=True, type=Path, help=_("Berkas .xlsx tujuan."))

    def handle(self, *args, office: str, period: str, output: Path, **options):
        target = period_for(office_for(None, office), period)
        output.write_bytes(plan_workbook(target))
        self.stdout.write(
            _("Rencana %(period)s ditulis ke %(file)s.") % {"period": target, "file": output}
        )
