from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CascadingConfig(AppConfig):
    name = "cascading"
    verbose_name = _("Cascading Kinerja")
