"""Every write of the vendors-and-testing area. Transitions are tables; updates are conditional."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.core.revisions import revision_publish, revision_save
from siteops.deadlines.services import deadline_done, deadline_register, kind_ensure
from siteops.org.acting import Acting, acting_for, audited
from siteops.org.models import Position
from siteops.org.selectors import resolve
from siteops.work.choices import NotificationKind, WorkSource
from siteops.work.choices import Priority as WorkPriority
from siteops.work.notify import notify_people
from siteops.work.services import item_create

from .choices import (
    DEV_KIND_POSITION,
    OPEN_DEFECT,
    Assignee,
    CaseStatus,
    DefectStatus,
    ExecutionStatus,
    MilestoneStatus,
    NeedStatus,
    RequirementStatus,
    RunStatus,
)
from .models import (
    Baseline,
    BaselineDate,
    Defect,
    DefectEvent,
    DevRequest,
    DocumentItem,
    Milestone,
    MilestoneDelay,
    Need,
    Requirement,
    TechnicalDocument,
    TestCase,
    TestExecution,
    TestRun,
    VendorEvent,
)
from .schedule import slippage_days

MILESTONE_KIND = "vendor_milestone"

NEED_TRANSITIONS = {
    "accept": ({NeedStatus.NEW}, NeedStatus.ACCEPTED),
    "merge": ({NeedStatus.NEW}, NeedStatus.MERGED),
    "reject": ({NeedStatus.NEW}, NeedStatus.REJECTED),
}
RS = RequirementStatus
REQUIREMENT_TRANSITIONS = {
    "review": ({RS.DRAFT, RS.CHANGED}, RS.REVIEWED),
    "baseline": ({RS.REVIEWED}, RS.BASELINED),
    "change": ({RS.BASELINED}, RS.CHANGED),
    "reopen": ({RS.REVIEWED}, RS.DRAFT),
    "withdraw": ({RS.DRAFT, RS.REVIEWED, RS.BASELINED, RS.CHANGED}, RS.WITHDRAWN),
}
MS = MilestoneStatus
MILESTONE_TRANSITIONS = {
    "deliver": ({MS.PLANNED}, MS.DELIVERED),
    "accept": ({MS.DELIVERED}, MS.ACCEPTED),
}
DS = DefectStatus
DEFECT_TRANSITIONS = {
    "assign": ({DS.NEW, DS.REOPENED, DS.ASSIGNED}, DS.ASSIGNED),
    "fix": ({DS.ASSIGNED}, DS.FIXED),
    "retest": ({DS.FIXED}, DS.RETEST),
    "close": ({DS.RETEST}, DS.CLOSED),
    "reopen": ({DS.RETEST, DS.CLOSED}, DS.REOPENED),
}
#: The permission each defect step needs.
DEFECT_PERMS = {
    "assign": "vendors.change_defect",
    "fix": "vendors.fix_defect",
    "retest": "vendors.execute_test",
    "close": "vendors.execute_test",
    "reopen": "vendors.execute_test",
}


def move(obj, table: dict, action: str, **extra) -> None:
    """The conditional UPDATE of a transition; 0 rows (someone was quicker) → IllegalTransition."""
    allowed, new = table[action]
    if obj.status not in allowed:
        raise IllegalTransition(
            _("This step is not possible now: it is %(status)s.")
            % {"status": obj.get_status_display()}
        )
    n = type(obj).objects.filter(pk=obj.pk, status__in=allowed).update(status=new, **extra)
    if n != 1:
        raise IllegalTransition(_("Someone changed it meanwhile; reload and try again."))
    obj.status = new
    for k, v in extra.items():
        setattr(obj, k, v)


def log_event(obj, who: Acting, verb: str, message: str = "") -> VendorEvent:
    return VendorEvent.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        verb=verb,
        message=message[:2000],
        **who.event_fields(),
    )


def _text(value, what: str, max_length: int = 2000) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("%(what)s is required.") % {"what": what})
    return value[:max_length]


# --- needs (MGR-11) ----------------------------------------------------------------------------


@transaction.atomic
def need_submit(*, actor, department, title, problem, value="", urgency="normal") -> Need:
    who = acting_for(actor, "vendors.add_need")
    need = Need(
        title=(title or "").strip(),
        problem=(problem or "").strip(),
        value=(value or "").strip(),
        urgency=urgency,
        department=department,
        requester=actor,
    )
    need.full_clean()
    with audited(who):
        need.save()
        log_event(need, who, "submitted")
    return need


@transaction.atomic
def need_accept(*, actor, need: Need, comment: str = "") -> Need:
    who = acting_for(actor, "vendors.triage_need")
    move(need, NEED_TRANSITIONS, "accept")
    log_event(need, who, "accepted", comment)
    return need


@transaction.atomic
def need_merge(*, actor, need: Need, into: Need, comment: str = "") -> Need:
    who = acting_for(actor, "vendors.triage_need")
    if into.pk == need.pk:
        raise DomainError(_("A need cannot be merged into itself."))
    if into.status in (NeedStatus.MERGED, NeedStatus.REJECTED):
        raise DomainError(_("Merge into a need that is new or accepted."))
    move(need, NEED_TRANSITIONS, "merge", merged_into=into)
    log_event(need, who, "merged", _("Merged into: %(title)s") % {"title": into.title})
    return need


@transaction.atomic
def need_reject(*, actor, need: Need, reason: str) -> Need:
    who = acting_for(actor, "vendors.triage_need")
    reason = _text(reason, _("A reason"))
    move(need, NEED_TRANSITIONS, "reject", reject_reason=reason)
    log_event(need, who, "rejected", reason)
    return need


# --- requirements (MGR-11) ---------------------------------------------------------------------


@transaction.atomic
def requirement_create(*, actor, project, code, title, statement, rationale="",
                       acceptance_criteria="", priority="medium", section="scope",
                       need=None) -> Requirement:  # fmt: skip
    who = acting_for(actor, "vendors.add_requirement")
    if need is not None and need.status != NeedStatus.ACCEPTED:
        raise DomainError(_("Only an accepted need can become requirements."))
    req = Requirement(
        project=project,
        code=(code or "").strip(),
        title=(title or "").strip(),
        statement=(statement or "").strip(),
        rationale=rationale or "",
        acceptance_criteria=acceptance_criteria or "",
        priority=priority,
        section=section,
        need=need,
    )
    req.full_clean()
    with audited(who):
        req.save()
        revision_save(obj=req, who=who, message=_("Created"))
        log_event(req, who, "created")
    return req


@transaction.atomic
def requirement_edit(*, actor, requirement: Requirement, data: dict, message: str = ""):
    """A new revision; a baselined requirement becomes *changed* until it is baselined again."""
    who = acting_for(actor, "vendors.change_requirement")
    if requirement.status == RS.WITHDRAWN:
        raise NotAllowed(_("A withdrawn requirement cannot be changed."))
    before = requirement.latest_revision_id
    rev = revision_save(obj=requirement, data=data, message=message, who=who)
    if rev.pk != before:
        if requirement.status == RS.BASELINED:
            move(requirement, REQUIREMENT_TRANSITIONS, "change")
        elif requirement.status == RS.REVIEWED:
            move(requirement, REQUIREMENT_TRANSITIONS, "reopen")
        log_event(requirement, who, "edited", message)
    return rev


@transaction.atomic
def requirement_review(*, actor, requirement: Requirement) -> Requirement:
    who = acting_for(actor, "vendors.baseline_requirement")
    move(requirement, REQUIREMENT_TRANSITIONS, "review")
    log_event(requirement, who, "reviewed")
    return requirement


@transaction.atomic
def requirement_baseline(*, actor, requirement: Requirement) -> Requirement:
    """Baseline = publish the reviewed revision: the row (and documents) hold it from now on."""
    who = acting_for(actor, "vendors.baseline_requirement")
    move(requirement, REQUIREMENT_TRANSITIONS, "baseline")
    if requirement.live_revision_id != requirement.latest_revision_id:
        revision_publish(obj=requirement, who=who)
    log_event(requirement, who, "baselined")
    return requirement


@transaction.atomic
def requirement_withdraw(*, actor, requirement: Requirement, reason: str) -> Requirement:
    who = acting_for(actor, "vendors.baseline_requirement")
    reason = _text(reason, _("A reason"))
    move(requirement, REQUIREMENT_TRANSITIONS, "withdraw")
    log_event(requirement, who, "withdrawn", reason)
    return requirement


# --- technical documents (MGR-11) --------------------------------------------------------------


@transaction.atomic
def document_issue(*, actor, project, title: str = "", note: str = "") -> TechnicalDocument:
    """A new version holding every baselined requirement's baselined (live) revision."""
    who = acting_for(actor, "vendors.add_technicaldocument")
    reqs = list(
        Requirement.objects.filter(
            project=project, live_revision__isnull=False, status__in=[RS.BASELINED, RS.CHANGED]
        ).order_by("section", "code")
    )
    if not reqs:
        raise DomainError(_("No requirement is baselined yet: there is nothing to send."))
    last = TechnicalDocument.objects.select_for_update().filter(project=project)
    version = (last.aggregate(n=Max("version"))["n"] or 0) + 1
    doc = TechnicalDocument(
        project=project,
        version=version,
        title=(title or "").strip() or _("Technical document: %(p)s") % {"p": project.name},
        note=note or "",
        created_by=who.user if who.user_id else None,
    )
    doc.full_clean()
    doc.save()
    DocumentItem.objects.bulk_create(
        [DocumentItem(document=doc, requirement=r, revision_id=r.live_revision_id) for r in reqs]
    )
    log_event(doc, who, "issued", note)
    return doc


