from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpmConfig(AppConfig):
    name = "spm"
    verbose_name = _("Standar Pelayanan Minimal")
