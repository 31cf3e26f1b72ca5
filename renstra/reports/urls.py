from django.urls import path, register_converter

from . import views
from .choices import DocumentFormat, FileFormat, ReportKind, WholeDocument


class ChoiceConverter:
    """A path segment that is one of a TextChoices' values."""

    choices: type

    def __init__(self):
        self.regex = "|".join(sorted(self.choices.values, key=len, reverse=True))

    def to_python(self, value: str):
        return self.choices(value)

    def to_url(self, value) -> str:
        return str(value)


class ReportConverter(ChoiceConverter):
    choices = ReportKind


class FileFormatConverter(ChoiceConverter):
    choices = FileFormat


class WholeDocumentConverter(ChoiceConverter):
    choices = WholeDocument


class DocumentFormatConverter(ChoiceConverter):
    choices = DocumentFormat


register_converter(ReportConverter, "report")
register_converter(WholeDocumentConverter, "whole")
register_converter(DocumentFormatConverter, "docformat")
register_converter(FileFormatConverter, "fileformat")

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<report:kind>/<int:year>/", views.preview, name="preview"),
    path("<report:kind>/<int:year>.<fileformat:file_format>", views.download, name="download"),
    path("<whole:kind>/<int:year>/naskah/", views.naskah_edit, name="naskah"),
    path(
        "<whole:kind>/<int:year>/naskah.<docformat:file_format>",
        views.naskah_download,
        name="naskah_download",
    ),
]
