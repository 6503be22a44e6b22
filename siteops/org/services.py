"""Writes to the organisation: appointing, acting cover, ending appointments."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.audit import audit_context
from siteops.core.errors import NotAllowed

from .choices import AccountEventKind, AssignmentKind, DepartmentKind
from .models import AccountEvent, Position, PositionAssignment, User
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


# --- Above the remit: what no one may do for their own benefit ---------------------------------


def is_leadership(user: User) -> bool:
    """Superusers and whoever holds or acts for a company-leadership position today."""
    if user.is_superuser:
        return True
    return (
        PositionAssignment.objects.active()
        .filter(user=user, position__department__kind=DepartmentKind.LEADERSHIP)
        .exists()
    )


def _chain_ids(position: Position | None) -> set[int]:
    """``position`` and every position above it."""
    ids, p = set(), position
    while p is not None and p.pk not in ids:
        ids.add(p.pk)
        p = p.reports_to
    return ids


def senior_ids(user: User) -> set[int]:
    """The positions the user holds today and every position above them (their own rank and
    higher): what the user may not staff, move or edit accounts of on their own."""
    ids: set[int] = set()
    for a in PositionAssignment.objects.active().filter(user=user).select_related("position"):
        ids |= _chain_ids(a.position)
    return ids


def above_remit_check(
    *, actor: User, beneficiaries: set[int], what: str, confirmed_by: User | None = None
) -> User | None:
    """Raise NotAllowed unless ``actor`` may make a change that needs someone above the remit.

    - never the beneficiary (anyone in ``beneficiaries``, user ids), superusers excepted;
    - company leadership (or a superuser) may;
    - HR & Administration (``manage_all_assignments``) only with a second person's confirmation:
      ``confirmed_by`` is another person, not a beneficiary, who is leadership or also holds
      ``manage_all_assignments``. The caller must have had that person confirm it themselves
      (a second login, an approval step); it is recorded on the change.

    Returns the confirming person (or None when none was needed).
    """
    if actor.pk in beneficiaries and not actor.is_superuser:
        raise NotAllowed(
            _("You would gain from this change (%(what)s), so someone else must make it.")
            % {"what": what}
        )
    if is_leadership(actor):
        return None
    if acting_as(actor, PERM_ALL) is None:
        raise NotAllowed(
            _("Only company leadership may do this (%(what)s), or HR with a second person.")
            % {"what": what}
        )
    if confirmed_by is None:
        raise NotAllowed(
            _("This change (%(what)s) needs a second person's confirmation: company leadership, "
              "or another HR officer.") % {"what": what}
        )  # fmt: skip
    if confirmed_by.pk == actor.pk or confirmed_by.pk in beneficiaries:
        raise NotAllowed(_("The second person must be someone else who does not gain from it."))
    if not confirmed_by.is_active or not (
        is_leadership(confirmed_by) or acting_as(confirmed_by, PERM_ALL) is not None
    ):
        raise NotAllowed(_("The second person must be company leadership or an HR officer."))
    return confirmed_by


def _holders(position_ids) -> set[int]:
    return set(
        PositionAssignment.objects.active()
        .filter(position__in=position_ids)
        .values_list("user_id", flat=True)
    )


def _appointment_check(actor: User, user: User, position: Position, confirmed_by=None):
    """Appointing oneself, or to a position at or above one's own rank, is above the remit."""
    if actor.is_superuser:
        return None
    if user.pk == actor.pk:
        return above_remit_check(
            actor=actor, beneficiaries={actor.pk}, what=_("appointing yourself"),
            confirmed_by=confirmed_by,
        )  # fmt: skip
    if position.pk in senior_ids(actor) or position.department.kind == DepartmentKind.LEADERSHIP:
        return above_remit_check(
            actor=actor, beneficiaries={user.pk},
            what=_("appointing to a position at or above your own"), confirmed_by=confirmed_by,
        )  # fmt: skip
    return None


POSITION_FIELDS = ["code", "name_zh", "name_en", "department", "reports_to", "is_lead",
                   "headcount", "order"]  # fmt: skip
STRUCTURE_FIELDS = {"department", "reports_to"}


