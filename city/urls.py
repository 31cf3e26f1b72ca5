from django.urls import path

# The reports' converter (registered there as "fileformat"): xlsx or pdf.
import renstra.reports.urls  # noqa: F401

from . import views

app_name = "city"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rpjmd/", views.rpjmd, name="rpjmd"),
    path("jadwal/", views.schedule, name="schedule"),
    path("telaah/", views.review, name="review"),
    path("publik/", views.public, name="public"),
    path("publik/pengaturan/", views.public_settings, name="public-settings"),
    path("unduh/rekap.<fileformat:file_format>", views.recap_download, name="recap-download"),
    path(
        "unduh/iku-pemda.<fileformat:file_format>",
        views.iku_pemda_download,
        name="iku-pemda-download",
    ),
]
