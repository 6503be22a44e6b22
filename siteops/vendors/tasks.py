"""Periodic work of the vendors-and-testing area."""

from django.tasks import task

from . import services


@task
def escalate_milestone_slips() -> int:
    """Daily: milestones now late beyond their project's threshold get ONE escalation each."""
    return services.escalate_slips()
