from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from renstra.dashboard import views as dashboard
from renstra.forms import LoginForm
from renstra.health import health
from renstra.people.views import PasswordSetDoneView, PasswordSetView
from renstra.views import plan_consistency_report

urlpatterns = [
    path("", dashboard.home, name="home"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("sandi/atur/<uidb64>/<token>/", PasswordSetView.as_view(), name="password_set"),
    path("sandi/atur/selesai/", PasswordSetDoneView.as_view(), name="password_set_done"),
    path("", include("renstra.entry.urls")),
    path("", include("renstra.dashboard.urls")),
    path("", include("spm.urls")),
    path("konsistensi-rencana/", plan_consistency_report, name="plan_consistency"),
    path("api/", include("renstra.api.urls")),
    path("impor/", include("renstra.imports.urls")),
    path("pengguna/", include("renstra.people.urls")),
    path("anggaran/", include("budgeting.urls")),
    path("laporan/", include("renstra.reports.urls")),
    path("perjanjian-kinerja/", include("performance.urls")),
    path("kota/", include("city.urls")),
    path("admin/", admin.site.urls),
    path("kesehatan/", health, name="health"),
]
