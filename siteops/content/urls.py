from django.urls import path

import siteops.core.converters  # noqa: F401 - registers <id:…>

from . import preview_views, sitemaps, views

app_name = "content"
urlpatterns = [
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path("t/stock/<id:pk>.json", views.stock, name="stock"),
    path("t/<slug:slug>/signup/", views.signup, name="signup"),
    path("preview/<str:token>/", preview_views.shared_preview, name="preview"),
]
