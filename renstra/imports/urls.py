from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("templat/", views.template, name="template"),
    path("realisasi/", views.upload_realisations, name="upload-realisations"),
    path("rencana/", views.upload_plan, name="upload-plan"),
    path("rencana/<int:period_id>/ekspor/", views.plan_export, name="plan-export"),
    path("terapkan/<str:token>/", views.apply, name="apply"),
    path("batal/<str:token>/", views.cancel, name="cancel"),
]
