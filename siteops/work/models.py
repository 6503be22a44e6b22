"""Work between positions: items, their events, comments, attachments; schedules, rules, notices."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from siteops.core.audit import AuditedHistoryModel
from siteops.core.events import Event

from .choices import (
    ACTIVE_STATUSES,
    CLOSED_STATUSES,
    EventKind,
    Frequency,
    NotificationKind,
    Priority,
    WorkKind,
    WorkSource,
    WorkStatus,
)


class WorkItemQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.active().filter(due__lt=today)

    def visible_to(self, user, staffing=None):
        """The items ``user`` may see (every list, page, API answer and search starts here).

        - the positions involved: the item's position, where it was escalated from, the post it
          waits on — for whoever holds, acts for or covers them (``covers_of``);
        - their reporting line: a position sees the items of every position reporting to it,
          directly or through a lead (the manager the department's, leadership everyone's);
        - the people named on it: requester, creator, assignees, watchers;
        - the requesting department's staff (its requests) — not for confidential items;
        - an explicit permission: ``work.view_all_workitems`` (every item except confidential
          ones), ``work.view_confidential_workitems`` (every item).

        ``staffing``: today's snapshot when the caller has it already (else read here).
        """
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.has_perm("work.view_confidential_workitems"):
            return self
        from siteops.org.selectors import Staffing

        from .routing import reach_of

        line, depts = reach_of(user, staffing or Staffing.current())
        named = (
            Q(requester=user)
            | Q(created_by=user)
            | Q(pk__in=WorkAssignee.objects.filter(user=user).values("item_id"))
            | Q(pk__in=WorkItem.watchers.through.objects.filter(user=user).values("workitem_id"))
        )
        involved = Q(position__in=line) | Q(home_position__in=line) | Q(waiting_on__in=line)
        # The broadest term first: the database stops at the first term a row meets, and for
        # a manager or anyone with view_all_workitems that is nearly every row (a third less
        # time for the list's count).
        if user.has_perm("work.view_all_workitems"):
            open_to = Q(confidential=False)
        else:
            open_to = Q(confidential=False) & Q(requester_department__in=depts)
        return self.filter(open_to | involved | named)


class WorkItem(models.Model):
    """A piece of work addressed to a position: a task, a request from another department, a duty."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=WorkKind.choices, default="task")
    source = models.CharField(_("source"), max_length=20, choices=WorkSource.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=WorkStatus.choices, default=WorkStatus.OPEN
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    position = models.ForeignKey(
        "org.Position",
        on_delete=models.PROTECT,
        related_name="work_items",
        verbose_name=_("position"),
        help_text=_("The position whose work this is now."),
    )
    home_position = models.ForeignKey(
        "org.Position",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("escalated from"),
        null=True,
        blank=True,
        help_text=_("Where the item was before its escalation chain started."),
    )
    waiting_on = models.ForeignKey(
        "org.Position",
        on_delete=models.PROTECT,
        related_name="work_waiting",
        verbose_name=_("waiting on"),
        null=True,
        blank=True,
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="work_requested",
        verbose_name=_("requester"),
        null=True,
        blank=True,
    )
    requester_department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        related_name="work_requested",
        verbose_name=_("requester department"),
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
        null=True,
        blank=True,
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent item"),
        null=True,
        blank=True,
    )
    due = models.DateField(_("due"), null=True, blank=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_(
            "Only the positions involved, their reporting line and those with the permission "
            "see it (HR & Administration's cases are confidential by default)."
        ),
    )
    subject_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about (type)"),
    )
    subject_id = models.CharField(_("about (id)"), max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    schedule = models.ForeignKey(
        "DutySchedule",
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=_("schedule"),
        null=True,
        blank=True,
    )
    period_key = models.CharField(_("period"), max_length=16, blank=True)
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="WorkAssignee",
        related_name="work_assigned",
        verbose_name=_("current assignees"),
        blank=True,
    )
    watchers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="work_watched",
        verbose_name=_("watchers"),
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    due_reminder_sent_for = models.DateField(_("due reminder sent for"), null=True, blank=True)
    overdue_notice_sent_for = models.DateField(_("overdue notice sent for"), null=True, blank=True)

    objects = WorkItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["position", "status", "due"], name="work_item_pos_status_due"),
            models.Index(fields=["status", "closed_at"], name="work_item_status_closed"),
            models.Index(fields=["-created_at", "-id"], name="work_item_newest"),
            models.Index(fields=["status", "due"], name="work_item_status_due"),
            models.Index(
                fields=["requester_department", "status"], name="work_item_reqdept_status"
            ),
            # "Other departments wait on me": by the waiting position, in due order (issue #20).
            models.Index(
                fields=["waiting_on", "status", "due"], name="work_item_waiting_status_due"
            ),
            models.Index(fields=["subject_type", "subject_id"], name="work_item_subject"),
            # Open work in due order, for the lists that pick the first few of several positions
            # or statuses (the workbench, the team board): PostgreSQL walks it in order instead
            # of sorting every open item of those positions (3.6 ms → 0.5 ms at 10,000 items,
            # issue #20). SQLite uses work_item_pos_status_due for them. Position and status are
            # keys too (SQLite has no INCLUDE), so the picks read the index alone.
            models.Index(
                fields=["due", "id", "position", "status"],
                condition=Q(status__in=[s.value for s in ACTIVE_STATUSES]),
                name="work_item_open_by_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "period_key"],
                condition=Q(schedule__isnull=False),
                name="work_item_once_per_schedule_period",
            ),
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(waiting_on__isnull=False),
                name="work_item_waiting_has_position",
            ),
        ]
        permissions = [
            ("review_external", _("Can review requests from other departments")),
            ("view_team", _("Can see the team's work and board")),
            ("add_request", _("Can file requests to the department")),
            ("split_workitem", _("Can split work into sub-items for the team")),
            ("view_all_workitems", _("Can see every work item except confidential ones")),
            ("view_confidential_workitems", _("Can see every work item, confidential ones too")),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def status_badge(self) -> str:
        return WorkStatus(self.status).badge

    # For the lists that show many items (work_tags.work_table): the labels from a table built once
    # per process and the links with one reverse() per process, not per row (issue #20).
    @property
    def status_label(self) -> str:
        from siteops.core.admin_base import choice_label

        return choice_label(self, "status")

    @property
    def priority_label(self) -> str:
        from siteops.core.admin_base import choice_label

        return choice_label(self, "priority")

    @property
    def admin_url(self) -> str:
        from siteops.core.admin_base import pk_url

        return pk_url("admin:work_item", self.pk)

    @property
    def start_url(self) -> str:
        from siteops.core.admin_base import pk_url

        return pk_url("admin:work_item_action", self.pk, "start")

    @property
    def complete_url(self) -> str:
        from siteops.core.admin_base import pk_url

        return pk_url("admin:work_item_action", self.pk, "complete")

    @property
    def is_external(self) -> bool:
        from .choices import EXTERNAL_SOURCES

        return self.source in EXTERNAL_SOURCES

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return bool(self.due and not self.is_closed and self.due < today)


class WorkAssignee(models.Model):
    """Who currently does an item's work (from resolve() of its position), and whether acting."""

    item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    acting = models.BooleanField(_("acting"), default=False)
    covering_position = models.ForeignKey(
        "org.Position",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("covering as position"),
    )
    since = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignee")
        verbose_name_plural = _("assignees")
        ordering = ["item", "acting", "user"]
        constraints = [
            models.UniqueConstraint(fields=["item", "user"], name="work_assignee_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.user}"


class WorkEvent(Event):
    """One line of an item's history: a transition, assignment, escalation hop, comment …"""

    item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="events", verbose_name=_("work item")
    )
    kind = models.CharField(_("event"), max_length=16, choices=EventKind.choices)
    from_status = models.CharField(
        _("from status"), max_length=16, choices=WorkStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=16, choices=WorkStatus.choices, blank=True
    )
    from_position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("from position"),
    )  # fmt: skip
    to_position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("to position"),
    )  # fmt: skip
    message = models.TextField(_("message"), blank=True)

    class Meta(Event.Meta):
        verbose_name = _("work event")
        verbose_name_plural = _("work events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.get_kind_display()}"

    timeline_related = ("from_position", "to_position")

    @property
    def timeline_change(self) -> str:
        """Status and position moves, as the timeline shows them (labels and names, no codes)."""
        parts = []
        if self.to_status and self.to_status != self.from_status:
            parts.append(
                f"{self.from_label} → {self.to_label}" if self.from_status else str(self.to_label)
            )
        if self.to_position_id and self.to_position_id != self.from_position_id:
            start = self.from_position.name if self.from_position_id else ""
            parts.append(f"{start} → {self.to_position.name}" if start else self.to_position.name)
        return " · ".join(str(p) for p in parts)

    @property
    def from_label(self) -> str:
        return WorkStatus(self.from_status).label if self.from_status else ""

    @property
    def to_label(self) -> str:
        return WorkStatus(self.to_status).label if self.to_status else ""


class WorkComment(models.Model):
    """A comment on an item (sanitised rich text)."""

    item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="comments", verbose_name=_("work item")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("author"), null=True, blank=True,
    )  # fmt: skip
    created_position_code = models.CharField(_("acting as position"), max_length=16, blank=True)
    created_acting = models.BooleanField(_("as acting holder"), default=False)
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.created_by}"


