"""The ceilings of the page benchmarks, mounted at ``/_bench/`` only when ``SITEOPS["BENCH"]`` is on
(``SITEOPS_BENCH=1``), which ``python -m bench`` sets for the gunicorn it starts. Never enabled in
production.

- ``/_bench/minimal/``: the least a Django view can do, behind all middleware.
- ``/_bench/admin/``: the **stock Django admin** (``django.contrib.admin.AdminSite``, Django's own
  templates, no theme, no custom menu) of the same models with the same rows, so that a back-office
  page can be measured against what Django itself costs (issue #20). Its templates come from a
  template engine of its own that reads only ``django/contrib/admin/templates``: unfold overrides
  the ``admin/*.html`` names in the site's engine. Same session, same authentication backend (the
  permissions of positions), same middleware as every other page.
"""

from __future__ import annotations

from pathlib import Path

from django.http import HttpResponse
from django.urls import path

BODY = b"<!doctype html><html><head><title>ok</title></head><body><p>ok</p></body></html>"


def minimal(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


_ENGINE = None


def stock_engine():
    """A DjangoTemplates backend that sees only Django's own admin templates (cached loader)."""
    global _ENGINE
    if _ENGINE is None:
        import django.contrib.admin
        from django.conf import settings
        from django.template.backends.django import DjangoTemplates

        dirs = [Path(django.contrib.admin.__file__).parent / "templates"]
        main = settings.TEMPLATES[0]["OPTIONS"]
        _ENGINE = DjangoTemplates(
            {
                "NAME": "bench_stock_admin",
                "DIRS": dirs,
                "APP_DIRS": False,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.template.context_processors.i18n",
                        "django.template.context_processors.csp",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ],
                    "loaders": [
                        (
                            "django.template.loaders.cached.Loader",
                            ["django.template.loaders.filesystem.Loader"],
                        ),
                    ],  # fmt: skip
                    "debug": main.get("OPTIONS", {}).get("debug", False),
                },
            }
        )
    return _ENGINE


def _stock_templates(response):
    """Render a TemplateResponse of the stock admin with the stock engine, not the site's."""
    from django.template.backends.django import Template
    from django.template.response import SimpleTemplateResponse

    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        backend = stock_engine()

        def resolve(template, backend=backend):
            if isinstance(template, (list, tuple)):
                return Template(backend.engine.select_template(template), backend)
            if isinstance(template, str):
                return Template(backend.engine.get_template(template), backend)
            return template

        response.resolve_template = resolve
    return response


def _stock_site():
    from django.contrib import admin

    from siteops.catalog.admin import ProductAdmin
    from siteops.catalog.models import Product
    from siteops.orders.admin import OrderAdmin
    from siteops.orders.models import Order
    from siteops.work.admin import WorkItemAdmin
    from siteops.work.models import WorkItem

    class StockAdminSite(admin.AdminSite):
        site_header = "Stock Django admin (bench reference)"

        def has_permission(self, request):
            # Django's default door (is_active and is_staff): the bench users are staff.
            return request.user.is_active and request.user.is_staff

        def admin_view(self, view, cacheable=False):
            inner = super().admin_view(view, cacheable)

            def wrapped(request, *args, **kwargs):
                return _stock_templates(inner(request, *args, **kwargs))

            wrapped.__wrapped__ = inner
            return wrapped

    def mirror(siteops_admin, model):
        """A plain ModelAdmin showing the same columns (those that are model fields), joins,
        page size and ordering as the back office's list; Django's defaults for everything else
        (it counts every row, like the stock admin does)."""
        field_names = {f.name for f in model._meta.get_fields()}
        cols = [c for c in siteops_admin.list_display if c in field_names] or ["__str__"]
        attrs = {
            "list_display": cols,
            "list_select_related": list(siteops_admin.list_select_related or []),
            "list_per_page": siteops_admin.list_per_page,
            "ordering": siteops_admin.ordering,
        }
        fields = getattr(siteops_admin, "fields", None)
        if fields:
            attrs["fields"] = [f for f in fields if f in field_names]
            attrs["readonly_fields"] = [
                f for f in (siteops_admin.readonly_fields or []) if f in attrs["fields"]
            ]
        return type(f"Stock{model.__name__}Admin", (admin.ModelAdmin,), attrs)

    site = StockAdminSite(name="bench_stock_admin")
    site.register(Product, mirror(ProductAdmin, Product))
    site.register(WorkItem, mirror(WorkItemAdmin, WorkItem))
    site.register(Order, mirror(OrderAdmin, Order))
    return site


stock_site = _stock_site()

urlpatterns = [
    path("minimal/", minimal, name="bench-minimal"),
    path("admin/", stock_site.urls),
]
