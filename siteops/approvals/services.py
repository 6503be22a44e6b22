"""Writes of approvals: submit, approve (a step), reject (with a comment), withdraw.

Guarantees (issue #8, tested in tests/):
- the people who approve a step are those ``resolve()`` gives for its position *at that moment*,
  minus the submitter and anyone who approved an earlier step of the same approval; when that
  leaves nobody, the step goes up the position's reporting line (never to the submitter, never
  approved by itself) — so the submitter can never approve their own submission, also when
  they hold or act for the approver position;
- one pending approval per object (a conditional unique constraint in the database);
- a rejection needs a comment, which reaches the author and every earlier approver
  (a back-office notification and an email);
- each transition is one conditional ``UPDATE … WHERE status = 'pending' AND current_step = n``
  (two approvers of one step cannot both win) and one :class:`ApprovalEvent` row;
- the owning app learns the outcome through the callbacks it registered (``registry.register``),
  called inside the deciding transaction.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.core.events import Acting, EventSource
from siteops.core.inputs import InputError, clean_text
from siteops.org.choices import CoverVia
from siteops.org.models import Position
from siteops.org.selectors import Staffing

from .choices import ApprovalAction, ApprovalStatus, StepStatus
from .models import Approval, ApprovalEvent, ApprovalRule, ApprovalStep
from .registry import Kind, get_kind, kind_of

# The transition table: action -> (from status, possible to statuses).
TRANSITIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "approve": (ApprovalStatus.PENDING, (ApprovalStatus.PENDING, ApprovalStatus.APPROVED)),
    "reject": (ApprovalStatus.PENDING, (ApprovalStatus.REJECTED,)),
    "cancel": (ApprovalStatus.PENDING, (ApprovalStatus.CANCELLED,)),
}
COMMENT_MAX = 2000


# --- rules ---------------------------------------------------------------------------------


def steps_for(kind: Kind, value: Decimal | None) -> list[Position]:
    """The approver positions, in order, for an object of ``kind`` with ``value``."""
    rule = ApprovalRule.objects.filter(kind=kind.kind, is_active=True).first()
    if rule is not None:
        raw = [(s.position, s.min_value) for s in rule.steps.select_related("position")]
    else:
        codes = [code for code, _m in kind.default_steps]
        by_code = {p.code: p for p in Position.objects.filter(code__in=codes)}
        raw = [(by_code[c], m) for c, m in kind.default_steps if c in by_code]
    result = []
    for position, threshold in raw:
        if threshold is not None and (value is None or value <= threshold):
            continue
        if position not in result:
            result.append(position)
    return result


# --- who approves --------------------------------------------------------------------------


def earlier_approver_ids(approval: Approval) -> set[int]:
    return {
        e.actor_id
        for e in _events(approval)
        if e.action == ApprovalAction.APPROVED and e.actor_id is not None
    }


def _events(approval: Approval):
    cache = getattr(approval, "_prefetched_objects_cache", {})
    return cache["events"] if "events" in cache else list(approval.events.all())


def approvers(approval: Approval, step: ApprovalStep, staffing: Staffing | None = None):
    """(people who may decide ``step`` now, the resolution that found them).

    resolve() for the step's position, without the submitter and earlier approvers; if nobody
    is left, the position's superiors in turn; at the very top the active administrators.
    """
    staffing = staffing or Staffing.current()
    excluded = {approval.actor_id} | earlier_approver_ids(approval)
    position_id, seen = step.position_id, set()
    while position_id and position_id not in seen:
        seen.add(position_id)
        res = staffing.resolve(position_id)
        users = [u for u in res.users if u.pk not in excluded]
        if users:
            return users, res
        position_id = staffing.positions[position_id].reports_to_id
    users = [u for u in staffing.admins if u.pk not in excluded]
    return users, None


def current_step(approval: Approval) -> ApprovalStep | None:
    cache = getattr(approval, "_prefetched_objects_cache", {})
    steps = cache["steps"] if "steps" in cache else list(approval.steps.all())
    return next((s for s in steps if s.order == approval.current_step), None)


def _decider(actor, approval: Approval, step: ApprovalStep, staffing: Staffing) -> Acting:
    """The actor as the approver of ``step``, or NotAllowed with the reason."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAllowed(_("You may not do that."))
    if actor.pk == approval.actor_id:
        raise NotAllowed(
            _("You submitted this for approval; another person must decide it."),
            code="own_submission",
        )
    if actor.pk in earlier_approver_ids(approval):
        raise NotAllowed(
            _("You approved an earlier step; another person must decide this one."),
            code="earlier_approver",
        )
    users, res = approvers(approval, step, staffing)
    if actor.pk not in {u.pk for u in users}:
        raise NotAllowed(_("This approval is not waiting for you."), code="not_approver")
    acting = res is None or res.via != CoverVia.HOLDER or res.position.pk != step.position_id
    return Acting(actor, None, step.position.code, acting, EventSource.STAFF)


# --- notifications -------------------------------------------------------------------------