@transaction.atomic
def document_acknowledge(*, actor, document: TechnicalDocument, signatory: str):
    """The vendor confirmed it received and accepts this version."""
    who = acting_for(actor, "vendors.change_technicaldocument")
    return acknowledge(document=document, who=who, signatory=signatory)


def acknowledge(*, document: TechnicalDocument, who: Acting, signatory: str) -> TechnicalDocument:
    """Record the acknowledgement once (by our staff on the vendor's behalf, or the vendor)."""
    signatory = _text(signatory, _("The vendor's signatory"), 100)
    n = TechnicalDocument.objects.filter(pk=document.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=signatory
    )
    if n != 1:
        raise IllegalTransition(_("This version is already acknowledged."))
    document.refresh_from_db()
    log_event(document, who, "acknowledged", signatory)
    return document


# --- milestones and schedule (MGR-12, MGR-13) --------------------------------------------------


def _register_deadline(milestone: Milestone, who: Acting) -> None:
    kind_ensure(code=MILESTONE_KIND, name="供应商里程碑", lead_days="14,7,1")
    deadline_register(
        subject=milestone,
        kind=MILESTONE_KIND,
        due_date=milestone.forecast_date,
        position="MGR",
        title=f"{milestone.project.code} {milestone.code} {milestone.title}",
        who=who,
    )


