import json
import os
import platform
import secrets
from pathlib import Path

import django
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from renstra import bench
from renstra.models import Organisation, Role


class Command(BaseCommand):
    help = _(
        "Tolok ukur skala kota: membangun perangkat daerah 'bench-NN' berbentuk Renstra contoh, "
        "mengukur jumlah query dan waktu median setiap halaman pada 1 dan N perangkat daerah, "
        "lalu uji beban gunicorn di 127.0.0.1. Data tolok ukur dihapus di awal setiap "
        "jalannya, atau dengan --clean."
    )

    def add_arguments(self, parser):
        parser.add_argument("--offices", type=int, default=40, help=_("Jumlah perangkat daerah."))
        parser.add_argument(
            "--quick", action="store_true", help=_("Satu pengulangan, tanpa uji beban.")
        )
        parser.add_argument(
            "--repeat", type=int, default=15, help=_("Pengulangan per halaman (median).")
        )
        parser.add_argument("--users", type=int, default=20, help=_("Pengguna serentak."))
        parser.add_argument("--duration", type=float, default=60, help=_("Lama uji beban (s)."))
        parser.add_argument(
            "--max-requests", type=int, default=20000, help=_("Batas permintaan uji beban.")
        )
        parser.add_argument("--workers", type=int, default=2, help=_("Worker gunicorn."))
        parser.add_argument(
            "--clean", action="store_true", help=_("Hanya hapus data tolok ukur, lalu selesai.")
        )
        parser.add_argument(
            "--imports",
            action="store_true",
            help=_(
                "Hanya ukur impor anggaran dan realisasi berkas SIPD pada satu perangkat daerah."
            ),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Izinkan berjalan dengan pengaturan produksi (menulis data 'bench-')."),
        )

    def handle(self, *args, **options):
        if settings_module().endswith(".production") and not options["force"]:
            raise CommandError(
                _(
                    "Pengaturan produksi: tolok ukur menulis dan menghapus data 'bench-'. "
                    "Gunakan basis data terpisah, atau --force bila memang dimaksudkan."
                )
            )
        if options["offices"] < 1:
            raise CommandError(_("--offices minimal 1."))
        removed = bench.clean()
        self.stdout.write(
            _("Data tolok ukur lama dihapus: %(count)s perangkat daerah.") % {"count": removed}
        )
        if options["clean"]:
            return
        self.environment()
        repeat = 1 if options["quick"] else options["repeat"]
        data = json.loads(Path(settings.SEED_FIXTURE).read_text(encoding="utf-8"))
        users = bench.BenchUsers(password=secrets.token_urlsafe(16), planners={}, heads={})
        offices = options["offices"]

        bench.add_offices(data, range(1, 2), users)
        bench.analyze()
        first = Organisation.objects.get(code=bench.office_code(1))
        planner = users.planners[first.code]
        if options["imports"]:
            self.imports(first, planner)
            return
        pages = bench.find_pages(first, bench.token_for(planner))
        openers = {Role.PLANNER: planner, Role.HEAD: users.heads[first.code]}
        alone = bench.time_pages(openers, pages, repeat)
        bench.add_offices(data, range(2, offices + 1), users)
        bench.analyze()
        city = bench.time_pages(openers, pages, repeat)
        self.page_table(alone, city, offices, repeat)
        self.stdout.write(load_average())
        if options["quick"]:
            return
        self.load(users, offices, options)
        self.stdout.write(load_average())
        self.stdout.write(
            _("Data 'bench-' dibiarkan untuk diperiksa; hapus dengan 'manage.py bench --clean'.")
        )

    def imports(self, organisation, planner) -> None:
        from budgeting.bench import measure

        self.stdout.write("")
        self.stdout.write(
            f"| {_('Impor')} | {_('Baris')} | s | {_('baca')} | {_('periksa')} | {_('tulis')} "
            f"| {_('Query')} |"
        )
        self.stdout.write("|---|--:|--:|--:|--:|--:|--:|")
        for timing in measure(organisation, planner):
            phases = [timing.phases.get(name) for name in ("read", "check", "write")]
            shown = " | ".join("-" if value is None else f"{value:.2f}" for value in phases)
            self.stdout.write(
                f"| {timing.label} | {timing.rows:,} | {timing.seconds:.2f} | {shown} "
                f"| {timing.queries} |"
            )

    def environment(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 1")
            version = cursor.fetchone()[0]
        others = Organisation.objects.exclude(code__startswith=bench.PREFIX).count()
        lines = [
            f"Python {platform.python_version()}, Django {django.get_version()}, "
            f"{os.cpu_count()} CPU, {settings_module()}, DEBUG={settings.DEBUG}",
            f"{connection.vendor} {version if connection.vendor == 'postgresql' else ''}".strip(),
            _("Perangkat daerah lain di basis data: %(count)s.") % {"count": others},
            load_average(),
        ]
        if settings.DEBUG:
            lines.append(_("PERHATIAN: DEBUG aktif; waktu tidak mewakili produksi (DEBUG=false)."))
        for line in lines:
            self.stdout.write(line)

    def page_table(self, alone, city, offices: int, repeat: int) -> None:
        self.stdout.write("")
        self.stdout.write(
            _("Halaman: 1 dan %(n)s perangkat daerah (median dari %(repeat)s)")
            % {"n": offices, "repeat": repeat}
        )
        self.stdout.write(
            f"| {_('Halaman')} | {_('Query')} 1 | {_('Query')} {offices} "
            f"| ms 1 | ms {offices} | {_('Rasio')} |"
        )
        self.stdout.write("|---|--:|--:|--:|--:|--:|")
        equal_queries, within_twice = True, True
        for one, many in zip(alone, city, strict=True):
            ratio = many.median_ms / one.median_ms if one.median_ms else 0
            equal_queries &= one.queries == many.queries
            within_twice &= ratio <= 2
            self.stdout.write(
                f"| {one.label} | {one.queries} | {many.queries} | {one.median_ms:.1f} "
                f"| {many.median_ms:.1f} | {ratio:.2f} |"
            )
        self.stdout.write(
            _("Query sama pada 1 dan %(n)s: %(ok)s.") % {"n": offices, "ok": _yes(equal_queries)}
        )
        self.stdout.write(
            _("Waktu pada %(n)s paling banyak 2x waktu pada 1: %(ok)s.")
            % {"n": offices, "ok": _yes(within_twice)}
        )

    def load(self, users: bench.BenchUsers, offices: int, options) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings_module(),
            "DEBUG": "false",
        }
        server = bench.Server(env, options["workers"])
        try:
            server.wait_ready()
            sessions = []
            for index in range(options["users"]):
                code = bench.office_code(index % offices + 1)
                planner = users.planners[code]
                office = Organisation.objects.get(code=code)
                pages = [
                    page
                    for page in bench.find_pages(office, bench.token_for(planner))
                    if page.interactive and page.role == Role.PLANNER
                ]
                cookies = bench.log_in(server.port, planner.username, users.password)
                sessions.append((cookies, pages))
            result = bench.load_run(
                port=server.port,
                sessions=sessions,
                duration=options["duration"],
                max_requests=options["max_requests"],
            )
        finally:
            server.stop()
        figures = bench.summary(result)
        self.stdout.write("")
        self.stdout.write(
            _(
                "Uji beban: gunicorn %(workers)s worker di 127.0.0.1, %(users)s pengguna "
                "serentak tanpa jeda, %(duration)s s atau %(max)s permintaan"
            )
            % {
                "workers": options["workers"],
                "users": options["users"],
                "duration": options["duration"],
                "max": options["max_requests"],
            }
        )
        self.stdout.write(
            f"| {_('Permintaan')} | {_('Galat')} | {_('Per detik')} | p50 ms | p95 ms | maks ms |"
        )
        self.stdout.write("|--:|--:|--:|--:|--:|--:|")
        self.stdout.write(
            f"| {figures['requests']} | {figures['errors']} | {figures['per_second']} "
            f"| {figures['p50_ms']} | {figures['p95_ms']} | {figures['max_ms']} |"
        )
        self.stdout.write("")
        self.stdout.write(f"| {_('Halaman')} | {_('Permintaan')} | p50 ms | p95 ms |")
        self.stdout.write("|---|--:|--:|--:|")
        for label, values in result.latencies.items():
            self.stdout.write(
                f"| {label} | {len(values)} | {bench.percentile(values, 0.5):.1f} "
                f"| {bench.percentile(values, 0.95):.1f} |"
            )
        for error in sorted(set(result.errors))[:10]:
            self.stdout.write(_("Galat: %(error)s") % {"error": error})
        p50, p95 = figures["p50_ms"], figures["p95_ms"]
        self.stdout.write(_("Tanpa galat: %(ok)s.") % {"ok": _yes(figures["errors"] == 0)})
        self.stdout.write(
            _("p95 di bawah 3x p50: %(ok)s.") % {"ok": _yes(bool(p50) and p95 < 3 * p50)}
        )


def load_average() -> str:
    """The machine's load (1, 5, 15 min): other work running beside the benchmark."""
    return _("Beban mesin (1/5/15 menit): %(load)s") % {
        "load": " / ".join(f"{value:.2f}" for value in os.getloadavg())
    }


def settings_module() -> str:
    """The settings this process runs with (manage.py sets the variable)."""
    return os.environ["DJANGO_SETTINGS_MODULE"]


def _yes(value: bool) -> str:
    return _("ya") if value else _("TIDAK")
