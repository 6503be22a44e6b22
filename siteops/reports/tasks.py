from django.tasks import task

from . import services


@task
def run_due_reports() -> int:
    """Archive and send every scheduled report's last complete period (idempotent per period)."""
    return services.run_due_reports()
