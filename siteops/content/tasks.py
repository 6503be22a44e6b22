from django.tasks import task

from . import services


@task
def publish_scheduled_pages() -> int:
    """Every minute: put due scheduled revisions of documents and pages live (once each)."""
    return services.scheduled_publish_run()


@task
def publish_due_releases() -> int:
    """Every minute: put due scheduled releases live, each all-or-nothing and once."""
    from . import releases

    return releases.releases_due_run()


@task
def open_ad_design_requests() -> int:
    """Every 5 minutes: shelf plans' ad image requests sent to the art editor become design
    requests (PED-05/ART-02), once each."""
    from . import design

    return design.requests_from_ad_plans()
