"""Writes to the organisation: appointing, acting cover, ending appointments."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.audit import audit_context
from siteops.core.errors import NotAllowed

from .choices import AssignmentKind
from .models import Position, PositionAssignment, User
from .selectors import acting_as
from .signals import staffing_changed

PERM_ALL = "org.manage_all_assignments"
PERM_DEPT = "org.manage_department_assignments"


def _remit_check(actor: User, position: Position) -> PositionAssignment | None:
    """Raise NotAllowed unless the actor may staff ``position``; return the assignment used."""
    if actor.is_superuser:
        return acting_as(actor)
    via = acting_as(actor, PERM_ALL)
    if via is not None:
        return via
    via = acting_as(actor, PERM_DEPT)
    if via is not None:
        own = via.position
        if position.department_id == own.department_id and position.pk != own.pk:
            return via
    raise NotAllowed(
        _("Appointing to %(position)s is outside your remit.") % {"position": position}
    )


def _overlaps(qs, start: datetime.date, end: datetime.date | None):
    qs = qs.filter(models_q_end_after(start))
    if end is not None:
        qs = qs.filter(start__lte=end)
    return qs


def models_q_end_after(day):
    from django.db.models import Q

    return Q(end__isnull=True) | Q(end__gte=day)


@transaction.atomic
def assignment_create(
    *,
    actor: User,
    user: User,
    position: Position,
    kind: str,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    reason: str = "",
) -> PositionAssignment:
    """Appoint ``user`` to ``position`` as holder or acting from ``start`` to ``end`` (inclusive)."""
    via = _remit_check(actor, position)
    start = start or timezone.localdate()
    assignment = PositionAssignment(
        user=user,
        position=position,
        kind=kind,
        start=start,
        end=end,
        reason=reason.strip(),
        made_by=actor,
        made_as=via.position.code if via else "",
    )
    assignment.full_clean()
    # Serialise concurrent appointments to the same position (row lock on PostgreSQL; SQLite
    # already holds the write lock for the whole IMMEDIATE transaction).
    Position.objects.select_for_update().filter(pk=position.pk).first()
    others = PositionAssignment.objects.filter(position=position, kind=kind)
    if _overlaps(others.filter(user=user), start, end).exists():
        raise ValidationError(
            _("%(user)s is already appointed to this position for those dates.") % {"user": user}
        )
    if kind == AssignmentKind.HOLDER:
        # Count holders whose time overlaps the new one on its first day or any later start day.
        days = [start] + list(
            _overlaps(others, start, end).filter(start__gt=start).values_list("start", flat=True)
        )
        for day in days:
            if others.active(day).count() >= position.headcount:
                raise ValidationError(
                    _("%(position)s already has its full headcount of %(n)d holder(s) on %(day)s.")
                    % {"position": position, "n": position.headcount, "day": day}
                )
    with audit_context(
        actor=actor,
        position=via.position if via else None,
        acting=bool(via and via.kind == AssignmentKind.ACTING),
    ):
        assignment.save()
    transaction.on_commit(lambda: staffing_changed.send(Position, position=position, actor=actor))
    return assignment


@transaction.atomic
def assignment_end(
    *, actor: User, assignment: PositionAssignment, end: datetime.date | None = None
) -> PositionAssignment:
    """End an appointment on ``end`` (default yesterday: the position is vacant from today)."""
    via = _remit_check(actor, assignment.position)
    end = end or (timezone.localdate() - datetime.timedelta(days=1))
    audit = audit_context(
        actor=actor,
        position=via.position if via else None,
        acting=bool(via and via.kind == AssignmentKind.ACTING),
    )
    position = assignment.position
    if end < assignment.start:
        # Ending before it began withdraws the appointment; the history keeps the deleted row.
        with audit:
            assignment.delete()
        transaction.on_commit(
            lambda: staffing_changed.send(Position, position=position, actor=actor)
        )
        return assignment
    if assignment.end is not None and assignment.end <= end:
        raise ValidationError(
            _("This appointment already ends on %(day)s.") % {"day": assignment.end}
        )
    assignment.end = end
    assignment.full_clean()
    with audit:
        assignment.save(update_fields=["end"])
    transaction.on_commit(lambda: staffing_changed.send(Position, position=position, actor=actor))
    return assignment


def acting_ending_notify(*, today: datetime.date | None = None) -> int:
    """Tell acting holders and their appointers that the cover ends soon. Once per assignment."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.utils import translation

    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.SITEOPS["ACTING_ENDING_NOTICE_DAYS"])
    due = PositionAssignment.objects.filter(
        kind=AssignmentKind.ACTING,
        end__isnull=False,
        end__gte=today,
        end__lte=horizon,
        ending_notice_sent_on__isnull=True,
    ).select_related("user", "position", "made_by")
    sent = 0
    for a in due:
        # Claim it first so two workers never send the same notice twice.
        if not PositionAssignment.objects.filter(
            pk=a.pk, ending_notice_sent_on__isnull=True
        ).update(ending_notice_sent_on=today):
            continue
        recipients = [u.email for u in (a.user, a.made_by) if u is not None and u.email]
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Acting cover for %(position)s ends on %(day)s") % {
                "position": a.position, "day": a.end}  # fmt: skip
            body = _(
                "%(user)s acts for %(position)s until %(day)s (%(reason)s). "
                "Appoint a holder or extend the cover before then, or the work goes to the "
                "position's fallback."
            ) % {"user": a.user, "position": a.position, "day": a.end, "reason": a.reason}
        if recipients:
            send_mail(subject, body, None, recipients)
        sent += 1
    return sent


def may_staff(actor: User, position: Position) -> bool:
    """Whether the actor may appoint to ``position`` (screens ask this to show the action)."""
    try:
        _remit_check(actor, position)
    except NotAllowed:
        return False
    return True


@transaction.atomic
def staff_user_create(
    *, actor: User, username: str, display_name: str, email: str = "", phone: str = ""
) -> User:
    """A new member of staff's login (no password: they set one by the reset link), e.g. for a
    recruited candidate. Appoint them with ``assignment_create``."""
    if not (actor.is_superuser or actor.has_perm("org.add_user")):
        raise NotAllowed(_("You may not create users."))
    user = User(
        username=username.strip(),
        display_name=display_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        is_staff=True,
    )
    user.set_unusable_password()
    user.full_clean()
    with audit_context(actor=actor, position=None, acting=False):
        user.save()
    return user
