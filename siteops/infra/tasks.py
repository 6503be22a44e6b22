"""Scheduled work of IT and hosting."""

from django.tasks import task

from . import services


@task
def check_availability() -> int:
    """Every minute: each active monitor of the site's own endpoints is checked once."""
    return services.monitors_run()
