"""Periodic work of the vendors-and-testing area."""

from django.tasks import task

from . import services


@task
def escalate_milestone_slips() -> int:
    """Daily: milestones now late beyond their project's threshold get ONE escalation each."""
    return services.escalate_slips()


@task
def report_defect_sla_breaches() -> int:
    """Weekly: defects the vendor has not fixed within its SLA go to the manager, each once."""
    return services.report_sla_breaches()
