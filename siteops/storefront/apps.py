from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StorefrontConfig(AppConfig):
    name = "siteops.storefront"
    label = "storefront"
    verbose_name = _("Shop")

    def ready(self):
        from siteops.core import hooks

        from .cache import request_shop_version
        from .dbobjects import on_post_migrate

        hooks.provide("catalog.catalogue_version", request_shop_version)

        # Cross-cutting upkeep of database triggers (see dbobjects.py), not business logic.
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="storefront_triggers")
