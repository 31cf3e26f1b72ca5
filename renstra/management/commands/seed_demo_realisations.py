from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from renstra.demo import DEFAULT_SEED, fill_demo_realisations, remove_demo_realisations
from renstra.models import Organisation, RenstraPeriod

PRODUCTION_SETTINGS = "renstra.settings.production"


class Command(BaseCommand):
    help = _(
        "Mengisi realisasi CONTOH (indikator, anggaran, SPM) untuk triwulan yang sudah lewat, "
        "melalui alur kerja biasa, dan menandai perangkat daerahnya sebagai berisi DATA CONTOH. "
        "Hanya untuk mencoba aplikasi: ditolak tanpa DEBUG (kecuali --force) dan selalu "
        "ditolak dengan pengaturan produksi."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisation",
            default=None,
            help=_("Kode perangkat daerah; tanpa ini semua yang memiliki periode berjalan."),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Jalankan walaupun DEBUG tidak aktif (tidak berlaku untuk produksi)."),
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=_("Benih angka acak."))
        parser.add_argument(
            "--remove",
            action="store_true",
            help=_(
                "Hapus data contoh (boleh di mana saja); nilai yang sudah diubah pengguna lain "
                "dibiarkan."
            ),
        )

    def handle(
        self, *args, organisation: str | None, force: bool, seed: int, remove: bool, **options
    ):
        if remove:
            self.remove(organisation)
            return
        if settings.SETTINGS_MODULE == PRODUCTION_SETTINGS:
            raise CommandError(_("Data contoh tidak boleh diisi dengan pengaturan produksi."))
        if not (settings.DEBUG or force):
            raise CommandError(
                _("Data contoh hanya untuk mode pengembangan (DEBUG aktif) atau dengan --force.")
            )
        offices = Organisation.objects.filter(periods__status=RenstraPeriod.Status.ACTIVE)
        if organisation:
            offices = Organisation.objects.filter(code=organisation)
            if not offices.exists():
                raise CommandError(
                    _("Perangkat daerah dengan kode '%(code)s' tidak ada.") % {"code": organisation}
                )
        for office in offices.order_by("code"):
            try:
                result = fill_demo_realisations(organisation=office, seed=seed)
            except RenstraPeriod.DoesNotExist:
                raise CommandError(
                    _("%(office)s tidak memiliki periode Renstra yang berjalan.")
                    % {"office": office}
                ) from None
            self.stdout.write(
                _(
                    "DATA CONTOH %(office)s: %(indicators)s realisasi indikator, %(budget)s "
                    "realisasi anggaran, %(spm)s data SPM tahunan; %(locked)s dilewati karena "
                    "dikunci."
                )
                % {
                    "office": office,
                    "indicators": result.indicator_values,
                    "budget": result.budget_values,
                    "spm": result.spm_years,
                    "locked": result.locked_skipped,
                }
            )

    def remove(self, code: str | None) -> None:
        offices = Organisation.objects.filter(demo_data=True)
        if code:
            offices = offices.filter(code=code)
        for office in offices.order_by("code"):
            result = remove_demo_realisations(organisation=office)
            self.stdout.write(
                _(
                    "DATA CONTOH %(office)s dihapus: %(indicators)s realisasi indikator, "
                    "%(budget)s realisasi anggaran, %(spm)s data SPM tahunan; %(kept)s nilai yang "
                    "sudah diubah pengguna lain dibiarkan."
                )
                % {
                    "office": office,
                    "indicators": result.indicator_values,
                    "budget": result.budget_values,
                    "spm": result.spm_years,
                    "kept": result.kept,
                }
            )
