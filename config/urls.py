from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from siteops.api.router import api
from siteops.core.media import staff_media
from siteops.jobs.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    # Staff-only media through a checked view (siteops.core.media), before the admin's catch-all.
    path("backoffice/media/<path:path>", staff_media, name="staff_media"),
    path("backoffice/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("siteops.infra.urls")),
    path("", include("siteops.merch.urls")),
    path("", include("siteops.loyalty.urls")),
    path("", include("siteops.vendors.urls")),  # the public beta: /account/beta/, /beta/<code>/
    path("", include("siteops.campaigns.urls")),
    path("", include("siteops.storefront.urls")),
    path("", include("siteops.content.urls")),  # /sitemap.xml, shared previews /preview/<token>/
]

if settings.SITEOPS.get("BENCH"):
    # The ceiling of the page benchmarks (bench/views.py); never on outside `python -m bench`.
    urlpatterns.insert(0, path("_bench/", include("bench.views")))

if settings.SITEOPS["SERVE_MEDIA"]:
    from django.urls import re_path

    from siteops.core.views import public_media

    urlpatterns.insert(
        0, re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", public_media, name="media")
    )

# Inside the back office its own 403/404 pages keep the shell and menu; elsewhere the shop's.
handler404 = "siteops.core.views.page_not_found"
handler403 = "siteops.core.views.permission_denied"
