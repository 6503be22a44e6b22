"""Keep where a visitor came from (UTM / referral parameters) so the order can record it: the
last touch (the latest arrival with parameters) and the first touch (the earliest within the
attribution window, ``SITEOPS["ATTRIBUTION_DAYS"]``, 30 by default), both in the session."""

import time

from django.conf import settings

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "ref")
SESSION_KEY = "siteops_utm"
FIRST_KEY = "siteops_utm_first"


def attribution_seconds() -> int:
    return int(settings.SITEOPS.get("ATTRIBUTION_DAYS", 30)) * 86400


class UtmMiddleware:
    """On arrival with utm_*/ref in the query string, remember them in the session (last touch,
    and the first touch when none is kept within the window)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        capture_utm(request)
        return self.get_response(request)


def capture_utm(request, now: float | None = None) -> None:
    if request.method != "GET" or not hasattr(request, "session") or not request.GET:
        return
    found = {k: request.GET.get(k, "").strip()[:100] for k in UTM_KEYS if request.GET.get(k)}
    if not found:
        return
    if request.session.get(SESSION_KEY) != found:
        request.session[SESSION_KEY] = found
    now = time.time() if now is None else now
    first = request.session.get(FIRST_KEY)
    if not first or now - float(first.get("at", 0)) > attribution_seconds():
        request.session[FIRST_KEY] = {**found, "at": int(now)}


def session_utm(request, now: float | None = None):
    from siteops.orders.services import Utm

    data = request.session.get(SESSION_KEY) or {}
    first = request.session.get(FIRST_KEY) or {}
    now = time.time() if now is None else now
    if first and now - float(first.get("at", 0)) > attribution_seconds():
        first = {}  # outside the window: the last touch is the first one too
    return Utm(
        source=data.get("utm_source", ""),
        medium=data.get("utm_medium", ""),
        campaign=data.get("utm_campaign", ""),
        ref=data.get("ref", ""),
        first_source=first.get("utm_source", ""),
        first_medium=first.get("utm_medium", ""),
        first_campaign=first.get("utm_campaign", ""),
    )
