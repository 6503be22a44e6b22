from django.urls import path

from . import views

app_name = "merch"
urlpatterns = [
    path("go/ad/<int:pk>/", views.go_ad, name="go_ad"),
    path("go/slot/<int:pk>/", views.go_slot, name="go_slot"),
]
