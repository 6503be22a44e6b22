"""Scheduled work of IT and hosting."""

from django.tasks import task

from . import services


@task
def check_availability() -> int:
    """Every minute: each active monitor of the site's own endpoints is checked once."""
    return services.monitors_run()


@task
def check_domains_and_certificates() -> dict:
    """Daily: each domain's name servers and each certificate as served, against the record."""
    from . import watch

    return watch.check_domains_and_certificates()
