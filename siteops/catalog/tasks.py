from django.tasks import task

from . import services


@task
def run_scheduled_actions() -> int:
    """Every minute: carry out due scheduled publishes, delistings and price changes (once each)."""
    return services.scheduled_actions_run()
