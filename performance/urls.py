from django.urls import path, register_converter

from renstra.reports import urls as report_urls  # noqa: F401 - registers the fileformat converter

from . import definition_views, views
from .choices import OfficeDocument


class SakipConverter(report_urls.ChoiceConverter):
    choices = OfficeDocument


register_converter(SakipConverter, "sakip")

app_name = "performance"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("buat/", views.generate, name="generate"),
    path("definisi/", definition_views.definition_list, name="definitions"),
    path("definisi/<int:pk>/", definition_views.definition_edit, name="definition"),
    path("buat/subunit/<int:unit_id>/", views.generate_sub_unit, name="generate-sub-unit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ubah/", views.edit, name="edit"),
    path("<int:pk>/final/", views.finalise, name="finalise"),
    path("<int:pk>/revisi/", views.revise, name="revise"),
    path("<int:pk>/rencana-aksi/", views.action_plan, name="action-plan"),
    path("<int:pk>.<fileformat:file_format>", views.download, name="download"),
    path(
        "<int:pk>/rencana-aksi.<fileformat:file_format>",
        views.action_plan_download,
        name="action-plan-download",
    ),
    path(
        "dokumen/<sakip:kind>/<int:year>.<fileformat:file_format>",
        views.office_document,
        name="document",
    ),
]
