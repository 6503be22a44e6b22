"""Personnel requests — confirmation after probation (转正), dismissal (解职), promotion (升职),
demotion (降级), transfer — and probations.

Filed by the person's lead or the manager; approved through ``siteops.approvals`` (the manager
when a lead filed, then HR & Administration, and leadership for anything but a confirmation);
a daily job carries out approved requests on their effective date exactly once: the old
appointment ends the day before, the new one starts that day — through the org services, as
the person who gave the final approval. Work follows positions: ending an appointment lets the
work app move the person's open items to whoever covers the position.
"""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.core.events import Acting, EventSource
from siteops.deadlines.services import (
    deadline_cancel,
    deadline_done,
    deadline_register,
    kind_ensure,
)
from siteops.org import services as org_services
from siteops.org.acting import acting_for, audited, system_acting
from siteops.org.choices import AssignmentKind
from siteops.org.models import Position, PositionAssignment

from . import selectors
from ._text import _text, _validation
from .choices import PersonnelKind, PersonnelStatus, ProbationOutcome
from .models import HandoverItem, PersonnelEvent, PersonnelRequest, Probation

log = logging.getLogger(__name__)
P = PersonnelStatus
PROBATION_KIND = "people_probation"
KIND_CONFIRM = "people.personnel_confirm"
KIND_CHANGE = "people.personnel_change"

# action -> (from, to)
TRANSITIONS = {
    "approve": (P.PENDING, P.APPROVED),
    "reject": (P.PENDING, P.REJECTED),
    "cancel": (P.PENDING, P.CANCELLED),
    "effect": (P.APPROVED, P.EFFECTED),
}


def _move(req: PersonnelRequest, action: str, **fields) -> None:
    old, new = TRANSITIONS[action]
    n = PersonnelRequest.objects.filter(pk=req.pk, status=old).update(status=new, **fields)
    if n != 1:
        raise IllegalTransition(_("This request has moved on meanwhile."))


# --- probation -----------------------------------------------------------------------------


@transaction.atomic
def probation_set(*, actor, assignment: PositionAssignment, end_date: datetime.date) -> Probation:
    """Give an appointment a probation end date; its superior is reminded 30, 14 and 0 days
    before (siteops.deadlines), and an overdue one becomes escalating work."""
    who = acting_for(actor, "people.change_probation")
    return _probation(assignment, end_date, who)


def start_probation(assignment: PositionAssignment, end_date: datetime.date, *, who: Acting):
    """For a service that checked its own permission (e.g. hiring a candidate)."""
    return _probation(assignment, end_date, who)


def _probation(assignment: PositionAssignment, end_date: datetime.date, who: Acting) -> Probation:
    if end_date < assignment.start:
        raise DomainError(_("Probation cannot end before the appointment starts."))
    kind_ensure(code=PROBATION_KIND, name="试用期到期", lead_days="30,14,0")
    probation, _created = Probation.objects.get_or_create(
        assignment=assignment, defaults={"end_date": end_date}
    )
    if probation.outcome != ProbationOutcome.PENDING:
        raise IllegalTransition(_("This probation already has its outcome."))
    Probation.objects.filter(pk=probation.pk).update(end_date=end_date)
    probation.end_date = end_date
    superior = assignment.position.reports_to or assignment.position
    deadline_register(
        subject=probation,
        kind=PROBATION_KIND,
        due_date=end_date,
        position=superior,
        title=f"{assignment.user} 试用期到期（{assignment.position.name}）",
        who=who,
    )
    return probation


# --- filing --------------------------------------------------------------------------------


def _line_standing(actor, assignment: PositionAssignment) -> Acting:
    who = acting_for(actor, "people.add_personnelrequest")
    if assignment.user_id == actor.pk:
        raise NotAllowed(_("Nobody files a personnel request about themselves."))
    if assignment.position_id not in selectors.team_position_ids(actor):
        raise NotAllowed(_("Only the person's lead or the manager files this."))
    return who


