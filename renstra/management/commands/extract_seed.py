from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from renstra.seed.extract import SeedFormatError, default_source_path, extract, to_json


class Command(BaseCommand):
    help = _(
        "Mengekstrak Renstra dari dokumen sumber menjadi JSON di fixtures/; dengan --check hanya "
        "memeriksa bahwa JSON yang tersimpan sama dengan hasil ekstraksi baru."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            default=default_source_path(settings.BASE_DIR),
            help=_("Berkas teks dokumen Renstra."),
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.SEED_FIXTURE),
            help=_("Berkas JSON hasil ekstraksi."),
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("Jangan menulis; gagal bila JSON tersimpan berbeda dari hasil ekstraksi."),
        )

    def handle(self, *args, source: Path, output: Path, check: bool, **options):
        if not source.is_file():
            raise CommandError(_("Dokumen sumber tidak ditemukan: %(path)s") % {"path": source})
        try:
            text = to_json(extract(source))
        except SeedFormatError as exc:
            raise CommandError(
                _("Dokumen tidak dapat diekstrak: %(error)s") % {"error": exc}
            ) from exc
        if check:
            if not output.is_file() or output.read_text(encoding="utf-8") != text:
                raise CommandError(
                    _(
                        "%(path)s berbeda dari hasil ekstraksi dokumen; jalankan "
                        "'manage.py extract_seed' dan tinjau perubahannya."
                    )
                    % {"path": output}
                )
            self.stdout.write(_("%(path)s sesuai dengan dokumen.") % {"path": output})
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        self.stdout.write(_("Hasil ekstraksi ditulis ke %(path)s.") % {"path": output})
