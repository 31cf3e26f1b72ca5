from django.urls import path

from . import views

app_name = "budgeting"

urlpatterns = [
    path("impor/", views.index, name="import"),
    path("impor/unggah/", views.upload, name="import-upload"),
    path("impor/<str:token>/kolom/", views.remap, name="import-remap"),
    path("impor/<str:token>/batal/", views.cancel, name="import-cancel"),
]
