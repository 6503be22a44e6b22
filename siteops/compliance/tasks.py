"""Scheduled work of the compliance area."""

from django.tasks import task

from . import services


@task
def open_licence_obligations() -> int:
    """Daily: each licence's obligations that opened today become filings with due dates."""
    return len(services.filings_open())
