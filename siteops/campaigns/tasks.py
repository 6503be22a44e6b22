from django.tasks import task

from . import services


@task
def close_ended_campaigns() -> int:
    """Daily: running campaigns past their end date are closed (once each)."""
    return services.campaigns_close_ended()


@task
def check_partner_links() -> dict:
    """Weekly: fetch each partner page and record whether our link is still there."""
    return services.swaps_check_links()
