from django.urls import path

from renstra.reports import urls as report_urls  # noqa: F401 - registers the fileformat converter

from . import views

app_name = "performance"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("buat/", views.generate, name="generate"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ubah/", views.edit, name="edit"),
    path("<int:pk>/final/", views.finalise, name="finalise"),
    path("<int:pk>/revisi/", views.revise, name="revise"),
    path("<int:pk>.<fileformat:file_format>", views.download, name="download"),
]