@transaction.atomic
def milestone_create(*, actor, project, code, title, deliverable, planned_date,
                     payment_share=0, acceptance_criteria="", requirements=()) -> Milestone:  # fmt: skip
    who = acting_for(actor, "vendors.add_milestone")
    m = Milestone(
        project=project,
        code=(code or "").strip(),
        title=(title or "").strip(),
        deliverable=(deliverable or "").strip(),
        planned_date=planned_date,
        forecast_date=planned_date,
        payment_share=payment_share,
        acceptance_criteria=acceptance_criteria or "",
    )
    m.full_clean()
    with audited(who):
        m.save()
        if requirements:
            m.requirements.set(requirements)
        _register_deadline(m, who)
        log_event(m, who, "planned")
    return m


@transaction.atomic
def milestone_forecast(*, actor, milestone: Milestone, new_date: datetime.date, reason: str,
                       progress: int | None = None, who: Acting | None = None) -> MilestoneDelay:  # fmt: skip
    """The vendor's (or our) new forecast date, logged with its reason; may escalate once."""
    who = who or acting_for(actor, "vendors.change_milestone")
    reason = _text(reason, _("A reason"))
    if milestone.status == MS.ACCEPTED:
        raise IllegalTransition(_("An accepted milestone's dates are final."))
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if new_date == locked.forecast_date and progress is None:
        raise DomainError(_("The forecast date is unchanged."))
    delay = MilestoneDelay.objects.create(
        milestone=locked,
        previous_date=locked.forecast_date,
        new_date=new_date,
        reason=reason,
        **who.event_fields(),
    )
    locked.forecast_date = new_date
    fields = ["forecast_date"]
    if progress is not None:
        if not 0 <= progress <= 100:
            raise DomainError(_("Progress is a percentage from 0 to 100."))
        locked.vendor_progress = progress
        fields.append("vendor_progress")
    locked.save(update_fields=fields)
    _register_deadline(locked, who)
    milestone.forecast_date, milestone.vendor_progress = (
        locked.forecast_date,
        locked.vendor_progress,
    )
    check_slip(locked)
    return delay


