"""Keep where a visitor came from (UTM / referral parameters) so the order can record it."""

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "ref")
SESSION_KEY = "siteops_utm"


class UtmMiddleware:
    """On arrival with utm_*/ref in the query string, remember them in the session (last touch)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        capture_utm(request)
        return self.get_response(request)


def capture_utm(request) -> None:
    if request.method != "GET" or not hasattr(request, "session"):
        return
    found = {k: request.GET.get(k, "").strip()[:100] for k in UTM_KEYS if request.GET.get(k)}
    if found and request.session.get(SESSION_KEY) != found:
        request.session[SESSION_KEY] = found


def session_utm(request):
    from siteops.orders.services import Utm

    data = request.session.get(SESSION_KEY) or {}
    return Utm(
        source=data.get("utm_source", ""),
        medium=data.get("utm_medium", ""),
        campaign=data.get("utm_campaign", ""),
        ref=data.get("ref", ""),
    )