def _link(approval: Approval) -> str:
    try:
        return reverse("admin:approvals_approval", args=[approval.pk])
    except NoReverseMatch:
        return f"#approval-{approval.pk}"


def _notify(users, approval: Approval, kind: str, message: str) -> None:
    from siteops.work.notify import notify_people  # work does not import approvals

    notify_people(
        users, kind=kind, message=message, title=approval.object_label, link=_link(approval)
    )


def _tell_approvers(approval: Approval, step: ApprovalStep, staffing: Staffing) -> None:
    from siteops.work.choices import NotificationKind

    users, _res = approvers(approval, step, staffing)
    _notify(
        users,
        approval,
        NotificationKind.REVIEW,
        _("Please approve “%(object)s” (step %(n)s, as %(position)s).")
        % {"object": approval.object_label, "n": step.order, "position": step.position.name},
    )


# --- services ------------------------------------------------------------------------------


def _comment(value, *, required: bool) -> str:
    try:
        text = clean_text(value, max_length=COMMENT_MAX)
    except InputError as exc:
        raise DomainError(str(exc), code="invalid") from exc
    if required and not text:
        raise DomainError(_("Say why: a rejection needs a comment."), code="comment_required")
    return text


def approval_submit(
    *,
    actor=None,
    obj,
    kind: str | None = None,
    value: Decimal | None = None,
    revision=None,
    message: str = "",
    who: Acting | None = None,
) -> Approval:
    """Submit ``obj`` for approval under its kind's rule; the first step's approvers are told."""
    entry = get_kind(kind or kind_of(obj))
    if who is None:
        from siteops.org.acting import acting_for

        who = acting_for(actor, entry.perm(obj))
    if value is None and entry.value is not None:
        value = entry.value(obj)
    if revision is not None and (
        revision.object_id != obj.pk
        or revision.content_type_id != ContentType.objects.get_for_model(type(obj)).pk
    ):
        raise DomainError(_("That revision belongs to another record."))
    positions = steps_for(entry, value)
    if not positions:
        raise DomainError(_("No approval rule names an approver for this kind of object."))
    message = _comment(message, required=False)[:500]
    staffing = Staffing.current()
    try:
        with transaction.atomic():
            approval = Approval.objects.create(
                kind=entry.kind,
                content_type=ContentType.objects.get_for_model(type(obj)),
                object_id=obj.pk,
                object_label=str(obj)[:200],
                value=value,
                revision=revision,
                message=message,
                **who.event_fields(),
            )
            steps = ApprovalStep.objects.bulk_create(
                [
                    ApprovalStep(
                        approval=approval,
                        order=i,
                        position=p,
                        status=StepStatus.PENDING if i == 1 else StepStatus.WAITING,
                    )
                    for i, p in enumerate(positions, start=1)
                ]
            )
            ApprovalEvent.objects.create(
                approval=approval,
                action=ApprovalAction.SUBMITTED,
                comment=message,
                **who.event_fields(),
            )
            _tell_approvers(approval, steps[0], staffing)
    except IntegrityError:
        if Approval.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_id=obj.pk,
            status=ApprovalStatus.PENDING,
        ).exists():
            raise IllegalTransition(
                _("This is already waiting for approval; withdraw that submission first."),
                code="already_pending",
            ) from None
        raise
    return approval


def _locked(approval: Approval) -> Approval:
    return (
        Approval.objects.select_for_update(of=("self",))
        .select_related("content_type")
        .prefetch_related("steps__position", "events")
        .get(pk=approval.pk)
    )


def _move(approval: Approval, action: str, step_order: int, **fields) -> None:
    old, allowed = TRANSITIONS[action]
    assert fields.get("status", old) in allowed
    n = Approval.objects.filter(pk=approval.pk, status=old, current_step=step_order).update(
        **fields
    )
    if n != 1:
        raise IllegalTransition(_("This approval was decided or moved on meanwhile."))


def _sync(given: Approval, fresh: Approval) -> None:
    """The caller's instance shows the decision too (no stale status on their screen)."""
    if given is not fresh:
        for f in Approval._meta.concrete_fields:
            setattr(given, f.attname, getattr(fresh, f.attname))
        given._prefetched_objects_cache = {}


def _callback(entry: Kind | None, name: str, approval: Approval, who: Acting) -> None:
    fn = getattr(entry, name, None) if entry else None
    if fn is not None:
        fn(approval, who)


def _entry(approval: Approval) -> Kind | None:
    try:
        return get_kind(approval.kind)
    except DomainError:
        return None