@transaction.atomic
def personnel_file(
    *, actor, kind: str, assignment: PositionAssignment, effective_date: datetime.date,
    reason: str, new_position: Position | None = None, appraisals=(),
) -> PersonnelRequest:  # fmt: skip
    from siteops.approvals.services import approval_submit

    who = _line_standing(actor, assignment)
    if kind not in PersonnelKind.values:
        raise DomainError(_("Choose what is requested."), code="invalid")
    if not assignment.is_active() or assignment.kind != AssignmentKind.HOLDER:
        raise DomainError(_("Choose a current appointment as holder."))
    if effective_date < timezone.localdate():
        raise DomainError(_("The effective date cannot be in the past."), code="invalid")
    if kind in (PersonnelKind.CONFIRM, PersonnelKind.DISMISS):
        new_position = None
    elif new_position is None or new_position.pk == assignment.position_id:
        raise DomainError(_("Name the new position (not the current one)."), code="invalid")
    if (
        kind == PersonnelKind.CONFIRM
        and not Probation.objects.filter(
            assignment=assignment, outcome=ProbationOutcome.PENDING
        ).exists()
    ):
        raise DomainError(_("This appointment is not on probation."))
    req = PersonnelRequest(
        kind=kind, person=assignment.user, assignment=assignment, new_position=new_position,
        effective_date=effective_date, filed_by=actor,
        reason=_text(reason, required=True, label=_("reason")),
    )  # fmt: skip
    try:
        req.full_clean()
    except ValidationError as exc:
        raise _validation(exc) from exc
    with audited(who):
        req.save()
        if appraisals:
            visible = selectors.appraisals_visible_to(actor).filter(
                appraisee=assignment.user, pk__in=[a.pk for a in appraisals]
            )
            req.appraisals.set(visible)
        PersonnelEvent.objects.create(request=req, action="filed", **who.event_fields())
        # The manager's step applies when a lead filed (value 1); a manager's own filing goes
        # straight to HR (the approvals never let a submitter decide their own submission).
        approval_submit(
            obj=req,
            kind=KIND_CONFIRM if kind == PersonnelKind.CONFIRM else KIND_CHANGE,
            value=Decimal(0) if who.position == "MGR" else Decimal(1),
            who=who,
            message=_("Effective %(day)s") % {"day": effective_date},
        )
    return req


def _decided(action: str):
    def callback(approval, who: Acting) -> None:
        req = PersonnelRequest.objects.get(pk=approval.object_id)
        fields = {"approved_by": who.user} if action == "approve" else {}
        _move(req, action, **fields)
        PersonnelEvent.objects.create(
            request=req,
            action={"approve": "approved", "reject": "rejected", "cancel": "withdrawn"}[action],
            **who.event_fields(),
        )
        if action == "approve" and req.kind == PersonnelKind.DISMISS:
            handover_open(req, who=who)

    return callback


on_approved = _decided("approve")
on_rejected = _decided("reject")
on_cancelled = _decided("cancel")


# --- dismissal hand-over ------------------------------------------------------------------


def open_work_of(person, viewer=None):
    """The open work items the person does now (as holder or acting); with ``viewer``, only
    those the viewer may see (a confidential item's title stays with its own people)."""
    from siteops.work.models import WorkItem

    qs = WorkItem.objects.visible_to(viewer) if viewer is not None else WorkItem.objects.all()
    return (
        qs.active()
        .filter(assignments__user=person)
        .select_related("position")
        .distinct()
        .order_by("pk")
    )


