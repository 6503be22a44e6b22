from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfraConfig(AppConfig):
    name = "siteops.infra"
    label = "infra"
    verbose_name = _("IT and hosting")
