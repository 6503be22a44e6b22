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
        from django.db.backends.signals import connection_created

        connection_created.connect(_planner_settings, dispatch_uid="siteops.core.planner")


def _planner_settings(sender, connection, **kwargs):
    """PostgreSQL's planner costs for a database held in memory or on SSD
    (``SITEOPS_PG_RANDOM_PAGE_COST``, default 1.1; empty leaves the server's own): with the
    stock 4.0 it reads a whole table rather than look up 150 rows by primary key (the team
    board: a 10,000-row sequential scan, 6.4 ms instead of 1.2 ms; issue #20). Set once per
    connection, which the web processes keep."""
    from django.conf import settings

    cost = getattr(settings, "SITEOPS_PG_RANDOM_PAGE_COST", "")
    if connection.vendor == "postgresql" and cost:
        with connection.cursor() as cur:
            cur.execute("SELECT set_config('random_page_cost', %s, false)", [str(cost)])