@transaction.atomic
def baseline_take(*, actor, project, name: str) -> Baseline:
    """A named snapshot of every milestone's forecast date; the first becomes the reference."""
    who = acting_for(actor, "vendors.accept_milestone")
    baseline = Baseline(project=project, name=(name or "").strip(), taken_by=who.user)
    baseline.full_clean()
    baseline.save()
    BaselineDate.objects.bulk_create(
        [
            BaselineDate(baseline=baseline, milestone=m, date=m.forecast_date)
            for m in project.milestones.all()
        ]
    )
    if project.reference_baseline_id is None:
        type(project).objects.filter(pk=project.pk).update(reference_baseline=baseline)
        project.reference_baseline = baseline
    log_event(project, who, "baseline", baseline.name)
    return baseline


def check_slip(milestone: Milestone, today: datetime.date | None = None) -> bool:
    """Open ONE escalation work item to the manager when the slip passes the threshold.

    The conditional update on ``escalated_at`` makes it once per milestone however often the
    forecast moves or the daily job runs.
    """
    project = milestone.project
    if project.reference_baseline_id is None or milestone.status == MS.ACCEPTED:
        return False
    bd = BaselineDate.objects.filter(
        baseline_id=project.reference_baseline_id, milestone=milestone
    ).first()
    slip = slippage_days(milestone, bd.date if bd else None, today)
    if slip is None or slip <= project.slip_threshold_days:
        return False
    n = Milestone.objects.filter(pk=milestone.pk, escalated_at__isnull=True).update(
        escalated_at=timezone.now()
    )
    if n != 1:
        return False
    milestone.escalated_at = timezone.now()
    item_create(
        actor=None,
        position="MGR",
        title=_("Vendor milestone %(code)s %(title)s is %(n)s days late")
        % {"code": milestone.code, "title": milestone.title, "n": slip},
        description=_("Project %(p)s; reference baseline: %(b)s; threshold %(t)s days.")
        % {"p": project, "b": project.reference_baseline, "t": project.slip_threshold_days},
        source=WorkSource.MODULE,
        subject=milestone,
        priority=WorkPriority.HIGH,
        due=timezone.localdate() + datetime.timedelta(days=2),
    )
    return True


def escalate_slips(today: datetime.date | None = None) -> int:
    """The daily job: milestones whose slip grew past the threshold by the passing of time."""
    count = 0
    qs = Milestone.objects.filter(
        escalated_at__isnull=True,
        actual_date__isnull=True,
        project__reference_baseline__isnull=False,
        status__in=[MS.PLANNED, MS.DELIVERED],
    ).select_related("project", "project__reference_baseline")
    for m in qs.iterator():
        with transaction.atomic():
            count += check_slip(m, today)
    return count


@transaction.atomic
def milestone_deliver(*, actor, milestone: Milestone, actual_date, run: TestRun | None = None):
    """The vendor delivered: the date is recorded and the acceptance run named."""
    who = acting_for(actor, "vendors.change_milestone")
    if run is not None and run.plan.project_id != milestone.project_id:
        raise DomainError(_("The acceptance run must belong to the same project."))
    move(milestone, MILESTONE_TRANSITIONS, "deliver", actual_date=actual_date, acceptance_run=run)
    log_event(milestone, who, "delivered")
    return milestone


