from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Excel imports (no models): listed after cascading and budgeting in INSTALLED_APPS so that
    its admin module extends their registered admin classes."""

    name = "renstra.imports"
    label = "renstra_imports"
    verbose_name = _("Impor Excel")
