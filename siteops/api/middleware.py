"""Every answer under ``/api/`` is JSON, errors raised before the API's own view included.

Django answers some refusals itself, before django-ninja runs: an unknown path under
``/api/v1/`` (the URL resolver's HTML 404), a request body over the size limit, a failed CSRF
check, a server error page; ninja answers 405 in plain text. This middleware turns any such
non-JSON error answer into the documented ``Error`` shape ``{"code": …, "detail": …}`` with the
same status, translated by Accept-Language.
"""

from __future__ import annotations

import json

from django.http import JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _codes():
    return {
        400: ("invalid", _("The request is not valid.")),
        401: ("unauthorized", _("Send a valid client token: Authorization: Bearer …")),
        403: ("forbidden", _("Not allowed for this client.")),
        404: ("not_found", _("There is nothing at this address of the API.")),
        405: ("method_not_allowed", _("This method is not allowed at this address.")),
        413: ("too_large", _("The request body is too large.")),
        429: ("throttled", _("Too many requests; try again later.")),
        500: ("server_error", _("An error on our side; the request was not completed.")),
    }


def error_body(status: int) -> dict:
    code, detail = _codes().get(status, ("error", _("The request could not be completed.")))
    return {"code": code, "detail": detail}


class JsonApiErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            if getattr(response, "streaming", False):
                return response
            try:
                body = json.loads(response.content or b"null")
            except ValueError:
                body = None
            if (
                isinstance(body, dict)
                and isinstance(body.get("code"), str)
                and isinstance(body.get("detail"), str)
            ):
                return response
            extra = {}
            if isinstance(body, dict) and isinstance(body.get("detail"), str):
                extra["detail"] = body["detail"]
            replaced = JsonResponse({**error_body(response.status_code), **extra},
                                    status=response.status_code)  # fmt: skip
        else:
            replaced = JsonResponse(error_body(response.status_code), status=response.status_code)
        for header in ("Allow", "WWW-Authenticate", "Retry-After"):
            if header in response:
                replaced[header] = response[header]
        return replaced