def attachment_path(instance, filename):
    return f"work/{instance.item_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class WorkAttachment(models.Model):
    """A file attached to an item; its type is sniffed from the content, its size limited."""

    item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("work item")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("uploaded by"), null=True, blank=True,
    )  # fmt: skip
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name


class DutySchedule(models.Model):
    """A recurring duty (e.g. PRC-04 weekly order report, Mondays 09:00) that creates work items."""

    name = models.CharField(_("name"), max_length=200)
    duty = models.ForeignKey(
        "org.Duty", on_delete=models.PROTECT, null=True, blank=True, related_name="schedules",
        verbose_name=_("duty"),
    )  # fmt: skip
    position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, related_name="duty_schedules",
        verbose_name=_("position"),
    )  # fmt: skip
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), default=0, help_text=_("For weekly schedules: 0 = Monday … 6 = Sunday.")
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("day of month"),
        default=1,
        help_text=_("For monthly, quarterly and yearly schedules (1–28)."),
    )
    month = models.PositiveSmallIntegerField(
        _("month"),
        default=1,
        help_text=_("For yearly schedules (1–12); quarterly: month 1–3 of the quarter."),
    )
    hour = models.PositiveSmallIntegerField(_("hour"), default=9)
    title_template = models.CharField(
        _("title template"),
        max_length=200,
        help_text=_("{period} is replaced by the period, e.g. 2026-W48 or 2026-11."),
    )
    description = models.TextField(_("description"), blank=True)
    due_in_days = models.PositiveSmallIntegerField(_("due after (days)"), default=2)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("recurring duty schedule")
        verbose_name_plural = _("recurring duty schedules")
        ordering = ["position__order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="work_schedule_unique_name"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="work_schedule_weekday_range"),
            models.CheckConstraint(
                condition=Q(day_of_month__gte=1, day_of_month__lte=28),
                name="work_schedule_day_range",
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="work_schedule_month_range"
            ),
            models.CheckConstraint(condition=Q(hour__lte=23), name="work_schedule_hour_range"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.frequency == Frequency.QUARTERLY and self.month > 3:
            raise ValidationError(
                {"month": _("For a quarterly schedule, give month 1, 2 or 3 of the quarter.")}
            )
        if "{period}" not in (self.title_template or "") and self.title_template:
            raise ValidationError({"title_template": _("The title must contain {period}.")})


class EscalationRule(models.Model):
    """Supervision: an item overdue by N working days goes up M levels (1 = the lead, 2 = manager…)."""

    name = models.CharField(_("name"), max_length=100)
    overdue_working_days = models.PositiveSmallIntegerField(_("overdue by (working days)"))
    levels_up = models.PositiveSmallIntegerField(
        _("levels up"),
        default=1,
        help_text=_("How far up the reporting line from the item's position: 1 = its superior."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("escalation rule")
        verbose_name_plural = _("escalation rules")
        ordering = ["overdue_working_days"]
        constraints = [
            models.UniqueConstraint(fields=["overdue_working_days"], name="work_rule_unique_days"),
            models.CheckConstraint(condition=Q(levels_up__gte=1), name="work_rule_levels_positive"),
            models.CheckConstraint(
                condition=Q(overdue_working_days__gte=1), name="work_rule_days_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AutoEscalation(models.Model):
    """A rule applied to an item once (so a second supervision run does nothing new)."""

    item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="auto_escalations")
    rule = models.ForeignKey(EscalationRule, on_delete=models.CASCADE, related_name="+")
    due = models.DateField(_("for due date"))
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)

    class Meta:
        verbose_name = _("automatic escalation")
        verbose_name_plural = _("automatic escalations")
        ordering = ["-applied_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "rule", "due"], name="work_autoesc_once_per_rule"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} · {self.rule_id}"


class Notification(models.Model):
    """A notice in the back office (and by email) for one person about one item (or a page)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="work_notifications",
        verbose_name=_("person"),
    )  # fmt: skip
    item = models.ForeignKey(
        WorkItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("work item"),
    )
    # A notice about something that is not a work item (an approval …) links to its page.
    link = models.CharField(_("link"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=NotificationKind.choices)
    message = models.CharField(_("message"), max_length=300)
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="work_notice_user_read")]

    def __str__(self) -> str:
        return self.message
