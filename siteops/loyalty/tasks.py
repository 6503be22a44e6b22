from django.tasks import task

from . import services


@task
def reverse_undone_orders() -> int:
    """Every 10 minutes: points earned on orders since cancelled or returned are taken back,
    exactly once each (a replay finds the reversal and does nothing)."""
    return services.reversals_post()
