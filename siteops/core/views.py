"""Serving the shop's public media (product images, ads) from local storage on one machine.

Only the public prefixes are served here; work attachments and report files stay behind their
permission-checked views. With object storage or a front web server in production, set
SITEOPS_SERVE_MEDIA=0 and let them serve media.
"""

from django.conf import settings
from django.http import Http404
from django.views.static import serve


def public_media(request, path: str):
    if ".." in path.split("/") or not path.startswith(tuple(settings.SITEOPS["PUBLIC_MEDIA"])):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=86400"
    return response
