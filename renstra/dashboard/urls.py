from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("pohon/", views.tree, name="tree"),
    path("indikator/<int:pk>/", views.indicator, name="indicator"),
    path("tren/", views.trends, name="trends"),
    path("tren/data.json", views.trends_data, name="trends-data"),
]
