"""Supervision (监督执行) and recurring duty work: reminders, overdue escalation, schedules.

Every function here is idempotent for its day/period, so the scheduler running it twice (or a
restart) never reminds, escalates or creates twice.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.deadlines import recurrence
from siteops.org.selectors import Staffing

from .choices import ACTIVE_STATUSES, NotificationKind, WorkKind, WorkSource, WorkStatus
from .models import AutoEscalation, DutySchedule, EscalationRule, WorkItem
from .notify import notify


def holidays() -> set[datetime.date]:
    """Extra non-working days (settings SITEOPS["WORK_HOLIDAYS"]: ISO dates)."""
    return {datetime.date.fromisoformat(d) for d in settings.SITEOPS.get("WORK_HOLIDAYS", []) or []}


def is_working_day(day: datetime.date, off: set | None = None) -> bool:
    return day.weekday() < 5 and day not in (off if off is not None else holidays())


def working_days_overdue(due: datetime.date, today: datetime.date, off=None) -> int:
    """Working days after ``due`` up to and including ``today`` (0 if not overdue)."""
    off = holidays() if off is None else off
    n, day = 0, due + datetime.timedelta(days=1)
    while day <= today:
        if is_working_day(day, off):
            n += 1
        day += datetime.timedelta(days=1)
    return n


def remind_days() -> int:
    return int(settings.SITEOPS.get("WORK_REMIND_DAYS_BEFORE", 1))


def send_due_reminders(*, today: datetime.date | None = None) -> int:
    """Tell an item's people it is due within the reminder window (once per due date)."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=remind_days())
    staffing = Staffing.current()
    sent = 0
    due = WorkItem.objects.filter(
        status__in=ACTIVE_STATUSES, due__gte=today, due__lte=horizon
    ).select_related("position")
    for item in due.iterator(chunk_size=500):
        if item.due_reminder_sent_for == item.due:
            continue
        with transaction.atomic():
            if (
                not WorkItem.objects.filter(pk=item.pk)
                .exclude(due_reminder_sent_for=item.due)
                .update(due_reminder_sent_for=item.due)
            ):
                continue
            notify(
                staffing.resolve(item.position).users,
                item,
                NotificationKind.DUE_SOON,
                _("Due on %(day)s: %(title)s") % {"day": item.due, "title": item.title},
            )
        sent += 1
    return sent


def send_overdue_notices(*, today: datetime.date | None = None) -> int:
    """Tell an overdue item's people (and its watchers) once per due date."""
    today = today or timezone.localdate()
    staffing = Staffing.current()
    sent = 0
    for item in WorkItem.objects.overdue(today).select_related("position").iterator(500):
        if item.overdue_notice_sent_for == item.due:
            continue
        with transaction.atomic():
            if (
                not WorkItem.objects.filter(pk=item.pk)
                .exclude(overdue_notice_sent_for=item.due)
                .update(overdue_notice_sent_for=item.due)
            ):
                continue
            notify(
                list(staffing.resolve(item.position).users) + list(item.watchers.all()),
                item,
                NotificationKind.OVERDUE,
                _("Overdue since %(day)s: %(title)s") % {"day": item.due, "title": item.title},
            )
        sent += 1
    return sent


def auto_escalate(*, today: datetime.date | None = None) -> int:
    """Apply the escalation rules to overdue items: each rule at most once per item and due date.

    A rule "overdue N working days → M levels up" moves the item to the M-th superior of where it
    was before any escalation (so 1 day → the lead, 3 days → the manager), never down.
    """
    from .services import item_escalate

    today = today or timezone.localdate()
    rules = list(EscalationRule.objects.filter(is_active=True).order_by("overdue_working_days"))
    if not rules:
        return 0
    off = holidays()
    staffing = Staffing.current()
    done = 0
    overdue = WorkItem.objects.overdue(today).exclude(
        status__in=[WorkStatus.SUBMITTED, WorkStatus.IN_REVIEW, WorkStatus.RETURNED]
    )
    for item in overdue.select_related("position", "home_position").iterator(500):
        late = working_days_overdue(item.due, today, off)
        applicable = [r for r in rules if late >= r.overdue_working_days]
        if not applicable:
            continue
        rule = applicable[-1]
        with transaction.atomic():
            try:
                with transaction.atomic():
                    AutoEscalation.objects.create(item=item, rule=rule, due=item.due)
            except IntegrityError:
                continue  # this rule already moved this item for this due date
            origin = item.home_position or item.position
            target, levels = origin, 0
            while levels < rule.levels_up and target.reports_to_id:
                target = staffing.positions[target.reports_to_id]
                levels += 1
            # How far the item must still go from where it is now.
            chain, pid = [], item.position_id
            while pid:
                chain.append(pid)
                pid = staffing.positions[pid].reports_to_id
            if target.pk not in chain or target.pk == item.position_id:
                continue  # already at or above the rule's level
            steps = chain.index(target.pk)
            item_escalate(
                actor=None,
                item=item,
                levels=steps,
                staffing=staffing,
                reason=_("Overdue by %(n)d working day(s) (rule: %(rule)s).")
                % {"n": late, "rule": rule.name},
            )
            done += 1
    return done


def supervise(*, today: datetime.date | None = None) -> dict:
    """The daily supervision run."""
    return {
        "reminders": send_due_reminders(today=today),
        "overdue": send_overdue_notices(today=today),
        "escalated": auto_escalate(today=today),
    }


# --- recurring duty work ------------------------------------------------------------------------


def schedule_rule(schedule: DutySchedule) -> recurrence.Rule:
    """A duty schedule's recurrence, in the terms of the one engine (siteops.deadlines.recurrence)."""
    return recurrence.Rule(
        frequency=schedule.frequency,
        weekday=schedule.weekday,
        day=schedule.day_of_month,
        month=schedule.month,
    )


def period_of(schedule: DutySchedule, at: datetime.datetime) -> tuple[str, datetime.datetime]:
    """The period ``at`` falls in, as (key, the moment its item is due to be created)."""
    tz = timezone.get_current_timezone()
    occ = recurrence.occurrence_in(schedule_rule(schedule), timezone.localtime(at, tz).date())
    return occ.key, datetime.datetime.combine(occ.date, datetime.time(schedule.hour), tzinfo=tz)


def run_schedules(*, now: datetime.datetime | None = None) -> list[WorkItem]:
    """Create the current period's item of every active schedule whose time has come.

    The (schedule, period) unique constraint makes a second run — or two schedulers at once —
    create nothing new.
    """
    from .services import item_create

    now = now or timezone.now()
    created = []
    for schedule in DutySchedule.objects.filter(is_active=True).select_related("position"):
        key, fire = period_of(schedule, now)
        if now < fire or WorkItem.objects.filter(schedule=schedule, period_key=key).exists():
            continue
        try:
            with transaction.atomic():
                item = item_create(
                    actor=None,
                    position=schedule.position,
                    title=schedule.title_template.replace("{period}", key),
                    description=schedule.description,
                    source=WorkSource.SCHEDULE,
                    kind=WorkKind.DUTY,
                    priority=schedule.priority,
                    due=timezone.localdate(fire) + datetime.timedelta(days=schedule.due_in_days),
                    schedule=schedule,
                    period_key=key,
                    subject=schedule.duty,
                )
        except IntegrityError:
            continue
        created.append(item)
    return created
