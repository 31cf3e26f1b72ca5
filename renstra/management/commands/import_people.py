from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from renstra.imports.command_line import report, user_named
from renstra.people.services import import_file


class Command(BaseCommand):
    help = _(
        "Mengimpor perangkat daerah, unit kerja dan pengguna dari berkas Excel (sheet Perangkat "
        "Daerah, Unit Kerja, Pengguna): pratinjau, atau --apply untuk menerapkan semuanya atau "
        "tidak sama sekali dan mengirim tautan atur sandi ke pengguna baru."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("Berkas .xlsx."))
        parser.add_argument("--user", required=True, help=_("Administrator yang mengimpor."))
        parser.add_argument(
            "--apply", action="store_true", help=_("Terapkan; tanpa ini hanya pratinjau.")
        )

    def handle(self, *args, file: Path, user: str, apply: bool, **options):
        importer = user_named(user)
        if apply and not settings.RENSTRA_BASE_URL:
            raise CommandError(
                _(
                    "Atur RENSTRA_BASE_URL (alamat aplikasi, mis. https://renstra.contoh.go.id): "
                    "tautan atur sandi di email dimulai dengan alamat itu."
                )
            )
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Berkas %(file)s tidak dapat dibaca: %(error)s")
                % {"file": file, "error": error.strerror}
            ) from None
        preview, outcome = import_file(user=importer, data=data, file_name=file.name, commit=apply)
        report(
            self,
            preview,
            dry_run=not apply,
            dry_run_note=_(
                "Pratinjau: tidak ada yang disimpan; tambahkan --apply untuk menerapkan."
            ),
        )
        if outcome is not None:
            for person in outcome.invited:
                self.stdout.write(
                    _("Tautan atur sandi dikirim ke %(name)s <%(email)s>.")
                    % {"name": person.username, "email": person.email}
                )
            for person in outcome.not_sent:
                self.stderr.write(
                    _("Email gagal dikirim ke %(name)s <%(email)s>.")
                    % {"name": person.username, "email": person.email}
                )
