from django.urls import path

from . import views

app_name = "city"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rpjmd/", views.rpjmd, name="rpjmd"),
    path("jadwal/", views.schedule, name="schedule"),
    path("telaah/", views.review, name="review"),
    path("publik/", views.public, name="public"),
    path("publik/pengaturan/", views.public_settings, name="public-settings"),
]
