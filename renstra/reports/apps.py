from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The report exports, an app of their own so their one model (the narrative texts) keeps
    its migrations apart from the hub app's and the admin finds `renstra/reports/admin.py`."""

    name = "renstra.reports"
    label = "reports"
    verbose_name = _("Laporan")
