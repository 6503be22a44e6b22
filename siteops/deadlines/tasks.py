from django.tasks import task

from . import services


@task
def send_deadline_digests() -> dict:
    """Daily: new occurrences of obligations, passed deadlines → work items, one digest a person."""
    return services.run_daily()
