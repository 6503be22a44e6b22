import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _freeze_startup_objects() -> None:
    """Load what every request needs (URL patterns, the admin's registrations, templates' tag
    libraries), then move everything alive into the garbage collector's permanent generation.

    A worker holds ~250k objects after start-up; each full collection walked them all (≈100–300
    ms on this project's 2-core machines, about one every ten back-office requests: issue #20
    measured 27 ms a request on average, and it is what made the p95 of every page). Nothing of
    start-up is garbage, so nothing is lost by not scanning it again. Run in each gunicorn
    worker (no --preload), after its import of this module.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every app's urls and admin
    gc.collect()
    gc.freeze()


if os.environ.get("SITEOPS_GC_FREEZE", "1") != "0":
    _freeze_startup_objects()
