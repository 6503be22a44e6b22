"""The vendor's side: what a vendor's login or system sees (its own records only) and may write.

A person of the vendor logs in like another department's staff (the ``VEN-PM`` position, which
grants only ``vendors.use_portal``); a :class:`~.models.VendorAccount` ties the login (or the
vendor's API client) to ONE vendor, and every read here starts from that vendor — there is no
path from a vendor's login to another vendor's project, milestone, defect or document.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.core.events import Acting
from siteops.org.acting import acting_for, audited

from .choices import OPEN_DEFECT, Assignee, DefectStatus, MilestoneStatus, RunStatus
from .models import (
    BaselineDate,
    Defect,
    DefectEvent,
    Milestone,
    StatusReport,
    StatusReportLine,
    TechnicalDocument,
    TestRun,
    Vendor,
    VendorAccount,
    VendorProject,
)

PORTAL_PERM = "vendors.use_portal"
#: What the vendor may do to a defect assigned to it.
VENDOR_DEFECT_ACTIONS = ("fix", "comment")


def vendor_of(*, user=None, client=None) -> Vendor | None:
    """The vendor a login or an API client belongs to (None: not a vendor's)."""
    if user is not None and getattr(user, "is_authenticated", False):
        qs = VendorAccount.objects.filter(user=user)
    elif client is not None:
        qs = VendorAccount.objects.filter(api_client=client)
    else:
        return None
    account = qs.select_related("vendor").first()
    return account.vendor if account else None


def vendor_acting(*, actor=None, client=None) -> tuple[Acting, Vendor]:
    """The position the vendor's login/system acts as, and its vendor; else NotAllowed."""
    who = acting_for(actor, PORTAL_PERM, client=client)
    vendor = vendor_of(user=actor, client=client)
    if vendor is None:
        raise NotAllowed(_("This login is not tied to a vendor."))
    return who, vendor


# --- reads: everything starts from the vendor ------------------------------------------------


def projects_of(vendor: Vendor):
    return VendorProject.objects.filter(vendor=vendor).select_related("reference_baseline")


def milestones_of(vendor: Vendor):
    return Milestone.objects.filter(project__vendor=vendor).select_related("project")


def defects_of(vendor: Vendor):
    """Defects of the vendor's projects that are assigned to the vendor (not our maintainer's)."""
    return Defect.objects.filter(project__vendor=vendor, assignee=Assignee.VENDOR).select_related(
        "project"
    )


def documents_of(vendor: Vendor):
    """The technical documents sent to the vendor (every issued version of its projects)."""
    return TechnicalDocument.objects.filter(project__vendor=vendor).select_related("project")


def with_slip(milestones: list[Milestone], today: datetime.date | None = None) -> list[Milestone]:
    """Each milestone's ``baseline_date`` and ``slip`` against its project's reference baseline
    (one query for any number of milestones and projects)."""
    from .schedule import slippage_days

    pairs = {(m.project.reference_baseline_id, m.pk) for m in milestones}
    dates = {}
    if pairs:
        for bid, mid, date in BaselineDate.objects.filter(
            baseline_id__in={b for b, _m in pairs if b}, milestone_id__in={m for _b, m in pairs}
        ).values_list("baseline_id", "milestone_id", "date"):
            dates[(bid, mid)] = date
    for m in milestones:
        m.baseline_date = dates.get((m.project.reference_baseline_id, m.pk))
        m.slip = slippage_days(m, m.baseline_date, today)
    return milestones


def overview(vendor: Vendor) -> dict:
    """The portal's home page: projects with their milestones, documents, defects and reports.

    A fixed number of queries whatever the number of projects.
    """
    projects = list(projects_of(vendor))
    milestones = with_slip(
        list(milestones_of(vendor).select_related("project__reference_baseline"))
    )
    by_project = defaultdict(list)
    for m in milestones:
        by_project[m.project_id].append(m)
    for p in projects:
        p.portal_milestones = by_project.get(p.pk, [])
    return {
        "vendor": vendor,
        "projects": projects,
        "documents": list(documents_of(vendor).order_by("project__code", "-version")[:100]),
        "defects": list(
            defects_of(vendor).filter(status__in=OPEN_DEFECT).order_by("fix_due", "pk")[:200]
        ),
        "test_reports": list(
            TestRun.objects.filter(plan__project__vendor=vendor, status=RunStatus.CLOSED)
            .select_related("plan__project")
            .order_by("-closed_at", "-pk")[:50]
        ),
        "reports": list(
            StatusReport.objects.filter(project__vendor=vendor)
            .select_related("project", "actor", "client")
            .order_by("-week_ending", "-pk")[:20]
        ),
    }


# --- writes ----------------------------------------------------------------------------------


def _own(obj_vendor_id: int, vendor: Vendor) -> None:
    if obj_vendor_id != vendor.pk:
        raise NotAllowed(_("This belongs to another vendor."))


@transaction.atomic
def status_report_submit(*, actor=None, client=None, project: VendorProject,
                         week_ending: datetime.date, summary: str, risks: str = "",
                         next_steps: str = "", lines: list[dict] = ()) -> StatusReport:  # fmt: skip
    """The weekly status report: a dated record; each milestone line updates the vendor's
    progress, and a new forecast date goes into the delay log with its reason (the manager
    sees it on the project page; beyond the threshold it escalates once)."""
    from .services import milestone_forecast

    who, vendor = vendor_acting(actor=actor, client=client)
    _own(project.vendor_id, vendor)
    today = timezone.localdate()
    if week_ending > today + datetime.timedelta(days=7):
        raise DomainError(_("The week ending may be at most a week from today."), code="invalid")
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError(_("Say what was done this week."))
    if StatusReport.objects.filter(project=project, week_ending=week_ending).exists():
        raise IllegalTransition(
            _("The report for the week ending %(d)s is already in.") % {"d": week_ending},
            code="exists",
        )
    milestones = {m.pk: m for m in project.milestones.select_related("project")}
    seen = set()
    for line in lines:
        m = milestones.get(line.get("milestone"))
        if m is None:
            raise DomainError(_("A line names a milestone of another project."), code="invalid")
        if m.pk in seen:
            raise DomainError(_("A milestone is reported twice."), code="invalid")
        seen.add(m.pk)
        progress = line.get("progress")
        if not isinstance(progress, int) or not 0 <= progress <= 100:
            raise DomainError(_("Progress is a percentage from 0 to 100."), code="invalid")
    report = StatusReport(
        project=project,
        week_ending=week_ending,
        summary=summary[:8000],
        risks=(risks or "").strip()[:8000],
        next_steps=(next_steps or "").strip()[:8000],
        **who.event_fields(),
    )
    report.full_clean()
    slips = []
    with audited(who):
        report.save()
        for line in lines:
            m = milestones[line["milestone"]]
            new_date = line.get("forecast_date") or m.forecast_date
            reason = (line.get("reason") or "").strip()
            if m.status == MilestoneStatus.ACCEPTED:
                raise IllegalTransition(
                    _("Milestone %(code)s is accepted: its dates are final.") % {"code": m.code}
                )
            if new_date != m.forecast_date:
                if not reason:
                    raise ValidationError(
                        _("Milestone %(code)s: give the reason for the new date.")
                        % {"code": m.code}
                    )
                if new_date > m.forecast_date:
                    slips.append((m, m.forecast_date, new_date))
                milestone_forecast(
                    actor=None, milestone=m, new_date=new_date, reason=reason,
                    progress=line["progress"], who=who,
                )  # fmt: skip
            else:
                Milestone.objects.filter(pk=m.pk).update(vendor_progress=line["progress"])
            StatusReportLine.objects.create(
                report=report, milestone=m, progress=line["progress"], forecast_date=new_date,
                reason=reason[:2000],
            )  # fmt: skip
    _tell_manager(report, slips)
    return report


def _tell_manager(report: StatusReport, slips: list) -> None:
    from siteops.org.selectors import resolve
    from siteops.work.choices import NotificationKind
    from siteops.work.notify import notify_people

    link = reverse("admin:vendors_project", args=[report.project_id]) + "#reports"
    if slips:
        title = _("The vendor reports a slip")
        message = "; ".join(
            _("%(code)s: %(old)s → %(new)s") % {"code": m.code, "old": old, "new": new}
            for m, old, new in slips
        )
    else:
        title = _("Weekly status report")
        message = _("%(project)s, week ending %(week)s") % {
            "project": report.project,
            "week": report.week_ending,
        }

    def send():
        notify_people(
            list(resolve("MGR").users),
            kind=NotificationKind.ESCALATED if slips else NotificationKind.DONE,
            title=title,
            message=message,
            link=link,
        )

    transaction.on_commit(send)


@transaction.atomic
def defect_update(*, actor=None, client=None, defect: Defect, action: str, comment: str = "",
                  build: str = "") -> Defect:  # fmt: skip
    """The vendor marks a defect assigned to it fixed (in a build), or comments on it."""
    from .services import DEFECT_TRANSITIONS, move

    who, vendor = vendor_acting(actor=actor, client=client)
    _own(defect.project.vendor_id, vendor)
    if defect.assignee != Assignee.VENDOR:
        raise NotAllowed(_("This defect is not assigned to the vendor."))
    if action not in VENDOR_DEFECT_ACTIONS:
        raise DomainError(_("Unknown step."), code="invalid")
    comment = (comment or "").strip()[:2000]
    old = defect.status
    if action == "fix":
        build = (build or "").strip()[:60]
        move(defect, DEFECT_TRANSITIONS, "fix", **({"target_build": build} if build else {}))
    elif not comment:
        raise ValidationError(_("Write the comment."))
    elif defect.status == DefectStatus.CLOSED:
        raise IllegalTransition(_("The defect is closed."))
    DefectEvent.objects.create(
        defect=defect, from_status=old, to_status=defect.status, comment=comment,
        **who.event_fields(),
    )  # fmt: skip
    return defect


@transaction.atomic
def document_acknowledge(*, actor=None, client=None, document: TechnicalDocument,
                         signatory: str) -> TechnicalDocument:  # fmt: skip
    """The vendor acknowledges a version of the technical document sent to it."""
    from .services import acknowledge

    who, vendor = vendor_acting(actor=actor, client=client)
    _own(document.project.vendor_id, vendor)
    return acknowledge(document=document, who=who, signatory=signatory)
