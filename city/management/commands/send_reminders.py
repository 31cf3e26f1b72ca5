from django.conf import settings
from django.core.management.base import BaseCommand

from city.reminders import run_schedule


class Command(BaseCommand):
    help = (
        "Kirim pengingat jadwal pelaporan (operator, pimpinan, Bappeda) yang jatuh hari ini dan "
        "belum pernah dikirim, lalu kunci triwulan yang batas verifikasinya sudah lewat. Aman "
        "dijalankan berulang: yang sudah terkirim tidak dikirim lagi. Untuk timer harian."
    )

    def handle(self, *args, **options):
        result = run_schedule(base_url=getattr(settings, "RENSTRA_BASE_URL", ""))
        self.stdout.write(
            f"Terkirim {result.sent}, sudah pernah {result.skipped}, dikunci {result.locked}."
        )
