from django.http import JsonResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import gettext as _

from .audit import audit_context


class AuditContextMiddleware:
    """Back-office writes made directly through the admin are attributed to the logged-in user.

    Asking whether the visitor is logged in loads the user, so ``request.user`` is then set to
    the user itself rather than Django's lazy wrapper: every later ``request.user.x`` (a
    back-office page reads it a thousand times: permissions, the menu, templates) skips the
    wrapper's three Python calls."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if isinstance(user, SimpleLazyObject) and user._wrapped is not empty:
                request.user = user = user._wrapped
            with audit_context(actor=user):
                return self.get_response(request)
        return self.get_response(request)


class UntrustedQueryMiddleware:
    """A query string no page can use is refused with a translated 400 before any view runs.

    A NUL character cannot be stored or compared by PostgreSQL (psycopg refuses the query) and
    SQLite's full-text search chokes on it; no page takes one, so any parameter holding one —
    the shop's search, a list filter of the back office, an API filter — answers 400 here
    rather than a 500 deep inside a query. API paths answer the API's JSON ``Error`` shape.
    (Forms refuse NUL themselves: Django's form fields validate it.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get(
            "QUERY_STRING", ""
        ):
            if any("\x00" in v for values in request.GET.lists() for v in values[1]) or any(
                "\x00" in k for k in request.GET
            ):
                return bad_request(request, _("The address contains a NUL character."))
        return self.get_response(request)


def bad_request(request, message):
    """A 400 answer: JSON ``{"code": "invalid", "detail": …}`` on the API, a page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "invalid", "detail": str(message)}, status=400)
    return render(request, "400.html", {"message": message}, status=400)
