"""The one list of periodic jobs. The scheduler (`siteops scheduler`) imports this module.

Each entry wraps a task defined in its domain app's ``tasks.py``; the task loads ids and calls a
service, and every service here is idempotent for its period, so a second scheduler run (or a
restart) never does the work twice.
"""

from crontask import cron

from siteops.catalog import tasks as catalog_tasks
from siteops.orders import tasks as order_tasks
from siteops.org import tasks as org_tasks
from siteops.reports import tasks as report_tasks
from siteops.work import tasks as work_tasks

SCHEDULE = [
    # Tell acting holders (and who appointed them) that their cover ends soon.
    cron("0 8 * * *")(org_tasks.notify_acting_ending),
    # Work: recurring duty items (e.g. PRC-04 Mondays 09:00) — hourly, once per period each.
    cron("1 * * * *")(work_tasks.run_duty_schedules),
    # Work: acting cover that starts/ends by date moves open items to the new cover.
    cron("5 0 * * *")(work_tasks.reroute_work),
    # Work: supervision — due-soon reminders, overdue notices, automatic escalation.
    cron("30 8 * * *")(work_tasks.supervise_work),
    # Catalogue: scheduled publish/delist and effective-dated prices, each carried out once.
    cron("* * * * *")(catalog_tasks.run_scheduled_actions),
    # Orders: unpaid orders whose stock reservation ran out are cancelled (stock back once).
    cron("*/5 * * * *")(order_tasks.expire_reservations),
    # Reports (PRC-04/07): each scheduled report's last complete period, archived and sent once;
    # also finishes the duty schedule's work item that asked for it (hourly, so within the hour).
    cron("15 * * * *")(report_tasks.run_due_reports),
]