def handover_open(req: PersonnelRequest, *, who: Acting) -> int:
    """The dismissal's hand-over checklist: each open work item of the person, each acting
    cover they give, each IT asset checked out to them (infra's hook), documents and accounts,
    HR's final settlement. Idempotent: only what is not on the list yet is added."""
    from django.urls import reverse

    from siteops.core import hooks

    have = set(HandoverItem.objects.filter(request=req).values_list("kind", "ref"))
    rows: list[HandoverItem] = []

    def add(kind, ref, label, url=""):
        if (kind, ref) not in have:
            have.add((kind, ref))
            rows.append(HandoverItem(request=req, kind=kind, ref=ref, label=label[:300],
                                     url=url[:300]))  # fmt: skip

    K = HandoverItem.Kind
    for item in open_work_of(req.person):
        add(K.WORK, f"work:{item.pk}",
            _("%(title)s (stays with %(position)s)") % {"title": item.title,
                                                         "position": item.position.name},
            reverse("admin:work_item", args=[item.pk]))  # fmt: skip
    for a in (
        PositionAssignment.objects.filter(user=req.person, kind=AssignmentKind.ACTING)
        .filter(org_services.models_q_end_after(req.effective_date))
        .select_related("position")
    ):
        add(K.ACTING, f"acting:{a.pk}",
            _("Acting for %(position)s ends on the last day") % {"position": a.position.name})  # fmt: skip
    if hooks.provided("people_equipment_unreturned"):  # infra's equipment checkouts
        for asset in hooks.ask("people_equipment_unreturned", req.person):
            label = f"{asset['kind']} {asset['name']}（{asset['tag']}）"
            add(K.ASSET, f"asset:{asset['tag']}"[:64],
                _("Return %(asset)s") % {"asset": label}, asset.get("url", ""))  # fmt: skip
    # Badges, keys and anything not in the IT asset register are returned too.
    add(K.ASSET, "asset:all", _("Return the equipment, badge and keys issued to the person"))
    add(K.OTHER, "documents", _("Documents, accounts and passwords handed over"))
    add(K.OTHER, "settlement", _("Final pay and leaving certificate (HR)"))
    HandoverItem.objects.bulk_create(rows)
    if rows and not PersonnelEvent.objects.filter(request=req, action="handover_opened").exists():
        PersonnelEvent.objects.create(
            request=req,
            action="handover_opened",
            message=_("%(n)s items to hand over") % {"n": len(rows)},
            **who.event_fields(),
        )
    return len(rows)


def _work_follows_positions(req, positions, ended_acting, who: Acting) -> None:
    """Move the person's open work to whoever covers each position from today (work follows
    positions) and tick the checklist: the moved items and the ended acting cover."""
    from siteops.work.services import items_reroute

    before = list(open_work_of(req.person))
    for position in {p.pk: p for p in positions}.values():
        items_reroute(position=position, actor=who.user)
    still = set(open_work_of(req.person).values_list("pk", flat=True))
    moved = [i for i in before if i.pk not in still]
    now = timezone.now()
    K = HandoverItem.Kind
    HandoverItem.objects.filter(
        request=req, kind=K.WORK, ref__in=[f"work:{i.pk}" for i in moved], done_at__isnull=True
    ).update(done_at=now, note=_("Moved to the position's cover"))
    HandoverItem.objects.filter(
        request=req, kind=K.ACTING, ref__in=[f"acting:{a.pk}" for a in ended_acting],
        done_at__isnull=True,
    ).update(done_at=now, note=_("Ended"))  # fmt: skip
    if moved:
        PersonnelEvent.objects.create(
            request=req, action="work_moved",
            message="；".join(f"{i.title} → {i.position.name}" for i in moved)[:2000],
            **who.event_fields(),
        )  # fmt: skip
    for a in ended_acting:
        PersonnelEvent.objects.create(
            request=req, action="acting_ended", message=a.position.name, **who.event_fields()
        )


