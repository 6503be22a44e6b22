from django.apps import AppConfig
from django.db.models.signals import post_migrate
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
        # Cross-cutting upkeep of database triggers, not business logic.
        post_migrate.connect(ensure_triggers, sender=self, dispatch_uid="org_triggers")


def ensure_triggers(sender, using="default", **kwargs) -> list[str]:
    """The access version's (0005) and the organisation version's (0006–0008) SQLite triggers
    back after a table rebuild dropped them (permissions would otherwise stay cached). 0007
    replaces two of 0006's triggers, so it comes first."""
    from siteops.core.versions import keep_sqlite_triggers

    return keep_sqlite_triggers(
        using, "org.0008_org_version_duties", "org.0007_org_version_staff_flag",
        "org.0006_org_version", "org.0005_user_access_version",
    )  # fmt: skip
