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


def ensure_triggers(sender, using="default", **kwargs) -> None:
    """Re-create the load version's SQLite triggers (migration 0009) after every migrate: SQLite
    alters a table by rebuilding it, which drops the triggers on it. PostgreSQL keeps them."""
    import importlib

    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cur:
        cur.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'work_load_version'"
        )
        if cur.fetchone() is None:
            return  # not migrated that far yet
        importlib.import_module("siteops.work.migrations.0009_load_version").sqlite_ensure(
            cur.execute
        )