def position_move_beneficiaries(position: Position, department=None, reports_to=None) -> set[int]:
    """Who gains when ``position`` moves: its people, the new reporting line (they gain a
    subordinate) and whoever staffs the new department (their remit grows)."""
    ids = {position.pk}
    if reports_to is not None:
        # Those who gain a subordinate they did not have: the new line above, less the old one.
        ids |= _chain_ids(reports_to) - _chain_ids(position.reports_to)
    users = _holders(ids)
    if department is not None and department.pk != position.department_id:
        from django.contrib.auth.models import Permission

        staffing = Permission.objects.filter(
            content_type__app_label="org", codename=PERM_DEPT.split(".")[1]
        ).values("group__position")
        users |= _holders(
            Position.objects.filter(department=department, pk__in=staffing).values("pk")
        )
    return users


def position_update_check(
    *, actor: User, position: Position, changes: dict, confirmed_by: User | None = None
) -> User | None:
    """Raise NotAllowed unless ``actor`` may make ``changes`` ({field: new value}) to ``position``."""
    from .acting import acting_for

    acting_for(actor, "org.change_position")
    unknown = set(changes) - set(POSITION_FIELDS)
    if unknown:
        raise NotAllowed(_("These fields of a position cannot be changed here."))
    if "code" in changes and not actor.is_superuser:
        raise NotAllowed(_("Only an administrator may change a position's code."))
    if position.pk in senior_ids(actor) and not is_leadership(actor):
        # One's own position and those above it are edited by someone above them.
        raise NotAllowed(_("Your own position and those above it are changed by your superiors."))
    if STRUCTURE_FIELDS & set(changes):
        return above_remit_check(
            actor=actor,
            beneficiaries=position_move_beneficiaries(
                position,
                changes.get("department") if "department" in changes else None,
                changes.get("reports_to") if "reports_to" in changes else None,
            ),
            what=_("a position's department or reporting line"),
            confirmed_by=confirmed_by,
        )
    return None


@transaction.atomic
def position_update(
    *, actor: User, position: Position, changes: dict, confirmed_by: User | None = None,
    reason: str = "",
) -> Position:  # fmt: skip
    """Change a position's fields; moving it (department, reporting line) is above the remit."""
    from .acting import acting_for, audited

    current = Position.objects.select_for_update().get(pk=position.pk)
    changes = {f: v for f, v in changes.items() if getattr(current, f) != v}
    confirmed = position_update_check(
        actor=actor, position=current, changes=changes, confirmed_by=confirmed_by
    )
    for field, value in changes.items():
        setattr(current, field, value)
    current.full_clean()
    who = acting_for(actor, "org.change_position")
    with audited(who):
        current._change_reason = _join_reason(reason, confirmed)
        current.save()
    return current


def _join_reason(reason: str, confirmed: User | None) -> str:
    parts = [reason.strip()] if reason.strip() else []
    if confirmed is not None:
        parts.append(_("confirmed by %(user)s") % {"user": confirmed})
    return "; ".join(parts)[:100]


# --- Accounts: bounded by remit ---------------------------------------------------------------


def is_customer(user: User) -> bool:
    """A shop customer's account: not staff, not an administrator, never appointed."""
    return not (user.is_staff or user.is_superuser) and not user.assignments.exists()


def account_change_check(actor: User, target: User) -> None:
    """Raise NotAllowed unless ``actor`` may edit ``target``'s account (details, password, active).

    - superusers are changed by superusers only;
    - customers' accounts are not staff business (see ``customer_password_reset``);
    - one's own account: yes (one's own password and details);
    - otherwise the actor needs a staffing remit (``manage_all_assignments``: anyone;
      ``manage_department_assignments``: people of the own department) and the account may hold
      no position at or above the actor's own rank (their positions or the reporting line above).
    """
    if actor.is_superuser:
        return
    if target.is_superuser:
        raise NotAllowed(_("Administrators' accounts are changed by administrators only."))
    if target.pk == actor.pk:
        return
    if is_customer(target):
        raise NotAllowed(
            _("Customers' accounts are not changed in the back office; Customer Service can send "
              "a password reset with a reason.")
        )  # fmt: skip
    held = list(PositionAssignment.objects.active().filter(user=target).select_related("position"))
    senior = senior_ids(actor)
    if any(a.position_id in senior for a in held):
        raise NotAllowed(_("This account holds a position at or above yours."))
    if acting_as(actor, PERM_ALL) is not None:
        return
    via = acting_as(actor, PERM_DEPT)
    if via is not None:
        department = via.position.department_id
        if all(a.position.department_id == department for a in held):
            if held or not target.assignments.exclude(position__department_id=department).exists():
                return
    raise NotAllowed(_("This account is outside your remit."))


def may_change_account(actor: User, target: User) -> bool:
    try:
        account_change_check(actor, target)
    except NotAllowed:
        return False
    return True


