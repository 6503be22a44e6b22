"""Writes to work items. Other modules create and close work only through this module.

- ``item_create`` hands work to a position (with a link back to what it is about);
- ``item_close_for_subject`` marks a module's items done when the thing itself is finished;
- every status change is one function here, checked against ``TRANSITIONS`` and applied with a
  conditional ``UPDATE … WHERE status = old`` plus an event row, so an illegal or concurrent change
  raises ``IllegalTransition`` and changes nothing.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.core.events import EventSource
from siteops.core.sanitize import clean_html
from siteops.org.acting import Acting, audited, system_acting
from siteops.org.choices import DepartmentKind
from siteops.org.models import Department, Position, User
from siteops.org.selectors import Staffing

from .choices import (
    ACTIVE_STATUSES,
    EXTERNAL_SOURCES,
    EventKind,
    NotificationKind,
    Priority,
    WorkKind,
    WorkSource,
    WorkStatus,
)
from .models import WorkAssignee, WorkComment, WorkEvent, WorkItem
from .notify import notify
from .routing import actor_standing, chain_ids, covers_of, team_of

S = WorkStatus

# The one transition table: action -> (allowed from, to).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "start_review": (frozenset({S.SUBMITTED}), S.IN_REVIEW),
    "accept": (frozenset({S.SUBMITTED, S.IN_REVIEW}), S.OPEN),
    "return": (
        frozenset({S.SUBMITTED, S.IN_REVIEW, S.OPEN, S.IN_PROGRESS, S.ESCALATED}),
        S.RETURNED,
    ),
    "resubmit": (frozenset({S.RETURNED}), S.SUBMITTED),
    "reopen": (frozenset({S.RETURNED}), S.OPEN),
    "start": (frozenset({S.OPEN}), S.IN_PROGRESS),
    "complete": (frozenset({S.OPEN, S.IN_PROGRESS, S.ESCALATED}), S.DONE),
    "escalate": (frozenset({S.OPEN, S.IN_PROGRESS, S.ESCALATED}), S.ESCALATED),
    "resolve": (frozenset({S.ESCALATED}), S.OPEN),
    "hand_off": (frozenset({S.OPEN, S.IN_PROGRESS}), S.WAITING),
    "hand_back": (frozenset({S.WAITING}), S.IN_PROGRESS),
    "cancel": (frozenset(ACTIVE_STATUSES), S.CANCELLED),
}

ACTION_LABELS = {
    "start_review": gettext_lazy("Start review"),
    "accept": gettext_lazy("Accept"),
    "return": gettext_lazy("Return"),
    "resubmit": gettext_lazy("Resubmit"),
    "reopen": gettext_lazy("Reopen"),
    "start": gettext_lazy("Start"),
    "complete": gettext_lazy("Complete"),
    "escalate": gettext_lazy("Escalate"),
    "resolve": gettext_lazy("Resolve escalation"),
    "hand_off": gettext_lazy("Hand to another department"),
    "hand_back": gettext_lazy("Hand back"),
    "cancel": gettext_lazy("Cancel"),
}

#: Every (from, to) pair the table allows.
ALLOWED_PAIRS = {(f, to) for sources, to in TRANSITIONS.values() for f in sources}


def allowed_actions(item: WorkItem) -> list[str]:
    return [a for a, (sources, _to) in TRANSITIONS.items() if item.status in sources]


def _position(value) -> Position:
    if isinstance(value, Position):
        return value
    if isinstance(value, int):
        return Position.objects.get(pk=value)
    try:
        return Position.objects.get(code=value)
    except Position.DoesNotExist:
        raise ValidationError(_("There is no position %(code)s.") % {"code": value}) from None


# --- routing ------------------------------------------------------------------------------------


def _route(item: WorkItem, staffing: Staffing | None = None) -> list[User]:
    """Make the item's assignees exactly the people resolve() gives for its position now.

    Returns the people newly assigned (to be told)."""
    staffing = staffing or Staffing.current()
    res = staffing.resolve(item.position)
    if item.is_closed:
        WorkAssignee.objects.filter(item=item).delete()
        return []
    current = {a.user_id: a for a in WorkAssignee.objects.filter(item=item)}
    wanted = {u.pk: u for u in res.users}
    WorkAssignee.objects.filter(item=item).exclude(user_id__in=list(wanted)).delete()
    acting = res.is_vacant
    new = []
    for uid, user in wanted.items():
        row = current.get(uid)
        if row is None:
            WorkAssignee.objects.create(
                item=item, user=user, acting=acting, covering_position=res.covering_position
            )
            new.append(user)
        elif row.acting != acting or row.covering_position_id != getattr(
            res.covering_position, "pk", None
        ):
            row.acting, row.covering_position = acting, res.covering_position
            row.save(update_fields=["acting", "covering_position"])
    return new


def _who(actor, standing=("", False), client=None) -> Acting:
    """``siteops.org.acting.Acting`` for a work action. The position is the actor's *standing*
    on the item (``routing.actor_standing``: the cover of the item's position or a superior of
    it), not a permission lookup — work is addressed to positions, so that is the one it was
    done as."""
    if client is not None:
        return Acting(None, client, client.position.code, False, EventSource.CLIENT)
    if actor is None:
        return system_acting()
    return Acting(actor, None, standing[0], standing[1], EventSource.STAFF)


def _event(
    item, kind, *, actor=None, standing=("", False), client=None, message="", **fields
) -> WorkEvent:
    return WorkEvent.objects.create(
        item=item, kind=kind, message=message, **_who(actor, standing, client).event_fields(),
        **fields,
    )  # fmt: skip


def _check_state(item: WorkItem, action: str) -> None:
    """Refuse an action the table does not allow from the item's status (before any other check)."""
    sources, _target = TRANSITIONS[action]
    if item.status not in sources:
        raise IllegalTransition(
            _("“%(action)s” is not possible while the item is %(status)s.")
            % {"action": ACTION_LABELS[action], "status": S(item.status).label}
        )


