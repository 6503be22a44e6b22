from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MerchConfig(AppConfig):
    name = "siteops.merch"
    label = "merch"
    verbose_name = _("Shelves and ads")