def approval_approve(*, actor, approval: Approval, comment: str = "") -> Approval:
    """Approve the current step: the next step's approvers are told, or, at the last step, the
    approval is approved, the owning app's ``on_approved`` runs and the submitter is told."""
    from siteops.work.choices import NotificationKind

    comment = _comment(comment, required=False)
    staffing = Staffing.current()
    with transaction.atomic():
        given, approval = approval, _locked(approval)
        if approval.status != ApprovalStatus.PENDING:
            raise IllegalTransition(_("This approval has already been decided."))
        step = current_step(approval)
        who = _decider(actor, approval, step, staffing)
        steps = list(approval.steps.all())
        following = next((s for s in steps if s.order > step.order), None)
        now = timezone.now()
        if following is None:
            _move(approval, "approve", step.order, status=ApprovalStatus.APPROVED, decided_at=now)
        else:
            _move(approval, "approve", step.order, current_step=following.order)
        ApprovalStep.objects.filter(pk=step.pk).update(status=StepStatus.APPROVED)
        event = ApprovalEvent.objects.create(
            approval=approval,
            step=step,
            action=ApprovalAction.APPROVED,
            comment=comment,
            **{**who.event_fields(), "at": now},
        )
        approval.refresh_from_db()
        approval._prefetched_objects_cache = {}
        if following is not None:
            ApprovalStep.objects.filter(pk=following.pk).update(status=StepStatus.PENDING)
            _tell_approvers(approval, following, staffing)
        else:
            _callback(_entry(approval), "on_approved", approval, who)
            _notify(
                [approval.actor],
                approval,
                NotificationKind.DONE,
                _("“%(object)s” was approved by %(who)s.")
                % {"object": approval.object_label, "who": event.who_label},
            )
    _sync(given, approval)
    return approval


def approval_reject(*, actor, approval: Approval, comment: str) -> Approval:
    """Reject at the current step. The comment reaches the author and every earlier approver."""
    from siteops.work.choices import NotificationKind

    comment = _comment(comment, required=True)
    staffing = Staffing.current()
    with transaction.atomic():
        given, approval = approval, _locked(approval)
        if approval.status != ApprovalStatus.PENDING:
            raise IllegalTransition(_("This approval has already been decided."))
        step = current_step(approval)
        who = _decider(actor, approval, step, staffing)
        earlier = earlier_approver_ids(approval)
        now = timezone.now()
        _move(approval, "reject", step.order, status=ApprovalStatus.REJECTED, decided_at=now)
        ApprovalStep.objects.filter(pk=step.pk).update(status=StepStatus.REJECTED)
        approval.steps.filter(status=StepStatus.WAITING).update(status=StepStatus.CANCELLED)
        event = ApprovalEvent.objects.create(
            approval=approval,
            step=step,
            action=ApprovalAction.REJECTED,
            comment=comment,
            **{**who.event_fields(), "at": now},
        )
        approval.refresh_from_db()
        approval._prefetched_objects_cache = {}
        _callback(_entry(approval), "on_rejected", approval, who)
        from django.contrib.auth import get_user_model

        people = [approval.actor, *get_user_model().objects.filter(pk__in=earlier)]
        _notify(
            people,
            approval,
            NotificationKind.RETURNED,
            _("“%(object)s” was rejected by %(who)s: %(comment)s")
            % {"object": approval.object_label, "who": event.who_label, "comment": comment},
        )
    _sync(given, approval)
    return approval


def may_cancel(user, approval: Approval) -> bool:
    return approval.status == ApprovalStatus.PENDING and (
        user.pk == approval.actor_id or user.has_perm("approvals.cancel_any_approval")
    )


def approval_cancel(*, actor, approval: Approval, reason: str = "") -> Approval:
    """Withdraw a pending approval (the submitter, or the manager). Its approvers are told."""
    from siteops.work.choices import NotificationKind

    reason = _comment(reason, required=False)
    staffing = Staffing.current()
    with transaction.atomic():
        given, approval = approval, _locked(approval)
        if approval.status != ApprovalStatus.PENDING:
            raise IllegalTransition(_("This approval has already been decided."))
        if actor is None or not getattr(actor, "is_authenticated", False):
            raise NotAllowed(_("You may not do that."))
        if actor.pk == approval.actor_id:  # the submitter withdraws as they submitted
            who = Acting(actor, None, approval.position_code, approval.acting)
        else:
            from siteops.org.acting import acting_for

            who = acting_for(actor, "approvals.cancel_any_approval")
        step = current_step(approval)
        waiting, _res = approvers(approval, step, staffing)
        now = timezone.now()
        _move(approval, "cancel", step.order, status=ApprovalStatus.CANCELLED, decided_at=now)
        approval.steps.filter(status__in=[StepStatus.PENDING, StepStatus.WAITING]).update(
            status=StepStatus.CANCELLED
        )
        ApprovalEvent.objects.create(
            approval=approval,
            step=step,
            action=ApprovalAction.CANCELLED,
            comment=reason,
            **{**who.event_fields(), "at": now},
        )
        approval.refresh_from_db()
        approval._prefetched_objects_cache = {}
        _callback(_entry(approval), "on_cancelled", approval, who)
        _notify(
            waiting,
            approval,
            NotificationKind.DONE,
            _("“%(object)s” was withdrawn from approval.") % {"object": approval.object_label},
        )
    _sync(given, approval)
    return approval
