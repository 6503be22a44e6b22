from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MerchConfig(AppConfig):
    name = "siteops.merch"
    label = "merch"
    verbose_name = _("Shelves and ads")

    def ready(self):
        from siteops.core import hooks

        from .selectors import product_on_live_shelf

        hooks.provide("catalog.products_on_live_shelf", product_on_live_shelf)
