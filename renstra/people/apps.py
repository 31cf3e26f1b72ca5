from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """Offices, units and users from one workbook (/pengguna/impor/), and the password-set page
    the invitation e-mails link to."""

    name = "renstra.people"
    label = "people"
    verbose_name = _("Impor pengguna")
