from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("go/c/<slug:code>/", views.go, name="go"),
    path("events/<int:pk>/register/", views.register, name="register"),
    path("code/", views.promo_code, name="promo_code"),
    path("t/<slug:slug>/claim/<slug:key>/", views.points_claim, name="points_claim"),
]
