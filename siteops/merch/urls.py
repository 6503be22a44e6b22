from django.urls import path

import siteops.core.converters  # noqa: F401 - registers <id:…>

from . import views

app_name = "merch"
urlpatterns = [
    path("go/ad/<id:pk>/", views.go_ad, name="go_ad"),
    path("go/slot/<id:pk>/", views.go_slot, name="go_slot"),
]
