from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class RenstraConfig(AppConfig):
    name = "renstra"
    verbose_name = _("Organisasi dan Periode")


class RenstraAdminConfig(admin_apps.AdminConfig):
    """Django's admin app with the role-aware site (renstra.admin_site)."""

    default = False
    default_site = "renstra.admin_site.RenstraAdminSite"
