from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "siteops.work"
    label = "work"
    verbose_name = _("Work")

    def ready(self):
        from siteops.org.signals import staffing_changed

        from . import deadline_work  # noqa: F401  (a passed deadline opens a work item)
        from .receivers import on_staffing_changed

        staffing_changed.connect(on_staffing_changed, dispatch_uid="work_reroute_on_staffing")
        # Cross-cutting upkeep of database triggers, not business logic.
        post_migrate.connect(ensure_triggers, sender=self, dispatch_uid="work_triggers")


def ensure_triggers(sender, using="default", **kwargs) -> list[str]:
    """The load version's SQLite triggers (migration 0009) back after a table rebuild."""
    from siteops.core.versions import keep_sqlite_triggers

    return keep_sqlite_triggers(using, "work.0009_load_version")
