from django.tasks import task

from . import services


@task
def expire_reservations() -> int:
    """Every few minutes: cancel unpaid orders whose stock reservation ran out (once each)."""
    return services.reservations_expire()
