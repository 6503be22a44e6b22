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


# --- Error pages: the back office keeps its shell and menu ----------------------------------


def _backoffice_error(request, status: int, title, explanation):
    """A 403/404 inside the back office (its sidebar and menu) for someone who may use it;
    None when the request is not a back-office one (the shop's own page is used)."""
    from django.contrib import admin
    from django.template.response import TemplateResponse
    from django.urls import reverse

    from siteops.core.admin_site import has_backoffice_access

    try:
        prefix = reverse("admin:index")
    except Exception:  # noqa: BLE001 - no back office mounted
        return None
    user = getattr(request, "user", None)
    if not request.path.startswith(prefix) or user is None or not has_backoffice_access(user):
        return None
    context = {
        **admin.site.each_context(request),
        "title": title,
        "explanation": explanation,
        "status": status,
    }
    response = TemplateResponse(request, "admin/siteops_error.html", context, status=status)
    return response.render()


def page_not_found(request, exception=None):
    from django.utils.translation import gettext as _
    from django.views import defaults

    response = _backoffice_error(
        request,
        404,
        _("Page not found"),
        _("This page does not exist, or it is not (or no longer) yours to see."),
    )
    return response or defaults.page_not_found(request, exception)


def permission_denied(request, exception=None):
    from django.utils.translation import gettext as _
    from django.views import defaults

    response = _backoffice_error(
        request,
        403,
        _("Not allowed"),
        _("Your position does not allow this page or action."),
    )
    return response or defaults.permission_denied(request, exception)
