"""Scheduled work of the people area (registered in siteops/jobs/schedule.py)."""

from django.tasks import task


@task
def people_daily():
    """PIPL retention of candidates' data (and, see services, dated personnel changes)."""
    from . import services

    return {"anonymised": services.candidates_anonymise()}
