"""The v1 integration API. Each domain app keeps its own ``api.py`` with a ``router``."""

import importlib

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from siteops.core.errors import DomainError

from .auth import ClientTokenAuth
from .schemas import Error

api = NinjaAPI(
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
                    api.add_router(getattr(module, "PREFIX", ""), router)


_autodiscover()
__all__ = ["Error", "api"]