def _transition(
    item: WorkItem,
    action: str,
    *,
    actor,
    standing,
    message: str = "",
    kind: str = EventKind.TRANSITION,
    updates: dict | None = None,
    from_position=None,
    to_position=None,
) -> WorkItem:
    sources, target = TRANSITIONS[action]
    old = item.status
    if old not in sources:
        raise IllegalTransition(
            _("“%(action)s” is not possible while the item is %(status)s.")
            % {"action": ACTION_LABELS[action], "status": S(old).label}
        )
    values = {"status": target, "updated_at": timezone.now(), **(updates or {})}
    if target in (S.DONE, S.CANCELLED):
        values["closed_at"] = timezone.now()
    with audited(_who(actor, standing)):
        if not WorkItem.objects.filter(pk=item.pk, status=old).update(**values):
            raise IllegalTransition(
                _("Someone else changed this item meanwhile; reload it and try again.")
            )
        item.refresh_from_db()
        _event(
            item,
            kind,
            actor=actor,
            standing=standing,
            message=message,
            from_status=old,
            to_status=target,
            from_position=from_position,
            to_position=to_position,
        )
    return item


def _may_work(actor, item: WorkItem, staffing: Staffing) -> tuple[str, bool]:
    """The actor does this item's position's work, or is a superior of it. Else NotAllowed."""
    if actor is None:
        return "", False
    covers = covers_of(actor, staffing)
    for pid in chain_ids(item.position, staffing):
        if pid in covers:
            return staffing.positions[pid].code, covers[pid].acting
    if actor.is_superuser:
        return actor_standing(actor, item.position, staffing)
    raise NotAllowed(_("This item is not yours or your team's."))


