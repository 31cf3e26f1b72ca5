"""The admin site: open to administrators and planning staff by role, not by the is_staff flag."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_scope import ADMIN_ROLES
from .forms import AdminLoginForm
from .permissions import access_of


class RenstraAdminSite(admin.AdminSite):
    site_header = _("Renstra Monitor — Administrasi")
    site_title = _("Renstra Monitor — Administrasi")
    index_title = _("Data Renstra")
    login_form = AdminLoginForm

    def has_permission(self, request):
        user = request.user
        if not user.is_active:
            return False
        access = access_of(user)
        return access.superuser or access.role in ADMIN_ROLES
