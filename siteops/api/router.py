"""The v1 integration API. Each domain app keeps its own ``api.py`` with a ``router`` and a
``PREFIX``: one path segment without slashes (``"catalog"`` → ``/api/v1/catalog/…``; ``""`` for
endpoints at the top, like work's ``/api/v1/requests``). Endpoint paths in the router start with
``/`` (``@router.get("/products")``)."""

import importlib
import re

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import DataError
from django.http import Http404
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

from siteops.core.errors import DomainError

from .auth import ClientTokenAuth
from .schemas import Error

ERROR_REF = {"$ref": "#/components/schemas/Error"}
COMMON_ERRORS = {
    "400": "Invalid request: a parameter, header or body field is missing or malformed",
    "401": "Missing or invalid client token",
}


class SiteOpsAPI(NinjaAPI):
    """NinjaAPI whose schema documents the errors the framework itself can answer.

    Any operation with parameters or a body can be refused with 400 (request validation, turned
    into the ``Error`` shape below) and any authenticated one with 401, whether or not the app's
    ``response=`` map lists them; the schema says so, so that clients and the schemathesis fuzzing
    (tests/api) see every status an endpoint can return.
    """

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for item in schema.get("paths", {}).values():
            for op in item.values():
                if not isinstance(op, dict) or "responses" not in op:
                    continue
                wanted = []
                if op.get("parameters") or op.get("requestBody"):
                    wanted.append("400")
                if op.get("security", schema.get("security")) or self.auth:
                    wanted.append("401")
                # Every write that takes an Idempotency-Key refuses one without it
                # (core.idempotency.run_once): document the header as required.
                for param in op.get("parameters", []):
                    if param.get("in") == "header" and param.get("name") == "Idempotency-Key":
                        param["required"] = True
                        param["schema"] = {"type": "string", "minLength": 1, "maxLength": 200}
                for status in wanted:
                    op["responses"].setdefault(
                        status,
                        {
                            "description": COMMON_ERRORS[status],
                            "content": {"application/json": {"schema": ERROR_REF}},
                        },
                    )
        schema.setdefault("components", {}).setdefault("schemas", {}).setdefault(
            "Error", Error.model_json_schema()
        )
        return schema


api = SiteOpsAPI(
    title="SiteOps API",
    version="1",
    description=(
        "For other departments' systems (Purchasing, Warehouse, Logistics, Customer Service…). "
        "Authenticate with `Authorization: Bearer <token>`; writes take an `Idempotency-Key` "
        "header: a replay returns the first answer, the same key with another body gets 422."
    ),
    auth=ClientTokenAuth(),
    urls_namespace="api-v1",
)


@api.exception_handler(Http404)
def not_found(request, exc):
    """``get_object_or_404`` in any app's endpoint: the documented Error shape, with a code."""
    return api.create_response(
        request, {"code": "not_found", "detail": _("Not found.")}, status=404
    )


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(
        request, {"code": exc.code, "detail": str(exc)}, status=exc.status_code
    )


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    return api.create_response(
        request, {"code": "invalid", "detail": "; ".join(exc.messages)}, status=400
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(
        request,
        {"code": "unauthorized", "detail": _("Send a valid client token: Authorization: Bearer …")},
        status=401,
    )


@api.exception_handler(RequestValidationError)
def invalid_request(request, exc: RequestValidationError):
    """Malformed parameters or body: 400 with the documented Error shape (not ninja's 422)."""
    problems = []
    for error in exc.errors:
        where = ".".join(str(p) for p in error.get("loc", ())[1:] if p != "payload")
        problems.append(f"{where}: {error.get('msg')}" if where else str(error.get("msg")))
    return api.create_response(
        request, {"code": "invalid", "detail": "; ".join(problems)}, status=400
    )


HTTP_ERROR_CODES = {400: "invalid", 403: "forbidden", 404: "not_found", 405: "not_allowed",
                    429: "throttled"}  # fmt: skip


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """ninja's own refusals (an unparseable body is a 400 "Cannot parse request body") in the
    documented Error shape."""
    detail = str(exc)
    if detail.startswith("Cannot parse request body"):
        detail = _("The request body is not valid JSON.")
    code = HTTP_ERROR_CODES.get(exc.status_code, "error")
    return api.create_response(request, {"code": code, "detail": detail}, status=exc.status_code)


@api.exception_handler(DataError)
def data_error(request, exc):
    """Values the database cannot store (a NUL character in text, a date far outside its range):
    the request is refused and nothing was written (the transaction rolled back)."""
    return api.create_response(
        request,
        {"code": "invalid", "detail": _("A value in the request cannot be stored (out of range "
                                        "or containing a NUL character).")},
        status=400,
    )  # fmt: skip


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(
        request, {"code": "forbidden", "detail": _("Not allowed for this client.")}, status=403
    )


def _autodiscover():
    for config in apps.get_app_configs():
        if config.name.startswith("siteops.") and config.name != "siteops.api":
            if module_has_submodule(config.module, "api"):
                module = importlib.import_module(f"{config.name}.api")
                router = getattr(module, "router", None)
                if router is not None:
                    api.add_router(_prefix(module), router)


PREFIX_RE = re.compile(r"^([a-z][a-z0-9-]*)?$")


def _prefix(module) -> str:
    """The app's one path segment; any other spelling is a start-up error, so every app
    declares it the same way."""
    prefix = getattr(module, "PREFIX", None)
    if prefix is None or not PREFIX_RE.match(prefix):
        raise ImproperlyConfigured(
            f"{module.__name__}.PREFIX must be one path segment without slashes "
            f"(e.g. 'catalog', or '' for the top), not {prefix!r}."
        )
    return f"/{prefix}" if prefix else ""


_autodiscover()
__all__ = ["Error", "api"]
