import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

USERNAME = "admin"


class Command(BaseCommand):
    help = _("Membuat akun administrator untuk mencoba aplikasi di komputer sendiri.")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(_("Perintah ini hanya untuk mode pengembangan (DEBUG aktif)."))
        password_file = settings.BASE_DIR / ".local-admin-password"
        user_model = get_user_model()
        user = user_model.objects.filter(username=USERNAME).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user_model.objects.create_superuser(USERNAME, "", password)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        elif password_file.exists():
            password = password_file.read_text().strip()
        else:
            self.stdout.write(
                _(
                    "Akun '%(user)s' sudah ada; ganti sandinya dengan: "
                    "python manage.py changepassword %(user)s"
                )
                % {"user": USERNAME}
            )
            return
        self.stdout.write(
            _(
                "Masuk di http://127.0.0.1:8000/ dengan pengguna '%(user)s' "
                "dan sandi '%(password)s'."
            )
            % {"user": USERNAME, "password": password}
        )
