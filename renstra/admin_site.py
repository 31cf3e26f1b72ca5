"""The admin site: open to administrators and planning staff by role, not by the is_staff flag."""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.options import TO_FIELD_VAR, IncorrectLookupParameters
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .admin_scope import ADMIN_ROLES
from .forms import AdminLoginForm
from .middleware import bad_request
from .models import Role
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
        # Bappeda: only the city's own objects (scope CITY); every other module refuses it.
        return access.superuser or access.role in ADMIN_ROLES or access.role == Role.BAPPEDA

    def admin_view(self, view, cacheable=False):
        """Every admin page refuses with 400 what Django's admin would answer with a 500: an
        empty `_to_field` on an object page, filters an export cannot apply."""

        @wraps(view)
        def checked(request, *args, **kwargs):
            if "" in (request.GET.get(TO_FIELD_VAR), request.POST.get(TO_FIELD_VAR)):
                return bad_request(request, gettext("Parameter _to_field kosong."))
            try:
                return view(request, *args, **kwargs)
            except IncorrectLookupParameters:
                return bad_request(request, gettext("Filter daftar tidak valid."))

        return super().admin_view(checked, cacheable)
