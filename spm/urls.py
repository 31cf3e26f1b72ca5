from django.urls import path

from . import views

app_name = "spm"

urlpatterns = [
    path("spm/", views.spm_start, name="start"),
    path("spm/<int:year>/", views.spm_year_page, name="year"),
]