@transaction.atomic
def milestone_accept(*, actor, milestone: Milestone, run: TestRun | None = None) -> Milestone:
    """Accepted only when the acceptance run meets its plan's exit criteria."""
    from .selectors import run_summary

    who = acting_for(actor, "vendors.accept_milestone")
    run = run or milestone.acceptance_run
    if run is None:
        raise DomainError(_("Name the acceptance test run first."))
    summary = run_summary(run)
    if not summary["meets_exit"]:
        raise DomainError(
            _(
                "The acceptance run does not meet its exit criteria: pass rate %(rate)s%% "
                "(needed %(min)s%%), %(open)s open critical or major defects (allowed %(max)s)."
            )
            % {
                "rate": summary["pass_rate"],
                "min": run.plan.exit_min_pass_rate,
                "open": summary["open_major"],
                "max": run.plan.exit_max_open_major,
            }
        )
    move(
        milestone,
        MILESTONE_TRANSITIONS,
        "accept",
        acceptance_run=run,
        accepted_at=timezone.now(),
        accepted_progress=100,
    )
    deadline_done(
        actor=actor,
        subject=milestone,
        kind=MILESTONE_KIND,
        outcome=_("Accepted with run %(run)s") % {"run": run.name},
        who=who,
    )
    log_event(milestone, who, "accepted", run.name)
    return milestone


# --- tests (MGR-14) ----------------------------------------------------------------------------


@transaction.atomic
def case_create(*, actor, plan, title, steps, expected, requirements=(),
                status=CaseStatus.PROPOSED, reviewer=None) -> TestCase:  # fmt: skip
    who = acting_for(actor, "vendors.add_testcase")
    return case_create_as(
        who=who, plan=plan, title=title, steps=steps, expected=expected,
        requirements=requirements, status=status, reviewer=reviewer,
    )  # fmt: skip


def case_create_as(*, who: Acting, plan, title, steps, expected, requirements=(),
                   status=CaseStatus.PROPOSED, reviewer=None, automation_key="") -> TestCase:  # fmt: skip
    """A new case and its first, published version, by an actor already authorised (``who``)."""
    case = TestCase(
        plan=plan,
        title=(title or "").strip(),
        steps=(steps or "").strip(),
        expected=(expected or "").strip(),
        status=status,
        reviewer=reviewer,
        automation_key=automation_key,
    )
    case.full_clean()
    with audited(who):
        case.save()
        if requirements:
            case.requirements.set(requirements)
        revision_publish(obj=case, revision=revision_save(obj=case, who=who), who=who)
    return case


@transaction.atomic
def case_edit(*, actor, case: TestCase, data: dict, message: str = ""):
    """A new version of the case; runs that already used an older version keep it."""
    who = acting_for(actor, "vendors.change_testcase")
    rev = revision_save(obj=case, data=data, message=message, who=who)
    if rev.pk != case.live_revision_id:
        revision_publish(obj=case, revision=rev, who=who)
    return rev


@transaction.atomic
def run_create(*, actor, plan, name, build="", position="MGR", cases=None) -> TestRun:
    """A run of the plan's cases (not the disabled ones), each at its current version."""
    who = acting_for(actor, "vendors.add_testrun")
    position = position if isinstance(position, Position) else Position.objects.get(code=position)
    run = TestRun(plan=plan, name=(name or "").strip(), build=(build or plan.build or "").strip())
    run.full_clean()
    run.save()
    qs = plan.cases.exclude(status=CaseStatus.DISABLED) if cases is None else cases
    TestExecution.objects.bulk_create(
        [
            TestExecution(run=run, case=c, case_revision_id=c.live_revision_id, position=position)
            for c in qs.filter(live_revision__isnull=False)
        ]
    )
    log_event(run, who, "started")
    return run


