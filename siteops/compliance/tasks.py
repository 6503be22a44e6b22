"""Scheduled work of the compliance area."""

from django.tasks import task

from . import services


@task
def open_licence_obligations() -> int:
    """Daily: each licence's obligations that opened today become filings with due dates (and
    the yearly compliance report stays scheduled for leadership)."""
    from . import reports

    reports.ensure_yearly_definition()
    return len(services.filings_open())


@task
def review_documents() -> dict:
    """Daily: approved documents take effect on their date; overdue reviews → "needs review"."""
    from . import documents

    return documents.documents_daily()


@task
def check_live_footers() -> dict:
    """Daily: each live site's footer against the register (numbers, links, icons)."""
    from . import sites

    return sites.footer_check()
