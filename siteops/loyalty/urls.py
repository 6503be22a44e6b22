from django.urls import path

from . import views

app_name = "loyalty"
urlpatterns = [
    path("account/points/", views.points, name="points"),
    path("account/points.json", views.points_json, name="points_json"),
]
