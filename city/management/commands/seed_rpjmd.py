from django.core.management.base import BaseCommand, CommandError

from city.seed import SEED_TEXT, SeedGoalsError, read_pemda_goals
from city.services import seed_rpjmd
from renstra.models import Organisation


class Command(BaseCommand):
    help = (
        "Buat RPD/RPJMD kota dengan Tujuan dan Sasaran Pemda seperti tertulis di dokumen Renstra "
        "yang di-seed, lalu kaitkan Tujuan perangkat daerah itu dengannya (dapat diulang)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--opd", default="dinsos-palangka-raya", help="Kode perangkat daerah.")

    def handle(self, *args, opd, **options):
        office = Organisation.objects.filter(code=opd).first()
        if office is None:
            raise CommandError(f"Perangkat daerah {opd!r} tidak ada.")
        try:
            plan = read_pemda_goals(SEED_TEXT.read_text(encoding="utf-8"))
        except (OSError, SeedGoalsError) as error:
            raise CommandError(str(error)) from error
        rpjmd = seed_rpjmd(organisation=office, plan=plan)
        self.stdout.write(f"{rpjmd}: {plan['sasaran']} ← {office.name}")
