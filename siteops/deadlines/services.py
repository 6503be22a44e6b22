"""Writes of the deadlines mechanism: register a due date, record its outcome, generate the
occurrences of recurring obligations, send the daily digests, act on passed deadlines.

For another app (docs/adding-a-domain.md, "Due dates")::

    from siteops.deadlines.services import deadline_register, deadline_done, kind_ensure

    kind_ensure(code="licence", name="许可证有效期", lead_days="90,30,7,1")
    deadline_register(subject=licence, kind="licence", due_date=licence.valid_until,
                      position="MGR", title=f"{licence} 到期")
    deadline_done(actor=user, subject=licence, kind="licence", outcome="已续期至 2028-03-31")

Every function is idempotent for its day or period: a job run twice sends, opens and creates
nothing new.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Min
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from siteops.core.errors import DomainError, IllegalTransition
from siteops.org.acting import Acting, acting_for, system_acting
from siteops.org.models import Position
from siteops.org.selectors import Staffing

from . import hooks, recurrence
from .choices import DeadlineEventKind, DeadlineStatus
from .models import Deadline, DeadlineEvent, DeadlineKind, DigestEntry, DigestSent, Obligation

log = logging.getLogger("siteops.deadlines")


def _position(position) -> Position:
    if isinstance(position, Position):
        return position
    try:
        return Position.objects.get(code=position)
    except Position.DoesNotExist as e:
        raise DomainError(_("Unknown position %(code)s.") % {"code": position}) from e


def _kind(kind) -> DeadlineKind:
    if isinstance(kind, DeadlineKind):
        return kind
    try:
        return DeadlineKind.objects.get(code=kind)
    except DeadlineKind.DoesNotExist as e:
        raise DomainError(_("Unknown deadline kind %(code)s.") % {"code": kind}) from e


def _event(deadline, kind, who: Acting, message: str = "") -> None:
    DeadlineEvent.objects.create(
        deadline=deadline, kind=kind, message=message[:300], **who.event_fields()
    )


def kind_ensure(*, code: str, name: str, lead_days: str = "90,30,7,1") -> DeadlineKind:
    """The kind ``code``, created with these defaults if missing (the company's edits stay)."""
    kind, created = DeadlineKind.objects.get_or_create(
        code=code, defaults={"name": name, "lead_days": lead_days}
    )
    if created:
        kind.full_clean()
        kind.save()
    return kind


@transaction.atomic
def deadline_register(
    *, subject, kind, due_date: datetime.date, position, title: str = "", who: Acting | None = None
) -> Deadline:
    """The open deadline of ``kind`` for ``subject``, created or moved to ``due_date``.

    Moving the date starts its reminders afresh (they are per due date).
    """
    kind, position, who = _kind(kind), _position(position), who or system_acting()
    if not isinstance(due_date, datetime.date) or isinstance(due_date, datetime.datetime):
        raise ValidationError(_("A due date is a date."))
    ct = ContentType.objects.get_for_model(subject)
    title = (title or str(subject))[:200]
    found = (
        Deadline.objects.select_for_update()
        .filter(subject_type=ct, subject_id=str(subject.pk), kind=kind, obligation=None)
        .open()
        .first()
    )
    if found is None:
        deadline = Deadline(
            subject_type=ct, subject_id=str(subject.pk), kind=kind, due_date=due_date,
            position=position, title=title,
        )  # fmt: skip
        deadline.full_clean()
        deadline.save()
        _event(deadline, DeadlineEventKind.REGISTERED, who, str(due_date))
        return deadline
    changed = (found.due_date, found.position_id, found.title) != (due_date, position.pk, title)
    if changed:
        old = found.due_date
        found.due_date, found.position, found.title = due_date, position, title
        found.save(update_fields=["due_date", "position", "title"])
        if old != due_date:
            _event(found, DeadlineEventKind.RESCHEDULED, who, f"{old} → {due_date}")
    return found


def _close(deadline: Deadline, status: str, who: Acting, outcome: str) -> Deadline:
    now = timezone.now()
    if not Deadline.objects.filter(pk=deadline.pk, status=DeadlineStatus.OPEN).update(
        status=status, outcome=outcome, done_at=now, done_by=who.user if who.user_id else None
    ):
        raise IllegalTransition(_("This deadline is already settled."))
    deadline.refresh_from_db()
    kind = DeadlineEventKind.DONE if status == DeadlineStatus.DONE else DeadlineEventKind.CANCELLED
    _event(deadline, kind, who, outcome)
    hooks.closed(deadline, who.user)
    return deadline


def _open_for(subject, kind) -> Deadline | None:
    ct = ContentType.objects.get_for_model(subject)
    return (
        Deadline.objects.open()
        .filter(subject_type=ct, subject_id=str(subject.pk), kind=_kind(kind), obligation=None)
        .first()
    )


@transaction.atomic
def deadline_done(
    *, actor, deadline: Deadline | None = None, subject=None, kind=None, outcome: str,
    who: Acting | None = None,
) -> Deadline:  # fmt: skip
    """Record the outcome (renewed, filed, decided): no more reminders, its work item closes.

    A person needs ``deadlines.change_deadline`` or to do the responsible position's work now
    (holder, acting, or cover by ``resolve()``); a calling service may pass its own ``who``.
    """
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError(_("Say what was done (the outcome)."))
    if deadline is None:
        deadline = _open_for(subject, kind)
        if deadline is None:
            raise IllegalTransition(_("There is no open deadline of that kind for this."))
    if who is None:
        who = _may_settle(actor, deadline)
    return _close(deadline, DeadlineStatus.DONE, who, outcome[:2000])


@transaction.atomic
def deadline_cancel(*, actor, deadline: Deadline, reason: str, who: Acting | None = None):
    """The due date no longer applies (the licence was given up, the domain let go)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason."))
    return _close(deadline, DeadlineStatus.CANCELLED, who or _may_settle(actor, deadline), reason)


def _may_settle(actor, deadline: Deadline) -> Acting:
    from siteops.core.errors import NotAllowed

    try:
        return acting_for(actor, "deadlines.change_deadline")
    except NotAllowed:
        pass
    if actor is not None and actor in Staffing.current().resolve(deadline.position).users:
        return Acting(actor, None, deadline.position.code, False)
    raise NotAllowed(_("Only the responsible position records this deadline's outcome."))


# --- recurring obligations -------------------------------------------------------------------


def horizon_days(kind: DeadlineKind) -> int:
    """How far ahead an occurrence is made: its first reminder must be able to go out."""
    return max([*kind.leads, 0])


def obligations_generate(*, today: datetime.date | None = None) -> list[Deadline]:
    """Create every occurrence due from the obligation's start up to its kind's horizon.

    Unique ``(obligation, period)``: a second run, or two at once, creates nothing new.
    """
    today = today or timezone.localdate()
    made = []
    for ob in Obligation.objects.filter(is_active=True).select_related("kind", "position"):
        end = today + datetime.timedelta(days=horizon_days(ob.kind))
        if ob.ends_on:
            end = min(end, ob.ends_on)
        have = set(Deadline.objects.filter(obligation=ob).values_list("period_key", flat=True))
        for occ in recurrence.occurrences(ob.rule, ob.starts_on, end):
            if occ.key in have:
                continue
            try:
                with transaction.atomic():
                    d = Deadline.objects.create(
                        obligation=ob, period_key=occ.key, kind=ob.kind, position=ob.position,
                        due_date=occ.date, subject_type=ob.subject_type, subject_id=ob.subject_id,
                        title=ob.title_template.replace("{period}", occ.key)[:200],
                    )  # fmt: skip
                    _event(d, DeadlineEventKind.REGISTERED, system_acting(), str(occ.date))
            except IntegrityError:
                continue  # made meanwhile by another run
            made.append(d)
    return made


# --- daily digest ------------------------------------------------------------------------------


def _reminder_lead(deadline: Deadline, today: datetime.date) -> int | None:
    """The tightest lead time reached today (None: no reminder is due yet, or it has passed)."""
    if deadline.due_date < today:
        return None
    reached = [n for n in deadline.kind.leads if deadline.due_date - datetime.timedelta(n) <= today]
    return min(reached) if reached else None


def pending_reminders(today: datetime.date, staffing: Staffing) -> dict:
    """{user: [(deadline, lead days)]} — what each person has not yet been told at this lead."""
    widest = max([horizon_days(k) for k in DeadlineKind.objects.all()] or [0])
    due = list(
        Deadline.objects.open()
        .filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=widest))
        .select_related("kind", "position")
    )
    wanted = {d.pk: (d, lead) for d in due if (lead := _reminder_lead(d, today)) is not None}
    told = {
        (row["digest__user_id"], row["deadline_id"]): row["lead"]
        for row in DigestEntry.objects.filter(
            deadline_id__in=wanted, due_date=F("deadline__due_date")
        )
        .values("digest__user_id", "deadline_id")
        .annotate(lead=Min("lead_days"))
    }
    out: dict = defaultdict(list)
    for d, lead in wanted.values():
        for user in staffing.resolve(d.position).users:
            before = told.get((user.pk, d.pk))
            if before is None or before > lead:
                out[user].append((d, lead))
    return out


def digests_send(*, today: datetime.date | None = None) -> int:
    """One digest per person per day (back office + one email) of the due dates coming up."""
    today = today or timezone.localdate()
    staffing = Staffing(today)
    sent_today = set(DigestSent.objects.filter(day=today).values_list("user_id", flat=True))
    sent = 0
    for user, lines in pending_reminders(today, staffing).items():
        if user.pk in sent_today or not user.is_active or not lines:
            continue
        lines.sort(key=lambda x: (x[0].due_date, x[0].pk))
        try:
            with transaction.atomic():
                digest = DigestSent.objects.create(user=user, day=today)
                DigestEntry.objects.bulk_create(
                    DigestEntry(digest=digest, deadline=d, due_date=d.due_date, lead_days=lead)
                    for d, lead in lines
                )
                if user.email:
                    body = _digest_body(lines, today)
                    transaction.on_commit(partial(_mail, user, len(lines), body), robust=True)
        except IntegrityError:
            continue  # another run sent today's digest meanwhile
        sent += 1
    return sent


def _digest_body(lines, today) -> tuple:
    return tuple(
        (d.due_date, (d.due_date - today).days, d.title, d.position.code) for d, _l in lines
    )


def _mail(user, count: int, lines: tuple) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "[SiteOps] %(n)d due date coming up", "[SiteOps] %(n)d due dates coming up", count
        ) % {"n": count}
        rows = [
            _("%(day)s (in %(n)d days) — %(title)s [%(position)s]")
            % {"day": day, "n": n, "title": title, "position": pos}
            for day, n, title, pos in lines
        ]
        body = (
            "\n".join(rows)
            + "\n\n"
            + _("All your due dates: %(path)s") % {"path": reverse("admin:deadlines_mine")}
        )
    send_mail(subject, body, None, [user.email])


# --- passed deadlines --------------------------------------------------------------------------


def overdue_process(*, today: datetime.date | None = None) -> int:
    """A deadline past its date with no outcome: once per due date, the hooks open (or move
    forward) a work item, which the work app's escalation rules then take up the line."""
    today = today or timezone.localdate()
    done = 0
    late = (
        Deadline.objects.open()
        .filter(due_date__lt=today)
        .exclude(overdue_handled_for=F("due_date"))
        .select_related("kind", "position")
    )
    for d in late.iterator(chunk_size=500):
        with transaction.atomic():
            if (
                not Deadline.objects.filter(
                    pk=d.pk, status=DeadlineStatus.OPEN, due_date=d.due_date
                )
                .exclude(overdue_handled_for=d.due_date)
                .update(overdue_handled_for=d.due_date)
            ):
                continue
            _event(d, DeadlineEventKind.OVERDUE, system_acting(), str(d.due_date))
            hooks.overdue(d)
        done += 1
    return done


def run_daily(*, today: datetime.date | None = None) -> dict:
    """The daily job: new occurrences, passed deadlines, then the digests."""
    today = today or timezone.localdate()
    return {
        "occurrences": len(obligations_generate(today=today)),
        "overdue": overdue_process(today=today),
        "digests": digests_send(today=today),
    }
