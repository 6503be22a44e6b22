from django.urls import path

from . import views

app_name = "content"
urlpatterns = [
    path("t/<slug:slug>/", views.topic_page, name="topic"),
]
