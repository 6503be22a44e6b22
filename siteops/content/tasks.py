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
