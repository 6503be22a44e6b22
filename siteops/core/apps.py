from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "siteops.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # Uploaded files are stored under generated names (siteops/core/uploads.py).
        from .uploads import install

        install()
