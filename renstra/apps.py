from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RenstraConfig(AppConfig):
    name = "renstra"
    verbose_name = _("Organisasi dan Periode")
