from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FulfilmentConfig(AppConfig):
    """Order operations: the order pool, delivery batches, Logistics and Customer Service syncs."""

    name = "siteops.fulfilment"
    label = "fulfilment"
    verbose_name = _("Order operations")