def _open_run(execution: TestExecution) -> None:
    if execution.run.status != RunStatus.OPEN:
        raise IllegalTransition(_("The run is closed."))


@transaction.atomic
def execution_assign(*, actor, execution: TestExecution, position) -> TestExecution:
    acting_for(actor, "vendors.change_testrun")
    _open_run(execution)
    position = position if isinstance(position, Position) else Position.objects.get(code=position)
    TestExecution.objects.filter(pk=execution.pk).update(position=position)
    execution.position = position
    return execution


def may_execute(user, execution: TestExecution, _memo: dict | None = None) -> bool:
    """The tester position's people (resolve()) or whoever may manage runs.

    ``_memo`` (position id → people) lets a page with many executions resolve each position once.
    """
    if user.has_perm("vendors.change_testrun"):
        return True
    if not user.has_perm("vendors.execute_test"):
        return False
    memo = {} if _memo is None else _memo
    if execution.position_id not in memo:
        memo[execution.position_id] = set(resolve(execution.position).users)
    return user in memo[execution.position_id]


@transaction.atomic
def execution_record(*, actor, execution: TestExecution, status: str, comment: str = ""):
    acting_for(actor, "vendors.execute_test")
    if not may_execute(actor, execution):
        raise NotAllowed(_("This execution is assigned to another position."))
    if status not in ExecutionStatus.values:
        raise DomainError(_("Unknown result."))
    _open_run(execution)
    TestExecution.objects.filter(pk=execution.pk).update(
        status=status, comment=(comment or "")[:4000], tested_by=actor, tested_at=timezone.now()
    )
    execution.refresh_from_db()
    return execution


def _sla_due(defect: Defect) -> datetime.date | None:
    if defect.assignee != Assignee.VENDOR:
        return None
    return timezone.localdate() + datetime.timedelta(
        days=defect.project.vendor.sla_days(defect.severity)
    )


def _defect_event(defect, who, old, comment="") -> DefectEvent:
    return DefectEvent.objects.create(
        defect=defect, from_status=old, to_status=defect.status, comment=comment[:2000],
        **who.event_fields(),
    )  # fmt: skip


@transaction.atomic
def defect_from_execution(*, actor, execution: TestExecution, severity="major", priority="medium",
                          title: str = "") -> Defect:  # fmt: skip
    """One action: a defect with the case's steps (as run), the result and the build filled in."""
    who = acting_for(actor, "vendors.add_defect")
    if execution.status not in (ExecutionStatus.FAILED, ExecutionStatus.ERROR):
        raise DomainError(_("Only a failed execution makes a defect."))
    data = execution.case_data
    steps = _("Steps:\n%(steps)s\n\nExpected:\n%(expected)s\n\nActual:\n%(actual)s") % {
        "steps": data.get("steps", ""),
        "expected": data.get("expected", ""),
        "actual": execution.comment or execution.get_status_display(),
    }
    defect = Defect(
        project=execution.run.plan.project,
        title=(title or "").strip() or data.get("title", "")[:200],
        steps=steps,
        environment=_("Build %(build)s, run %(run)s")
        % {"build": execution.run.build or "-", "run": execution.run.name},
        severity=severity,
        priority=priority,
        target_build=execution.run.build,
    )
    defect.full_clean()
    defect.save()
    defect.executions.add(execution)
    _defect_event(defect, who, "", _("From a failed execution"))
    return defect