@transaction.atomic
def handover_tick(*, actor, item: HandoverItem, note: str = "") -> HandoverItem:
    """HR or the person's line ticks off one hand-over item (once)."""
    who = acting_for(actor, "people.tick_handoveritem")
    if not selectors.personnel_visible_to(actor).filter(pk=item.request_id).exists():
        raise NotAllowed(_("This request is not yours to see."))
    with audited(who):
        n = HandoverItem.objects.filter(pk=item.pk, done_at__isnull=True).update(
            done_at=timezone.now(), done_by=actor, note=_text(note, max_length=300)
        )
        if n != 1:
            raise IllegalTransition(_("This item is already ticked off."))
        PersonnelEvent.objects.create(
            request_id=item.request_id, action="handover_ticked", message=item.label[:300],
            **who.event_fields(),
        )  # fmt: skip
    item.refresh_from_db()
    return item


# --- carrying out ---------------------------------------------------------------------------


def personnel_changes_apply(*, today: datetime.date | None = None) -> int:
    """Daily: approved requests whose effective date has come change the appointments, once."""
    today = today or timezone.localdate()
    done = 0
    due = PersonnelRequest.objects.filter(status=P.APPROVED, effective_date__lte=today).values_list(
        "pk", flat=True
    )
    for pk in list(due):
        try:
            with transaction.atomic():
                req = (
                    PersonnelRequest.objects.select_for_update(of=("self",))
                    .select_related("assignment__position", "approved_by", "new_position")
                    .get(pk=pk)
                )
                if req.status != P.APPROVED:
                    continue
                _move(req, "effect", effected_at=timezone.now())
                _carry_out(req)
                job = system_acting()
                with audited(job):
                    PersonnelEvent.objects.create(
                        request=req, action="effected", **job.event_fields()
                    )
            done += 1
        except (DomainError, ValidationError) as exc:
            msg = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            log.warning("personnel request %s not carried out: %s", pk, msg)
            job = system_acting()
            PersonnelEvent.objects.create(
                request_id=pk, action="failed", message=msg[:2000], **job.event_fields()
            )
    return done


def _carry_out(req: PersonnelRequest) -> None:
    actor = req.approved_by  # HR or leadership: both may appoint anywhere
    who = Acting(actor, None, "", False, EventSource.JOB)
    last_day = req.effective_date - datetime.timedelta(days=1)
    old = req.assignment
    probation = Probation.objects.filter(assignment=old, outcome=ProbationOutcome.PENDING).first()
    if req.kind == PersonnelKind.CONFIRM:
        if probation is not None:
            Probation.objects.filter(pk=probation.pk).update(outcome=ProbationOutcome.CONFIRMED)
            deadline_done(actor=actor, subject=probation, kind=PROBATION_KIND,
                          outcome="转正", who=who)  # fmt: skip
        return
    org_services.assignment_end(actor=actor, assignment=old, end=last_day)
    if probation is not None:
        Probation.objects.filter(pk=probation.pk).update(outcome=ProbationOutcome.ENDED)
        from django.contrib.contenttypes.models import ContentType

        from siteops.deadlines.models import Deadline

        for d in Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(Probation),
            subject_id=str(probation.pk),
            kind__code=PROBATION_KIND,
            status="open",
        ):
            deadline_cancel(actor=actor, deadline=d, reason=str(req), who=who)
    if req.kind == PersonnelKind.DISMISS:
        handover_open(req, who=who)  # anything that came up since the approval
        # Acting cover the person gives elsewhere ends too (its work goes to the fallback).
        ended = []
        for a in PositionAssignment.objects.filter(user=req.person, kind=AssignmentKind.ACTING).filter(
            org_services.models_q_end_after(req.effective_date)
        ).select_related("position"):  # fmt: skip
            org_services.assignment_end(actor=actor, assignment=a, end=last_day)
            ended.append(a)
        _work_follows_positions(req, [old.position] + [a.position for a in ended], ended, who)
        return
    org_services.assignment_create(
        actor=actor,
        user=req.person,
        position=req.new_position,
        kind=AssignmentKind.HOLDER,
        start=req.effective_date,
        reason=str(req),
    )
