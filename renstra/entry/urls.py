from django.urls import path, register_converter

from . import views


class LineKeyConverter:
    """`i<indicator id>` for an indicator row, `b<sub kegiatan id>` for a budget row."""

    regex = "[ib][0-9]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LineKeyConverter, "linekey")

app_name = "entry"

urlpatterns = [
    path("realisasi/", views.entry_start, name="start"),
    path("realisasi/<int:year>/tw<int:quarter>/", views.entry_page, name="sheet"),
    path("realisasi/<int:year>/tw<int:quarter>/simpan/", views.save_all_moved, name="save-all"),
    path("realisasi/<int:year>/tw<int:quarter>/ajukan/", views.submit_quarter, name="submit"),
    path(
        "realisasi/<int:year>/tw<int:quarter>/baris/<linekey:key>/", views.save_row, name="save-row"
    ),
    path(
        "realisasi/<int:year>/tw<int:quarter>/baris/<linekey:key>/kosongkan/",
        views.clear_row,
        name="clear-row",
    ),
    path("verifikasi/", views.verify_start, name="verify-start"),
    path("verifikasi/<int:year>/tw<int:quarter>/", views.verify_page, name="verify"),
    path("riwayat/<slug:kind>/<int:pk>/", views.record_history, name="history"),
    path("bukti/<int:pk>/", views.evidence, name="evidence"),
]
