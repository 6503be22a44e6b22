from django.tasks import task

from . import ledger, services


@task
def reverse_undone_orders() -> int:
    """Every 10 minutes: points earned on orders since cancelled or returned are taken back,
    exactly once each (a replay finds the reversal and does nothing)."""
    return services.reversals_post()


@task
def expire_points() -> int:
    """Nightly: what is left of each earned lot past its expiry date expires (once: a second run
    finds nothing left)."""
    return ledger.expire_lots()


@task
def warn_expiring_points() -> int:
    """Daily: members are told, once per earned lot, that points expire within the project's
    warning days."""
    return ledger.warn_expiring()


@task
def check_balances() -> int:
    """Nightly: every member's kept balance is recomputed from the ledger entries; a difference
    becomes a work item for the process editor. Returns the number of differences."""
    return ledger.balances_check().differences