@transaction.atomic
def defect_step(*, actor, defect: Defect, action: str, comment: str = "", assignee: str = ""):
    """assign (to the vendor or MNT) → fix → retest → close, or reopen."""
    if action not in DEFECT_TRANSITIONS:
        raise DomainError(_("Unknown step."))
    who = acting_for(actor, DEFECT_PERMS[action])
    old = defect.status
    extra = {}
    if action == "assign":
        if assignee not in Assignee.values:
            raise DomainError(_("Assign to the vendor or to the maintainer."))
        defect.assignee = assignee
        extra = {"assignee": assignee, "fix_due": _sla_due(defect)}
    if action == "reopen":
        extra = {"closed_at": None}
        comment = _text(comment, _("A reason"))
    if action == "close":
        extra = {"closed_at": timezone.now()}
    if action == "fix" and defect.assignee == Assignee.MNT:
        if not (actor.has_perm("vendors.change_defect") or actor in resolve("MNT").users):
            raise NotAllowed(_("This defect is assigned to the maintainer."))
    move(defect, DEFECT_TRANSITIONS, action, **extra)
    _defect_event(defect, who, old, comment)
    if action in ("assign", "reopen") and defect.assignee == Assignee.MNT:
        item_create(
            actor=actor,
            position="MNT",
            title=_("Fix defect #%(pk)s: %(title)s") % {"pk": defect.pk, "title": defect.title},
            description=defect.steps,
            source=WorkSource.MODULE,
            subject=defect,
            priority=WorkPriority.HIGH if defect.severity in ("critical", "major") else "normal",
        )
    return defect


SIGN_OFF_PERM = "vendors.sign_off_testrun"


@transaction.atomic
def run_sign_off(*, actor, run: TestRun, note: str = "") -> TestRun:
    """The test report's sign-off: by the position that holds the sign-off permission (the
    manager, or whoever acts for them), once, while the run is open; who, as which position and
    when are recorded and printed on the report."""
    who = acting_for(actor, SIGN_OFF_PERM)
    note = (note or "").strip()[:2000]
    n = TestRun.objects.filter(pk=run.pk, status=RunStatus.OPEN, signed_off_at__isnull=True).update(
        signed_off_at=timezone.now(), signed_off_note=note, **who.record_fields("signed_off")
    )
    if n != 1:
        run.refresh_from_db()
        if run.status != RunStatus.OPEN:
            raise IllegalTransition(_("The run is closed."))
        raise IllegalTransition(_("The test report is already signed off."))
    run.refresh_from_db()
    log_event(run, who, "signed_off", note)
    return run


@transaction.atomic
def run_close(*, actor, run: TestRun) -> TestRun:
    """Close the run; its test report (with the requirements covered and the sign-off) is
    archived (report registry, plus a PDF) and sent to the developer and maintainer positions and
    the vendor's logins. A run not signed off yet is signed off by the closer when they may sign
    off; anyone else is refused."""
    who = acting_for(actor, "vendors.change_testrun")
    if run.signed_off_at is None:
        run.refresh_from_db()
    if run.signed_off_at is None:
        if not actor.has_perm(SIGN_OFF_PERM):
            raise NotAllowed(_("The test report must be signed off before the run closes."))
        run_sign_off(actor=actor, run=run)
    n = TestRun.objects.filter(pk=run.pk, status=RunStatus.OPEN).update(
        status=RunStatus.CLOSED, closed_at=timezone.now()
    )
    if n != 1:
        raise IllegalTransition(_("The run is already closed."))
    run.refresh_from_db()
    log_event(run, who, "closed")

    def send():
        from .models import VendorAccount
        from .reports import REPORT_POSITIONS, archive_test_report, archive_test_report_pdf

        report = archive_test_report(run)
        users = []
        for code in REPORT_POSITIONS:
            users += list(resolve(code).users)
        message = _("Test run closed: %(run)s — see its test report.") % {"run": run.name}
        notify_people(
            users,
            kind=NotificationKind.DONE,
            title=_("Test report"),
            message=message,
            link=reverse("admin:reports_run", args=[report.pk]),
        )
        vendor_users = [
            a.user
            for a in VendorAccount.objects.filter(
                vendor_id=run.plan.project.vendor_id, user__isnull=False
            ).select_related("user")
        ]
        notify_people(
            vendor_users,
            kind=NotificationKind.DONE,
            title=_("Test report"),
            message=message,
            link=reverse("admin:vendors_portal") + "#test-reports",
        )
        archive_test_report_pdf(run)

    transaction.on_commit(send)
    return run


#: Statuses in which a defect is still the fixer's (past them, the fix is in and it is ours).
AWAITING_FIX = [DS.NEW, DS.ASSIGNED, DS.REOPENED]


