from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cascading.choices import Status
from renstra.imports.command_line import office_for, report, user_named
from renstra.imports.services import IMPORT_STATUSES, import_realisations


class Command(BaseCommand):
    help = _(
        "Mengimpor realisasi dan realisasi anggaran dari berkas Excel (.xlsx): semua sheet yang "
        "dikenali, sebagai satu perubahan, semua atau tidak sama sekali. Keluar dengan kode 1 "
        "dan daftar kesalahan bila ada yang ditolak."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("Berkas .xlsx."))
        parser.add_argument("--user", required=True, help=_("Nama pengguna yang mengimpor."))
        parser.add_argument(
            "--status",
            choices=IMPORT_STATUSES,
            default=Status.DRAFT,
            help=_(
                "Status realisasi setelah impor (bawaan: draft). 'verified' hanya untuk "
                "administrator, bagi angka yang sudah diverifikasi di luar aplikasi."
            ),
        )
        parser.add_argument(
            "--office", help=_("Kode perangkat daerah (wajib bagi pengguna tingkat kota).")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Hanya pratinjau; tidak ada yang disimpan.")
        )

    def handle(self, *args, file: Path, user: str, status: str, office, dry_run: bool, **options):
        importer = user_named(user)
        organisation = office_for(importer, office)
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Berkas %(file)s tidak dapat dibaca: %(error)s")
                % {"file": file, "error": error.strerror}
            ) from None
        try:
            preview = import_realisations(
                user=importer,
                organisation=organisation,
                data=data,
                file_name=file.name,
                status=status,
                commit=not dry_run,
            )
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        report(self, preview, dry_run=dry_run)
