from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils.translation import gettext as _

from cascading.constants import SUBMITTED_AND_VERIFIED, VERIFIED_ONLY
from performance.documents import SakipReport, sakip_document, write_sakip_file
from renstra.models import Organisation
from renstra.reports.choices import FileFormat, Paper, ReportKind
from renstra.reports.exports import build_document

SAKIP_REPORTS = tuple(SakipReport)


class Command(BaseCommand):
    help = _(
        "Menulis laporan resmi (Renstra, Renja, Evaluasi Renja, LKjIP, SPM) ke berkas Excel "
        "atau PDF, sama dengan yang diunduh dari halaman Laporan."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "report",
            choices=[*ReportKind.values, *SAKIP_REPORTS],
            help=_("Jenis laporan."),
        )
        parser.add_argument(
            "--year",
            type=int,
            required=True,
            help=_("Tahun laporan (untuk Renstra: tahun mana pun dalam periode)."),
        )
        parser.add_argument("--format", choices=FileFormat.values, required=True)
        parser.add_argument("--output", type=Path, required=True, help=_("Berkas tujuan."))
        parser.add_argument(
            "--organisation",
            default=None,
            help=_("Kode perangkat daerah; boleh dikosongkan bila hanya ada satu."),
        )
        parser.add_argument(
            "--include-submitted",
            action="store_true",
            help=_("Hitung juga realisasi yang diajukan tetapi belum diverifikasi."),
        )
        parser.add_argument("--paper", choices=Paper.values, default=Paper.A4)
        parser.add_argument(
            "--unit",
            default=None,
            help=_("Kode unit kerja untuk PK tingkat unit; kosong: tingkat perangkat daerah."),
        )

    def handle(self, *args, **options):
        organisation = self._organisation(options["organisation"])
        if options["report"] in SAKIP_REPORTS:
            document = self._sakip_document(organisation, options)
        else:
            document = self._report_document(organisation, options)
        output: Path = options["output"]
        output.write_bytes(write_sakip_file(document, FileFormat(options["format"])))
        self.stdout.write(
            _("%(title)s ditulis ke %(path)s.") % {"title": document.title, "path": output}
        )

    @staticmethod
    def _sakip_document(organisation: Organisation, options):
        try:
            return sakip_document(
                kind=options["report"],
                organisation=organisation,
                year=options["year"],
                unit_code=options["unit"],
                paper=Paper(options["paper"]),
            )
        except ValueError as error:
            raise CommandError(str(error)) from error

    @staticmethod
    def _report_document(organisation: Organisation, options):
        try:
            document = build_document(
                kind=ReportKind(options["report"]),
                organisation=organisation,
                year=options["year"],
                statuses=SUBMITTED_AND_VERIFIED if options["include_submitted"] else VERIFIED_ONLY,
                paper=Paper(options["paper"]),
            )
        except Http404 as error:
            raise CommandError(
                _("Tidak ada periode Renstra %(office)s yang mencakup tahun %(year)s.")
                % {"office": organisation.name, "year": options["year"]}
            ) from error
        return document

    @staticmethod
    def _organisation(code: str | None) -> Organisation:
        if code:
            organisation = Organisation.objects.filter(code=code).first()
            if organisation is None:
                raise CommandError(
                    _("Perangkat daerah dengan kode %(code)s tidak ada.") % {"code": code}
                )
            return organisation
        offices = list(Organisation.objects.all()[:2])
        if len(offices) != 1:
            raise CommandError(_("Sebutkan perangkat daerah dengan --organisation KODE."))
        return offices[0]
