from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from renstra.dashboard import views as dashboard

admin.site.site_header = _("Renstra Monitor — Administrasi")
admin.site.site_title = _("Renstra Monitor")

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("", include("renstra.entry.urls")),
    path("admin/", admin.site.urls),
]
