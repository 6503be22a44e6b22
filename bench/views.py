"""The ceiling of every page benchmark: the least a Django view can do, behind all middleware.

Mounted at ``/_bench/`` only when ``SITEOPS["BENCH"]`` is on (``SITEOPS_BENCH=1``), which
``python -m bench`` sets for the gunicorn it starts. Never enabled in production.
"""

from django.http import HttpResponse
from django.urls import path

BODY = b"<!doctype html><html><head><title>ok</title></head><body><p>ok</p></body></html>"


def minimal(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("minimal/", minimal, name="bench-minimal")]
