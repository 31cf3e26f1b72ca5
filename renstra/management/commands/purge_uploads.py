from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from renstra.imports.services import pending_root, purge_expired


class Command(BaseCommand):
    help = _(
        "Menghapus unggahan impor yang menunggu konfirmasi lebih lama dari batasnya "
        "(dijalankan terjadwal, lihat deploy/renstra-purge-uploads.timer)."
    )

    def handle(self, *args, **options):
        removed = purge_expired()
        self.stdout.write(
            _("%(count)s berkas unggahan kedaluwarsa dihapus dari %(folder)s.")
            % {"count": removed, "folder": pending_root()}
        )