PERM_CUSTOMER_RESET = "org.reset_customer_password"


@transaction.atomic
def customer_password_reset(*, actor: User, customer: User, reason: str) -> str:
    """Customer Service resets a customer's password (they called in, locked out): a temporary
    password the agent reads out once, logged with the reason, and the customer is told by mail.

    Returns the temporary password (never stored in clear, never shown again).
    """
    from django.conf import settings
    from django.core.mail import send_mail
    from django.utils import translation
    from django.utils.crypto import get_random_string

    from .acting import acting_for

    who = acting_for(actor, PERM_CUSTOMER_RESET)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError(
            {"reason": _("Say why the password is reset (at least 5 characters).")}
        )
    if not is_customer(customer):
        raise NotAllowed(_("Only a shop customer's password can be reset here."))
    if not customer.is_active:
        raise NotAllowed(_("This customer account is deactivated."))
    temporary = get_random_string(12, "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    customer.set_password(temporary)
    customer.save(update_fields=["password"])
    AccountEvent.objects.create(
        user=customer, kind=AccountEventKind.SUPPORT_RESET, reason=reason[:300],
        **who.event_fields(),
    )  # fmt: skip
    if customer.email:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Your password was reset by Customer Service")
            body = _(
                "At your request, Customer Service reset the password of your account %(user)s. "
                "Log in with the password the agent gave you and choose a new one. If you did not "
                "ask for this, contact us at once."
            ) % {"user": customer.get_username()}
        transaction.on_commit(lambda: send_mail(subject, body, None, [customer.email]))
    return temporary


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
    confirmed_by: User | None = None,
) -> PositionAssignment:
    """Appoint ``user`` to ``position`` as holder or acting from ``start`` to ``end`` (inclusive).

    Appointing oneself, or to a position at or above one's own, needs someone above the remit
    (``above_remit_check``: leadership, or HR with a second person; never the beneficiary).
    """
    via = _remit_check(actor, position)
    confirmed = _appointment_check(actor, user, position, confirmed_by)
    if confirmed is not None:
        reason = f"{reason.strip()} ({_join_reason('', confirmed)})".strip()
    start = start or timezone.localdate()
    assignment = PositionAssignment(
        user=user,
        position=position,
        kind=kind,
        start=start,
        end=end,
        reason=reason.strip(),
        created_by=actor,
        created_position_code=via.position.code if via else "",
        created_acting=bool(via and via.kind == AssignmentKind.ACTING),
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
    if not actor.is_superuser and assignment.user_id != actor.pk:
        if assignment.position_id in senior_ids(actor):
            raise NotAllowed(
                _("Appointments at or above your own position are ended by your superiors.")
            )
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
    ).select_related("user", "position", "created_by")
    sent = 0
    for a in due:
        # Claim it first so two workers never send the same notice twice.
        if not PositionAssignment.objects.filter(
            pk=a.pk, ending_notice_sent_on__isnull=True
        ).update(ending_notice_sent_on=today):
            continue
        recipients = [u.email for u in (a.user, a.created_by) if u is not None and u.email]
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
    """Whether the actor may appoint to ``position`` (screens ask this to show the action).

    The answer of ``_remit_check`` from the person's access (positions in force today, cached per
    request and person) and one query for which of those positions grant the remit — not the
    2–4 queries of ``acting_as`` (issue #20)."""
    if actor.is_superuser:
        return True
    from django.contrib.auth.models import Permission

    from .access import access_of

    access = access_of(actor)
    wanted = {perm.split(".", 1)[1] for perm in (PERM_ALL, PERM_DEPT) if perm in access.perms}
    if not wanted or not access.positions:
        return False
    granting: dict[str, dict[int, int]] = {}  # codename → {granting position: its department}
    for position_id, department_id, codename in Permission.objects.filter(
        content_type__app_label="org", codename__in=wanted,
        group__position__in=[p[0] for p in access.positions],
    ).values_list("group__position", "group__position__department", "codename"):  # fmt: skip
        granting.setdefault(codename, {})[position_id] = department_id
    if granting.get(PERM_ALL.split(".", 1)[1]):
        return True
    dept = granting.get(PERM_DEPT.split(".", 1)[1], {})
    for position_id, _code, _kind in access.positions:  # holder first, then by order
        if position_id in dept:  # the assignment acting_as(actor, PERM_DEPT) would use
            return position.department_id == dept[position_id] and position.pk != position_id
    return False


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
