from django.urls import path

from . import shop_views

app_name = "beta"
urlpatterns = [
    path("account/beta/", shop_views.beta, name="account"),
    path("account/beta/feedback/", shop_views.feedback, name="feedback"),
    path("beta/<slug:code>/", shop_views.feature, name="feature"),
]
