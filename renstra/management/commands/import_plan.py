from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from renstra.imports.command_line import office_for, period_for, report, user_named
from renstra.imports.plan import import_plan


class Command(BaseCommand):
    help = _(
        "Mengimpor rencana (program, kegiatan, sub kegiatan, indikator, target dan pagu) dari "
        "sheet 'Rencana' berkas Excel ke satu periode Renstra: semua atau tidak sama sekali."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("Berkas .xlsx."))
        parser.add_argument("--user", required=True, help=_("Perencana atau administrator."))
        parser.add_argument("--period", required=True, help=_("Periode, mis. 2024-2026."))
        parser.add_argument("--office", help=_("Kode perangkat daerah."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Hanya pratinjau; tidak ada yang disimpan.")
        )

    def handle(self, *args, file: Path, user: str, period: str, office, dry_run, **options):
        importer = user_named(user)
        target = period_for(office_for(importer, office), period)
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Berkas %(file)s tidak dapat dibaca: %(error)s")
                % {"file": file, "error": error.strerror}
            ) from None
        try:
            preview = import_plan(
                user=importer, period=target, data=data, file_name=file.name, commit=not dry_run
            )
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        report(self, preview, dry_run=dry_run)
