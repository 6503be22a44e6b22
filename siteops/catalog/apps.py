from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "siteops.catalog"
    label = "catalog"
    verbose_name = _("Catalogue")

    def ready(self):
        from siteops.core import hooks

        from .admin_views import may_submit

        hooks.provide("menu.may_submit_product", may_submit)
