from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("go/c/<slug:code>/", views.go, name="go"),
]
