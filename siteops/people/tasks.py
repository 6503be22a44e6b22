"""Scheduled work of the people area (registered in siteops/jobs/schedule.py)."""

from django.tasks import task


@task
def people_daily() -> dict:
    """Daily: approved personnel requests whose effective date has come change the appointments
    (exactly once each); candidates' data past the retention period is anonymised."""
    from . import personnel, services

    return {
        "personnel_changes": personnel.personnel_changes_apply(),
        "anonymised": services.candidates_anonymise(),
    }