def _require_text(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Give %(what)s.") % {"what": what})
    return value


# --- creation -----------------------------------------------------------------------------------


# Departments whose requests are confidential by default (their cases are about people).
CONFIDENTIAL_BY_DEFAULT = frozenset({"HR"})


@transaction.atomic
def item_create(
    *,
    actor,
    position,
    title: str,
    source: str,
    subject=None,
    description: str = "",
    requester=None,
    requester_department=None,
    priority: str = Priority.NORMAL,
    due: datetime.date | None = None,
    parent: WorkItem | None = None,
    kind: str = WorkKind.TASK,
    schedule=None,
    period_key: str = "",
    confidential: bool | None = None,
    client=None,
) -> WorkItem:
    """Hand a piece of work to a position. The one way for any module to create work.

    ``position``: an org ``Position`` or its code. ``source``: a ``WorkSource`` value.
    ``subject``: any model instance the work is about (kept as a generic link, e.g. a catalogue
    submission; close the work later with ``item_close_for_subject``). ``actor`` may be ``None``
    for work the system creates. Work from another department (``other_department`` / ``api``)
    starts as *submitted* in the manager's review queue and cannot be assigned until accepted;
    everything else starts *open* and its position's people (``resolve()``) are told.
    ``client``: the other department's system (API client) that sent it, for its event.
    """
    position = _position(position)
    if source not in WorkSource.values:
        raise ValidationError(_("Unknown source %(source)s.") % {"source": source})
    external = source in EXTERNAL_SOURCES
    if isinstance(requester_department, str):
        requester_department = Department.objects.get(code=requester_department)
    if external and requester_department is None:
        raise ValidationError(_("A request from another department must name that department."))
    if external and kind == WorkKind.TASK:
        kind = WorkKind.REQUEST
    if confidential is None:
        # HR & Administration's cases (probation, appraisals, leave …) are confidential unless
        # the caller says otherwise; a sub-item keeps its parent's confidentiality.
        confidential = bool(
            (parent is not None and parent.confidential)
            or (
                requester_department is not None
                and requester_department.code in CONFIDENTIAL_BY_DEFAULT
            )
        )
    item = WorkItem(
        title=(title or "").strip(),
        description=clean_html(description),
        kind=kind,
        source=source,
        status=S.SUBMITTED if external else S.OPEN,
        priority=priority,
        position=position,
        requester=requester,
        requester_department=requester_department,
        created_by=actor,
        parent=parent,
        due=due,
        schedule=schedule,
        period_key=period_key,
        confidential=confidential,
    )
    if subject is not None:
        item.subject_type = ContentType.objects.get_for_model(subject)
        item.subject_id = str(subject.pk)
    item.full_clean(exclude=["assignees", "watchers"])
    staffing = Staffing.current()
    standing = actor_standing(actor, position, staffing)
    with audited(_who(actor, standing, client)):
        item.save()
        _event(
            item,
            EventKind.CREATED,
            actor=actor,
            standing=standing,
            client=client,
            to_status=item.status,
            to_position=position,
        )
        new = _route(item, staffing)
    if requester is not None:
        item.watchers.add(requester)
    if external:
        reviewers = _reviewers()
        notify(
            reviewers,
            item,
            NotificationKind.REVIEW,
            _("New request from %(dept)s awaits review: %(title)s")
            % {"dept": requester_department, "title": item.title},
        )
    else:
        notify(
            [u for u in new if u != actor],
            item,
            NotificationKind.ASSIGNED,
            _("New work for %(position)s: %(title)s") % {"position": position, "title": item.title},
        )
    return item


def _reviewers() -> list[User]:
    """Whoever does the department manager's work now (MGR-03; leadership if it is vacant)."""
    return list(Staffing.current().resolve(Position.objects.get(code="MGR")).users)


@transaction.atomic
def item_close_for_subject(*, actor, subject, message: str = "") -> int:
    """Finish the open work about ``subject`` because the thing itself is finished.

    E.g. the catalogue calls it when a submitted product is published. Items that can be
    completed are marked done; ones still awaiting review or returned are cancelled (there is
    nothing left to do). Returns how many items were closed; closed ones are left alone, so a
    second call does nothing.
    """
    ct = ContentType.objects.get_for_model(subject)
    message = message or _("Finished: %(subject)s") % {"subject": subject}
    closed = 0
    staffing = Staffing.current()
    for item in WorkItem.objects.active().filter(subject_type=ct, subject_id=str(subject.pk)):
        standing = actor_standing(actor, item.position, staffing)
        action = "complete" if item.status in TRANSITIONS["complete"][0] else "cancel"
        _transition(item, action, actor=actor, standing=standing, message=message)
        _after_close(item, actor)
        closed += 1
    return closed


# --- review of other departments' requests (MGR-03, CE-03) --------------------------------------


def _require_reviewer(actor):
    if actor is not None and not actor.has_perm("work.review_external"):
        raise NotAllowed(_("Only the department manager reviews other departments' requests."))


def _standing_for_perm(actor, perm):
    from siteops.org.selectors import acting_as

    if actor is None:
        return "", False
    a = acting_as(actor, perm)
    if a is None:
        return "", False
    return a.position.code, a.kind == "acting"


@transaction.atomic
def item_start_review(*, actor, item: WorkItem) -> WorkItem:
    _check_state(item, "start_review")
    _require_reviewer(actor)
    standing = _standing_for_perm(actor, "work.review_external")
    return _transition(item, "start_review", actor=actor, standing=standing)


@transaction.atomic
def item_accept(*, actor, item: WorkItem, comment: str = "", assign_to=None) -> WorkItem:
    """The manager accepts a request (optionally assigning it at once); it becomes open work."""
    _check_state(item, "accept")
    _require_reviewer(actor)
    if item.status in TRANSITIONS["accept"][0] and not item.is_external:
        raise IllegalTransition(_("Only requests from other departments go through review."))
    standing = _standing_for_perm(actor, "work.review_external")
    _transition(item, "accept", actor=actor, standing=standing, message=clean_html(comment).strip())
    if comment.strip():
        _comment(item, actor, standing, comment)
    notify(
        [item.requester],
        item,
        NotificationKind.ASSIGNED,
        _("Your request was accepted: %(title)s") % {"title": item.title},
    )
    if assign_to:
        item_assign(actor=actor, item=item, position=assign_to)
    else:
        _route(item)
    return item


@transaction.atomic
def item_return(*, actor, item: WorkItem, reason: str) -> WorkItem:
    """Send an item back with a reason: a request to its requester, a task to whoever gave it."""
    _check_state(item, "return")
    reason = _require_text(reason, _("a reason"))
    staffing = Staffing.current()
    if item.status in (S.SUBMITTED, S.IN_REVIEW):
        _require_reviewer(actor)
        standing = _standing_for_perm(actor, "work.review_external")
        updates, to_position = {}, None
    else:
        standing = _may_work(actor, item, staffing)
        giver = item.parent.position if item.parent_id else item.position.reports_to
        if item.is_external or giver is None:
            updates, to_position = {}, None
        else:
            updates, to_position = {"position": giver}, giver
    _transition(
        item,
        "return",
        actor=actor,
        standing=standing,
        message=reason,
        updates=updates,
        from_position=item.position if to_position else None,
        to_position=to_position,
    )
    _route(item, staffing)
    told = [item.requester, item.created_by] + list(staffing.resolve(item.position).users)
    notify(
        [u for u in told if u is not None and u != actor],
        item,
        NotificationKind.RETURNED,
        _("Returned: %(title)s — %(reason)s") % {"title": item.title, "reason": reason},
    )
    return item


@transaction.atomic
def item_resubmit(*, actor, item: WorkItem, comment: str = "") -> WorkItem:
    """The requesting department amends a returned request and sends it again."""
    _check_state(item, "resubmit")
    if not item.is_external:
        raise IllegalTransition(_("Only requests from other departments are resubmitted."))
    _require_requester(actor, item)
    standing = actor_standing(actor, item.position)
    _transition(item, "resubmit", actor=actor, standing=standing, message=comment)
    notify(
        _reviewers(),
        item,
        NotificationKind.REVIEW,
        _("Request resubmitted for review: %(title)s") % {"title": item.title},
    )
    return item


def _require_requester(actor, item):
    from .selectors import departments_of

    if actor is None or actor.is_superuser:
        return
    if not actor.has_perm("work.add_request") or item.requester_department_id not in {
        d.pk for d in departments_of(actor)
    }:
        raise NotAllowed(_("Only the requesting department may do this."))


@transaction.atomic
def item_reopen(*, actor, item: WorkItem, comment: str = "") -> WorkItem:
    """Whoever got a returned task back opens it again (and may then reassign or split it)."""
    _check_state(item, "reopen")
    if item.is_external:
        raise IllegalTransition(
            _("A returned request is resubmitted by its department, not reopened.")
        )
    staffing = Staffing.current()
    standing = _may_work(actor, item, staffing)
    _transition(item, "reopen", actor=actor, standing=standing, message=comment)
    _route(item, staffing)
    return item


# --- doing the work -----------------------------------------------------------------------------


@transaction.atomic
def item_start(*, actor, item: WorkItem) -> WorkItem:
    _check_state(item, "start")
    standing = _may_work(actor, item, Staffing.current())
    return _transition(item, "start", actor=actor, standing=standing)


@transaction.atomic
def item_complete(*, actor, item: WorkItem, comment: str = "") -> WorkItem:
    _check_state(item, "complete")
    standing = _may_work(actor, item, Staffing.current())
    _transition(item, "complete", actor=actor, standing=standing, message=comment)
    if comment.strip():
        _comment(item, actor, standing, comment)
    _after_close(item, actor)
    return item


def _after_close(item: WorkItem, actor) -> None:
    WorkAssignee.objects.filter(item=item).delete()
    if item.status == S.DONE:
        notify(
            [u for u in [item.requester, item.created_by, *item.watchers.all()] if u != actor],
            item,
            NotificationKind.DONE,
            _("Done: %(title)s") % {"title": item.title},
        )
    parent = item.parent
    if parent is None or parent.is_closed:
        return
    siblings = list(parent.children.values_list("status", flat=True))
    if all(s in (S.DONE, S.CANCELLED) for s in siblings) and S.DONE in siblings:
        # The parent was only the sum of its sub-items: finish it too (its owner is told).
        if parent.status in TRANSITIONS["complete"][0]:
            _transition(
                parent,
                "complete",
                actor=None,
                standing=("", False),
                message=_("All sub-items are finished."),
            )
            _after_close(parent, None)


@transaction.atomic
def item_cancel(*, actor, item: WorkItem, reason: str) -> WorkItem:
    _check_state(item, "cancel")
    reason = _require_text(reason, _("a reason"))
    staffing = Staffing.current()
    if item.is_external and item.status in (S.SUBMITTED, S.IN_REVIEW, S.RETURNED):
        try:
            _require_requester(actor, item)
            standing = actor_standing(actor, item.position, staffing)
        except NotAllowed:
            _require_reviewer(actor)
            standing = _standing_for_perm(actor, "work.review_external")
    else:
        standing = _may_work(actor, item, staffing)
    _transition(item, "cancel", actor=actor, standing=standing, message=reason)
    _after_close(item, actor)
    return item


# --- assigning and splitting (MGR-02/03, CE-02/03) ----------------------------------------------


def give_targets(actor, staffing: Staffing) -> set[int]:
    """Positions ``actor`` may give *new* work to (a task, a sub-item): their team — the
    positions they cover and everyone reporting to those (MGR-02, CE-02)."""
    own = {p.pk for p in staffing.positions.values() if p.department.kind != DepartmentKind.OTHER}
    if actor is None or actor.is_superuser:
        return own
    return team_of(covers_of(actor, staffing).keys(), staffing) & own


def route_targets(actor, staffing: Staffing) -> set[int]:
    """Positions ``actor`` may route an *existing* item to (assign): their team, and any
    position of a department of ours in which they cover a post — across teams directly (the
    rule in docs/organisation.md: the receiving team's lead is told, see ``item_assign``)."""
    targets = give_targets(actor, staffing)
    if actor is None or actor.is_superuser:
        return targets
    depts = {
        staffing.positions[pid].department_id
        for pid in covers_of(actor, staffing)
        if staffing.positions[pid].department.kind == DepartmentKind.OWN
    }
    return targets | {pid for pid, p in staffing.positions.items() if p.department_id in depts}


def _team_check(actor, target: Position, staffing: Staffing, *, routing: bool = False):
    if actor is None or actor.is_superuser:
        return
    allowed = route_targets(actor, staffing) if routing else give_targets(actor, staffing)
    if target.pk in allowed:
        return
    if target.department.kind == DepartmentKind.OTHER:
        raise NotAllowed(
            _("%(position)s is in another department; hand the item to it instead.")
            % {"position": target}
        )
    if routing:
        raise NotAllowed(
            _("%(position)s is outside your department; ask its manager.") % {"position": target}
        )
    raise NotAllowed(
        _("%(position)s is not in your team; only its lead gives it new work — assign an existing "
          "item instead.") % {"position": target}
    )  # fmt: skip


@transaction.atomic
def item_assign(*, actor, item: WorkItem, position, comment: str = "") -> WorkItem:
    """Give an item to a position of the actor's team (directly or through a lead)."""
    target = _position(position)
    if item.status in (S.SUBMITTED, S.IN_REVIEW):
        raise IllegalTransition(
            _("This request cannot be assigned before the manager has accepted it.")
        )
    if item.status not in (S.OPEN, S.IN_PROGRESS, S.RETURNED):
        raise IllegalTransition(
            _("An item that is %(status)s cannot be assigned.") % {"status": S(item.status).label}
        )
    staffing = Staffing.current()
    standing = _may_work(actor, item, staffing)
    _team_check(actor, target, staffing, routing=True)
    across = actor is not None and target.pk not in give_targets(actor, staffing)
    old_position, old_status = item.position, item.status
    new_status = S.OPEN
    with audited(_who(actor, standing)):
        if not WorkItem.objects.filter(pk=item.pk, status=old_status).update(
            position=target, status=new_status, home_position=None, updated_at=timezone.now()
        ):
            raise IllegalTransition(
                _("Someone else changed this item meanwhile; reload it and try again.")
            )
        item.refresh_from_db()
        _event(
            item,
            EventKind.ASSIGNED,
            actor=actor,
            standing=standing,
            message=comment,
            from_status=old_status,
            to_status=new_status,
            from_position=old_position,
            to_position=target,
        )
        new = _route(item, staffing)
    notify(
        [u for u in new if u != actor],
        item,
        NotificationKind.ASSIGNED,
        _("%(position)s was given: %(title)s") % {"position": target, "title": item.title},
    )
    if across and target.reports_to_id:
        # Across teams, directly: the receiving team's lead keeps sight of their team's load.
        lead = staffing.positions[target.reports_to_id]
        notify(
            [u for u in staffing.resolve(lead).users if u != actor and u not in new],
            item,
            NotificationKind.ASSIGNED,
            _("From another team, %(from)s gave %(position)s: %(title)s")
            % {"from": old_position, "position": target, "title": item.title},
        )
    return item


@transaction.atomic
def item_split(
    *,
    actor,
    item: WorkItem,
    position,
    title: str,
    description: str = "",
    due: datetime.date | None = None,
    priority: str | None = None,
) -> WorkItem:
    """Create a sub-item of ``item`` for a position of the actor's team (MGR-02, CE-02)."""
    if actor is not None and not actor.has_perm("work.split_workitem"):
        raise NotAllowed(_("Only the manager and team leads split work."))
    if item.status in (S.SUBMITTED, S.IN_REVIEW):
        raise IllegalTransition(
            _("This request cannot be split before the manager has accepted it.")
        )
    if item.is_closed or item.status in (S.RETURNED, S.WAITING):
        raise IllegalTransition(
            _("An item that is %(status)s cannot be split.") % {"status": S(item.status).label}
        )
    staffing = Staffing.current()
    standing = _may_work(actor, item, staffing)
    target = _position(position)
    _team_check(actor, target, staffing)
    source = WorkSource.MANAGER if standing[0] == "MGR" else WorkSource.LEAD
    if standing[0] == "LEAD":
        source = WorkSource.LEADERSHIP
    if due and item.due and due > item.due:
        raise ValidationError(_("A sub-item cannot be due after its parent."))
    child = item_create(
        actor=actor,
        position=target,
        title=title,
        source=source,
        description=description,
        priority=priority or item.priority,
        due=due or item.due,
        parent=item,
        requester=None,
        requester_department=item.requester_department,
    )
    _event(
        item,
        EventKind.SPLIT,
        actor=actor,
        standing=standing,
        message=child.title,
        to_position=target,
    )
    if item.status == S.OPEN:
        _transition(item, "start", actor=actor, standing=standing)
    return child


# --- escalation (MGR-05/06, CE-05/06) -----------------------------------------------------------


@transaction.atomic
def item_escalate(
    *, actor, item: WorkItem, reason: str, levels: int = 1, staffing: Staffing | None = None
) -> WorkItem:
    """ "I can't handle this": the item goes up to the position's superior with the reason."""
    _check_state(item, "escalate")
    reason = _require_text(reason, _("a reason"))
    staffing = staffing or Staffing.current()
    standing = _may_work(actor, item, staffing) if actor is not None else ("", False)
    target = item.position
    for _i in range(max(1, levels)):
        if target.reports_to_id is None:
            break
        target = staffing.positions[target.reports_to_id]
    if target.pk == item.position_id:
        raise IllegalTransition(
            _("This item is already with company leadership; it cannot go higher.")
        )
    origin = item.position
    _transition(
        item,
        "escalate",
        actor=actor,
        standing=standing,
        message=reason,
        kind=EventKind.ESCALATED,
        updates={"position": target, "home_position": item.home_position or origin},
        from_position=origin,
        to_position=target,
    )
    new = _route(item, staffing)
    told = list(staffing.resolve(target).users)
    notify(
        [u for u in told if u != actor] + [u for u in new if u not in told and u != actor],
        item,
        NotificationKind.ESCALATED,
        _("Escalated to %(position)s: %(title)s — %(reason)s")
        % {"position": target, "title": item.title, "reason": reason},
    )
    return item


@transaction.atomic
def item_resolve(*, actor, item: WorkItem, comment: str, send_back: bool = True) -> WorkItem:
    """The superior settles an escalated item: back to where it came from, or keeps it."""
    _check_state(item, "resolve")
    comment = _require_text(comment, _("how it is resolved"))
    staffing = Staffing.current()
    standing = _may_work(actor, item, staffing)
    back = item.home_position if send_back and item.home_position_id else item.position
    origin = item.position
    _transition(
        item,
        "resolve",
        actor=actor,
        standing=standing,
        message=comment,
        updates={"position": back, "home_position": None},
        from_position=origin,
        to_position=back,
    )
    _comment(item, actor, standing, comment)
    new = _route(item, staffing)
    notify(
        [u for u in staffing.resolve(back).users if u != actor] + new,
        item,
        NotificationKind.ASSIGNED,
        _("Escalation resolved: %(title)s — %(comment)s")
        % {"title": item.title, "comment": comment},
    )
    return item


def escalation_chain(item: WorkItem) -> list[WorkEvent]:
    """Every hop of the item's escalations, oldest first (for the item page)."""
    return list(
        item.events.filter(kind=EventKind.ESCALATED)
        .select_related("from_position", "to_position", "actor")
        .order_by("at", "pk")
    )


# --- coordination with other departments (MGR-04, CE-04) ---------------------------------------


@transaction.atomic
def item_hand_off(*, actor, item: WorkItem, position, message: str) -> WorkItem:
    """Hand the item to another department's position; it waits (visibly) until it comes back."""
    _check_state(item, "hand_off")
    message = _require_text(message, _("what you need from them"))
    target = _position(position)
    if target.department.kind == DepartmentKind.OWN:
        raise ValidationError(
            _("Hand work within the department by assigning it; this is for other departments.")
        )
    staffing = Staffing.current()
    standing = _may_work(actor, item, staffing)
    _transition(
        item,
        "hand_off",
        actor=actor,
        standing=standing,
        message=message,
        kind=EventKind.HANDED_OFF,
        updates={"waiting_on": target},
        from_position=item.position,
        to_position=target,
    )
    notify(
        staffing.resolve(target).users,
        item,
        NotificationKind.HANDED_OFF,
        _("%(dept)s needs your input: %(title)s — %(message)s")
        % {"dept": item.position.department, "title": item.title, "message": message},
    )
    return item


@transaction.atomic
def item_hand_back(*, actor, item: WorkItem, message: str = "") -> WorkItem:
    """The other department answers (or the owner stops waiting): the item is back in progress."""
    _check_state(item, "hand_back")
    staffing = Staffing.current()
    if item.waiting_on_id and item.waiting_on_id in covers_of(actor, staffing):
        cover = covers_of(actor, staffing)[item.waiting_on_id]
        standing = (item.waiting_on.code, cover.acting)
    else:
        standing = _may_work(actor, item, staffing)
    waited = item.waiting_on
    _transition(
        item,
        "hand_back",
        actor=actor,
        standing=standing,
        message=message,
        kind=EventKind.HANDED_BACK,
        updates={"waiting_on": None},
        from_position=waited,
        to_position=item.position,
    )
    if message.strip():
        _comment(item, actor, standing, message)
    notify(
        [u for u in staffing.resolve(item.position).users if u != actor],
        item,
        NotificationKind.ASSIGNED,
        _("Back from %(position)s: %(title)s") % {"position": waited, "title": item.title},
    )
    return item


def item_wait_for_subject(*, actor, subject, position, message: str) -> list[WorkItem]:
    """The work about ``subject`` now waits on another department's ``position`` (e.g. a
    submission returned to Purchasing): each active item is handed off to it with ``message``
    (the reasons), so it is in that position's list and the owner's item is not finished.
    Returns the items now waiting (none if there was no active item to hand off)."""
    ct = ContentType.objects.get_for_model(subject)
    waiting = []
    for item in WorkItem.objects.filter(
        subject_type=ct, subject_id=str(subject.pk), status__in=TRANSITIONS["hand_off"][0]
    ):
        waiting.append(item_hand_off(actor=actor, item=item, position=position, message=message))
    return waiting


def item_resume_for_subject(*, actor, subject, message: str = "") -> list[WorkItem]:
    """The other department has answered about ``subject`` (e.g. Purchasing resubmitted): the
    items waiting on it are back in progress with their owners. Returns them."""
    ct = ContentType.objects.get_for_model(subject)
    resumed = []
    for item in WorkItem.objects.filter(
        subject_type=ct, subject_id=str(subject.pk), status=S.WAITING
    ).select_related("waiting_on"):
        resumed.append(item_hand_back(actor=actor, item=item, message=message))
    return resumed


# --- comments, attachments, watchers ------------------------------------------------------------


def _comment(item, actor, standing, body) -> WorkComment:
    return WorkComment.objects.create(
        item=item,
        created_by=actor,
        created_position_code=standing[0],
        created_acting=standing[1],
        body=clean_html(body),
    )


@transaction.atomic
def item_comment(*, actor, item: WorkItem, body: str) -> WorkComment:
    from .selectors import can_view

    if not can_view(actor, item):
        raise NotAllowed(_("You cannot see this item."))
    body = clean_html(body).strip()
    if not body:
        raise ValidationError(_("Write a comment."))
    standing = actor_standing(actor, item.position)
    comment = _comment(item, actor, standing, body)
    _event(item, EventKind.COMMENT, actor=actor, standing=standing, message=body[:500])
    return comment


@transaction.atomic
def item_watch(*, actor, item: WorkItem, watch: bool = True) -> None:
    from .selectors import can_view

    if not can_view(actor, item):
        raise NotAllowed(_("You cannot see this item."))
    if watch:
        item.watchers.add(actor)
    else:
        item.watchers.remove(actor)
    _event(
        item,
        EventKind.WATCH,
        actor=actor,
        standing=actor_standing(actor, item.position),
        message=_("Started watching") if watch else _("Stopped watching"),
    )


@transaction.atomic
def item_attach(*, actor, item: WorkItem, upload):
    """Attach a file: its real type is sniffed from the content and must match its name."""
    from .attachments import check_upload
    from .models import WorkAttachment
    from .selectors import can_view

    if not can_view(actor, item):
        raise NotAllowed(_("You cannot see this item."))
    content_type = check_upload(upload)
    att = WorkAttachment(
        item=item,
        file=upload,
        name=upload.name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    att.save()
    _event(
        item,
        EventKind.ATTACHMENT,
        actor=actor,
        standing=actor_standing(actor, item.position),
        message=att.name,
    )
    return att


# --- staffing changes ---------------------------------------------------------------------------


def _dependent_positions(position: Position, staffing: Staffing) -> set[int]:
    """Positions whose resolve() may change when ``position``'s staffing changes: itself, the
    positions it covers as a fallback, and (through vacancies) everyone below them."""
    from siteops.org.models import ActingFallback

    roots = {position.pk} | set(
        ActingFallback.objects.filter(fallback=position).values_list("position_id", flat=True)
    )
    return team_of(roots, staffing)


@transaction.atomic
def items_reroute(*, position=None, actor=None) -> int:
    """Move open items to whoever covers their position now; returns how many moved.

    Called after a staffing change (appointment, end, acting cover) for the positions that
    depend on the changed one, and daily for all (acting cover that starts or ends by date).
    Two queries per position; only items whose people changed are touched. Work is never lost
    to a vacancy: resolve() is never empty.
    """
    from collections import defaultdict

    staffing = Staffing.current()
    if position is not None:
        ids = _dependent_positions(_position(position), staffing)
    else:
        ids = set(staffing.positions)
    moved = 0
    for pid in sorted(ids):
        res = staffing.resolve(pid)
        cover_id = getattr(res.covering_position, "pk", None)
        wanted = {(u.pk, res.is_vacant, cover_id) for u in res.users}
        active = WorkItem.objects.active().filter(position_id=pid)
        current: dict[int, set] = defaultdict(set)
        for item_id, user_id, acting, cov in WorkAssignee.objects.filter(
            item__in=active
        ).values_list("item_id", "user_id", "acting", "covering_position_id"):
            current[item_id].add((user_id, acting, cov))
        stale = [i for i in active.values_list("pk", flat=True) if current[i] != wanted]
        for item in WorkItem.objects.filter(pk__in=stale).select_related("position"):
            before = {u for u, _a, _c in current[item.pk]}
            new = _route(item, staffing)
            if before == {u.pk for u in res.users}:
                continue  # only the acting mark changed
            moved += 1
            _event(
                item,
                EventKind.REROUTED,
                actor=actor,
                standing=actor_standing(actor, item.position, staffing) if actor else ("", False),
                message=", ".join(str(u) for u in res.users)
                + (f" ({res.via_label})" if res.is_vacant else ""),
                to_position=item.position,
            )
            notify(
                new,
                item,
                NotificationKind.ASSIGNED,
                _("Now yours (staffing of %(position)s changed): %(title)s")
                % {"position": item.position, "title": item.title},
            )
    return moved


__all__ = [
    "ALLOWED_PAIRS",
    "DomainError",
    "TRANSITIONS",
    "item_accept",
    "item_assign",
    "item_attach",
    "item_cancel",
    "item_close_for_subject",
    "item_comment",
    "item_complete",
    "item_create",
    "item_escalate",
    "item_hand_back",
    "item_hand_off",
    "item_reopen",
    "item_resolve",
    "item_resubmit",
    "item_return",
    "item_split",
    "item_start",
    "item_start_review",
    "item_watch",
    "items_reroute",
]


def team_check(actor, target: Position, staffing: Staffing) -> None:
    """Raise NotAllowed unless ``target`` is in the actor's team (screens check before a form
    assigns work directly, with the same rule ``item_create`` applies)."""
    _team_check(actor, target, staffing)
