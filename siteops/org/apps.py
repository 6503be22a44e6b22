from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "siteops.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        from siteops.core.audit import fill_history_record

        pre_create_historical_record.connect(fill_history_record, dispatch_uid="siteops_audit")

        from siteops.core import hooks

        from .selectors import holds_position_today, position_names

        hooks.provide("core.backoffice_access", holds_position_today)
        hooks.provide("core.position_names", position_names)

        from .acting import acting_for

        hooks.provide("core.acting_for", acting_for)

        from django.contrib.auth.signals import user_logged_in

        from .access import warm_on_login

        user_logged_in.connect(warm_on_login, dispatch_uid="siteops_org_warm_access")
