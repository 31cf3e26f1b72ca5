from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("impor/", views.index, name="import"),
    path("impor/templat/", views.template, name="template"),
    path("impor/unggah/", views.upload, name="upload"),
    path("impor/terapkan/<str:token>/", views.apply, name="apply"),
    path("impor/batal/<str:token>/", views.cancel, name="cancel"),
]
