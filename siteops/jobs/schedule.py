"""The one list of periodic jobs. The scheduler (`siteops scheduler`) imports this module.

Each entry wraps a task defined in its domain app's ``tasks.py``; the task loads ids and calls a
service, and every service here is idempotent for its period, so a second scheduler run (or a
restart) never does the work twice.
"""

from crontask import cron

from siteops.org import tasks as org_tasks

SCHEDULE = [
    # Tell acting holders (and who appointed them) that their cover ends soon.
    cron("0 8 * * *")(org_tasks.notify_acting_ending),
]
