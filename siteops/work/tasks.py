from django.tasks import task

from . import services, supervision


@task
def run_duty_schedules() -> int:
    """Hourly: create the items of recurring duties whose time has come (once per period)."""
    return len(supervision.run_schedules())


@task
def supervise_work() -> dict:
    """Daily: due-soon reminders, overdue notices, automatic escalation by the rules."""
    return supervision.supervise()


@task
def reroute_work() -> int:
    """Daily, just after midnight: acting cover that started or ended by date moves the work."""
    return services.items_reroute()