@transaction.atomic
def defect_report(*, actor, project, title: str, steps: str, severity: str = "major",
                  priority: str = "medium", environment: str = "") -> Defect:  # fmt: skip
    """A defect reported without a test execution (e.g. from accepted beta feedback)."""
    who = acting_for(actor, "vendors.add_defect")
    defect = Defect(
        project=project, title=(title or "").strip()[:200], steps=(steps or "").strip(),
        environment=(environment or "").strip()[:200], severity=severity, priority=priority,
    )  # fmt: skip
    defect.full_clean()
    defect.save()
    _defect_event(defect, who, "", _("Reported"))
    return defect


def report_sla_breaches(today: datetime.date | None = None) -> int:
    """The weekly report of defects past their fix SLA: one work item to the manager listing the
    breaches not reported before; each defect is marked (a conditional update), so a breach is
    reported once however long it lasts and however often the job runs."""
    today = today or timezone.localdate()
    with transaction.atomic():
        due = list(
            Defect.objects.select_for_update(of=("self",))
            .filter(
                assignee=Assignee.VENDOR, status__in=AWAITING_FIX, fix_due__lt=today,
                sla_breach_reported_at__isnull=True,
            )
            .select_related("project__vendor")
            .order_by("fix_due", "pk")
        )  # fmt: skip
        if not due:
            return 0
        Defect.objects.filter(pk__in=[d.pk for d in due]).update(
            sla_breach_reported_at=timezone.now()
        )
        lines = [
            _("#%(pk)s %(title)s — %(vendor)s, %(severity)s, due %(due)s (%(n)s days late)")
            % {"pk": d.pk, "title": d.title, "vendor": d.project.vendor,
               "severity": d.get_severity_display(), "due": d.fix_due,
               "n": (today - d.fix_due).days}
            for d in due
        ]  # fmt: skip
        item_create(
            actor=None,
            position="MGR",
            title=_("%(n)s vendor defects past their fix SLA") % {"n": len(due)},
            description="\n".join(lines),
            source=WorkSource.MODULE,
            priority=WorkPriority.HIGH,
            due=today + datetime.timedelta(days=2),
        )
    return len(due)


# --- development work (MOD-01, MOD-02, MNT-01; DEV-02/03) --------------------------------------


@transaction.atomic
def devrequest_create(*, actor, kind, title, **fields) -> DevRequest:
    """Typed work for the programming team, handed to MOD or MNT as a work item."""
    who = acting_for(actor, "vendors.add_devrequest")
    req = DevRequest(kind=kind, title=(title or "").strip(), created_by=actor, **fields)
    req.full_clean()
    with audited(who):
        req.save()
        lines = [
            f"{req._meta.get_field(n).verbose_name}: {getattr(req, n)}"
            for n in ("affected_module", "severity", "steps_to_reproduce", "expected", "actual",
                      "environment", "design_notes", "estimate_days")
            if getattr(req, n) not in ("", None)
        ]  # fmt: skip
        if req.requirement_id:
            lines.insert(0, f"{_('Requirement')}: {req.requirement}")
        item_create(
            actor=actor,
            position=DEV_KIND_POSITION[req.kind],
            title=f"[{req.get_kind_display()}] {req.title}",
            description="\n".join(lines),
            source=WorkSource.LEAD if who.position == "DEV" else WorkSource.MANAGER,
            subject=req,
        )
    return req


__all__ = [
    "need_submit", "need_accept", "need_merge", "need_reject",
    "requirement_create", "requirement_edit", "requirement_review", "requirement_baseline",
    "requirement_withdraw", "document_issue", "document_acknowledge",
    "milestone_create", "milestone_forecast", "baseline_take", "check_slip", "escalate_slips",
    "milestone_deliver", "milestone_accept", "case_create", "case_edit", "run_create",
    "execution_assign", "execution_record", "defect_from_execution", "defect_step", "run_close",
    "run_sign_off", "defect_report",
    "devrequest_create", "OPEN_DEFECT", "report_sla_breaches", "case_create_as", "acknowledge",
    "move", "log_event",
]  # fmt: skip
