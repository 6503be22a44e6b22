from django.tasks import task

from . import services


@task
def notify_acting_ending() -> int:
    """Daily: email acting holders whose cover ends within the notice window (once each)."""
    return services.acting_ending_notify()
