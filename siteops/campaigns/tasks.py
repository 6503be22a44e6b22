from django.tasks import task

from . import services


@task
def close_ended_campaigns() -> int:
    """Daily: running campaigns past their end date are closed (once each)."""
    return services.campaigns_close_ended()
