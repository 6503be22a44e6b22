from .audit import audit_context


class AuditContextMiddleware:
    """Back-office writes made directly through the admin are attributed to the logged-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            with audit_context(actor=user):
                return self.get_response(request)
        return self.get_response(request)
