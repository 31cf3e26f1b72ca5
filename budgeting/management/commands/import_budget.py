import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from budgeting.imports import KINDS, import_file, parse_columns
from renstra.imports.command_line import office_for, user_named
from renstra.imports.workbook import ImportFileError
from renstra.numbers import format_decimal


class Command(BaseCommand):
    help = _(
        "Mengimpor anggaran (Renja, DPA, pergeseran, DPPA) atau realisasi anggaran s.d. tanggal "
        "dari berkas .xlsx/.csv SIPD-RI atau SIMDA: semua atau tidak sama sekali."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("Berkas .xlsx atau .csv."))
        parser.add_argument("--office", required=True, help=_("Kode perangkat daerah."))
        parser.add_argument("--year", required=True, type=int, help=_("Tahun anggaran."))
        parser.add_argument("--kind", required=True, choices=KINDS, help=_("Jenis berkas."))
        parser.add_argument(
            "--as-of", help=_("Tanggal s.d. (realisasi) atau berlaku (DPPA), YYYY-MM-DD.")
        )
        parser.add_argument(
            "--columns",
            default="",
            help=_("Pemetaan kolom: kode=JUDUL,rekening=JUDUL,anggaran=JUDUL,realisasi=JUDUL."),
        )
        parser.add_argument("--user", help=_("Pengguna yang dicatat di riwayat."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Hanya pratinjau; tidak ada yang disimpan.")
        )

    def handle(self, *args, file: Path, office, year, kind, as_of, columns, user, dry_run, **_o):
        importer = user_named(user) if user else None
        organisation = office_for(importer, office)
        try:
            mapping = parse_columns(columns)
        except ValueError as error:
            raise CommandError(str(error)) from None
        day = None
        if as_of:
            try:
                day = datetime.date.fromisoformat(as_of)
            except ValueError:
                raise CommandError(
                    _("Tanggal '%(text)s' tidak terbaca; tulis YYYY-MM-DD.") % {"text": as_of}
                ) from None
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Berkas %(file)s tidak dapat dibaca: %(error)s")
                % {"file": file, "error": error.strerror}
            ) from None
        try:
            plan = import_file(
                user=importer,
                dry_run=dry_run,
                organisation=organisation,
                year=year,
                kind=kind,
                data=data,
                file_name=file.name,
                columns=mapping,
                as_of=day,
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        if not plan.ok:
            for error in plan.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(count)s penolakan; tidak ada yang disimpan.") % {"count": len(plan.errors)}
            )
        total = sum(plan.sums().values(), start=0)
        self.stdout.write(
            _("%(rows)s baris, %(nodes)s sub kegiatan, jumlah Rp %(total)s.")
            % {
                "rows": plan.row_count,
                "nodes": len(plan.totals),
                "total": format_decimal(total, places=2),
            }
        )
        if dry_run:
            self.stdout.write(_("Pratinjau saja: tidak ada yang disimpan."))
        else:
            self.stdout.write(_("Disimpan: %(count)s baris data.") % {"count": plan.written})
