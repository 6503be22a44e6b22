from django.tasks import task

from . import services


@task
def publish_scheduled_pages() -> int:
    """Every minute: put due scheduled revisions of documents and pages live (once each)."""
    return services.scheduled_publish_run()
