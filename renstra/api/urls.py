"""The read-only JSON API (docs/api.md): offices, and per office its plan and figures."""

from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("opd/", views.OrganisationList.as_view(), name="organisations"),
    path("opd/<slug:code>/", views.OrganisationDetail.as_view(), name="organisation"),
    path("opd/<slug:code>/pohon/", views.PlanTreeView.as_view(), name="tree"),
    path("opd/<slug:code>/indikator/", views.IndicatorList.as_view(), name="indicators"),
    path("opd/<slug:code>/capaian/", views.CapaianList.as_view(), name="capaian"),
    path("opd/<slug:code>/realisasi/", views.RealisationList.as_view(), name="realisations"),
    path(
        "opd/<slug:code>/realisasi-anggaran/",
        views.BudgetRealisationList.as_view(),
        name="budget-realisations",
    ),
    path("indikator/<int:pk>/", views.IndicatorDetail.as_view(), name="indicator"),
]
