"""The one list of periodic jobs. The scheduler (`siteops scheduler`) registers them (tasks.py).

Each entry wraps a task defined in its domain app's ``tasks.py``; the task loads ids and calls a
service, and every service here is idempotent for its period, so a second scheduler run (or a
restart) never does the work twice. Each run that succeeds is recorded (``JobRun``), and a job
more than ``SITEOPS["JOB_LATE_MINUTES"]`` (15) minutes behind this schedule is shown as late on
the manager's and the programming lead's workbench and by ``/healthz``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.tasks import Task
from django.utils.translation import gettext_lazy as _

from siteops.campaigns import tasks as campaign_tasks
from siteops.catalog import tasks as catalog_tasks
from siteops.compliance import tasks as compliance_tasks
from siteops.content import tasks as content_tasks
from siteops.deadlines import tasks as deadline_tasks
from siteops.infra import tasks as infra_tasks
from siteops.loyalty import tasks as loyalty_tasks
from siteops.orders import tasks as order_tasks
from siteops.org import tasks as org_tasks
from siteops.people import tasks as people_tasks
from siteops.reports import tasks as report_tasks
from siteops.vendors import tasks as vendor_tasks
from siteops.work import tasks as work_tasks


@dataclass(frozen=True)
class Job:
    cron: str  # crontab syntax, in the site's time zone (TIME_ZONE); weekdays as Mon…Sun
    task: Task
    title: str = ""  # what the late-job banner calls it (translated)

    @property
    def name(self) -> str:
        return self.task.module_path


JOBS = [
    # Tell acting holders (and who appointed them) that their cover ends soon.
    Job("0 8 * * *", org_tasks.notify_acting_ending, _("Acting cover ending soon")),
    # Work: recurring duty items (e.g. PRC-04 Mondays 09:00) — hourly, once per period each.
    Job("1 * * * *", work_tasks.run_duty_schedules, _("Recurring duty work items")),
    # Work: acting cover that starts/ends by date moves open items to the new cover.
    Job("5 0 * * *", work_tasks.reroute_work, _("Work follows acting cover")),
    # People: approved 转正/解职/升职/降级/transfers take effect on their date (once); PIPL.
    Job("2 0 * * *", people_tasks.people_daily, _("Personnel changes on their effective date")),
    # Due dates: obligations' occurrences, passed deadlines → work items, one digest a person.
    # Before supervision, so that a deadline's new work item is escalated the same morning.
    Job("10 8 * * *", deadline_tasks.send_deadline_digests, _("Due-date digests")),
    # Compliance: each licence's obligations that open today (ICP证 annual report on 2 January,
    # renewals 120 days before expiry) become filings with due dates — before the digests.
    Job(
        "5 8 * * *",
        compliance_tasks.open_licence_obligations,
        _("Licence obligations that open today"),
    ),
    # Compliance: each live site's footer shows the register's numbers, links and icons.
    Job("45 7 * * *", compliance_tasks.check_live_footers, _("Licence numbers in the live footer")),
    # Compliance: policies take effect on their date; an overdue review sets "needs review".
    Job("6 8 * * *", compliance_tasks.review_documents, _("Policy effective dates and reviews")),
    # Work: supervision — due-soon reminders, overdue notices, automatic escalation.
    Job("30 8 * * *", work_tasks.supervise_work, _("Work supervision and escalation")),
    # Catalogue: scheduled publish/delist and effective-dated prices, each carried out once.
    Job("* * * * *", catalog_tasks.run_scheduled_actions, _("Scheduled publishing and prices")),
    # Content: scheduled revisions of documents and topic pages go live (once each).
    Job("* * * * *", content_tasks.publish_scheduled_pages, _("Scheduled page publishing")),
    # Content: scheduled releases (pages, slogans, ads together) go live all-or-nothing.
    Job("* * * * *", content_tasks.publish_due_releases, _("Scheduled releases")),
    # Content (PED-05/ART-02): the shelf plans' ad image requests become design requests.
    Job(
        "*/5 * * * *",
        content_tasks.open_ad_design_requests,
        _("Ad image requests to design requests"),
    ),
    # Availability: every monitor of the site's own endpoints once a minute (2 fails → incident).
    Job("* * * * *", infra_tasks.check_availability, _("Availability monitors")),
    # Hosting: name servers and served certificates against the record (one alert per change).
    Job(
        "40 7 * * *", infra_tasks.check_domains_and_certificates, _("Name servers and certificates")
    ),
    # Orders: unpaid orders whose stock reservation ran out are cancelled (stock back once).
    Job("*/5 * * * *", order_tasks.expire_reservations, _("Unpaid orders' reservations")),
    # Reports (PRC-04/07): each scheduled report's last complete period, archived and sent once;
    # also finishes the duty schedule's work item that asked for it (hourly, so within the hour).
    Job("15 * * * *", report_tasks.run_due_reports, _("Scheduled reports")),
    # Vendors (MGR-13): a milestone late beyond its threshold escalates to the manager, once.
    Job("20 8 * * *", vendor_tasks.escalate_milestone_slips, _("Vendor milestone slips")),
    # Vendors (MGR-14): defects past their fix SLA, reported on Mondays — each breach once.
    Job("25 8 * * Mon", vendor_tasks.report_defect_sla_breaches, _("Defect fix SLA breaches")),
    # Points: orders cancelled or returned after earning give back exactly their points, once.
    Job(
        "*/10 * * * *",
        loyalty_tasks.reverse_undone_orders,
        _("Points of cancelled or returned orders"),
    ),
    # Points: earned lots past their date expire (what is left of each, once), at 00:30; members
    # are warned before (once per lot, 09:00); every balance is checked against its entries.
    Job("30 0 * * *", loyalty_tasks.expire_points, _("Points expiry")),
    Job("0 9 * * *", loyalty_tasks.warn_expiring_points, _("Points expiry warnings")),
    Job("45 2 * * *", loyalty_tasks.check_balances, _("Points balance check")),
    # Campaigns: running campaigns past their end date are closed (ACT-01), once each.
    Job("20 0 * * *", campaign_tasks.close_ended_campaigns, _("Campaigns past their end")),
    # Partner link swaps: our link on each partner page, checked weekly (PRM-01), Monday 06:40.
    Job("40 6 * * Mon", campaign_tasks.check_partner_links, _("Partner link checks")),
]

BY_NAME = {job.name: job for job in JOBS}
