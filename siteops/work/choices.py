"""Statuses, sources and kinds of work items, each with a label (and a badge colour for statuses)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting on another department")
    ESCALATED = "escalated", _("Escalated")
    RETURNED = "returned", _("Returned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")

    @property
    def badge(self) -> str:
        return {
            "submitted": "info",
            "in_review": "info",
            "open": "info",
            "in_progress": "warning",
            "waiting": "warning",
            "escalated": "danger",
            "returned": "danger",
            "done": "success",
            "cancelled": "muted",
        }[self.value]


#: Statuses in which an item still needs someone's work.
ACTIVE_STATUSES = [
    WorkStatus.SUBMITTED,
    WorkStatus.IN_REVIEW,
    WorkStatus.OPEN,
    WorkStatus.IN_PROGRESS,
    WorkStatus.WAITING,
    WorkStatus.ESCALATED,
    WorkStatus.RETURNED,
]
CLOSED_STATUSES = [WorkStatus.DONE, WorkStatus.CANCELLED]


class WorkSource(models.TextChoices):
    LEADERSHIP = "leadership", _("Company leadership")
    MANAGER = "manager", _("Department manager")
    LEAD = "lead", _("Team lead")
    SELF = "self", _("Own initiative")
    OTHER_DEPARTMENT = "other_department", _("Another department")
    API = "api", _("Another department's system (API)")
    SCHEDULE = "schedule", _("Recurring duty schedule")
    MODULE = "module", _("Another module of SiteOps")
    SYSTEM = "system", _("System")


#: Work from outside the department: lands in the manager's review queue first (MGR-03, CE-03).
EXTERNAL_SOURCES = [WorkSource.OTHER_DEPARTMENT, WorkSource.API]


class WorkKind(models.TextChoices):
    TASK = "task", _("Task")
    REQUEST = "request", _("Request from another department")
    DUTY = "duty", _("Recurring duty")
    ESCALATION = "escalation", _("Escalation")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    TRANSITION = "transition", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    REROUTED = "rerouted", _("Moved to the position's new cover")
    SPLIT = "split", _("Split into a sub-item")
    ESCALATED = "escalated", _("Escalated")
    HANDED_OFF = "handed_off", _("Handed to another department")
    HANDED_BACK = "handed_back", _("Came back from another department")
    COMMENT = "comment", _("Comment")
    ATTACHMENT = "attachment", _("Attachment")
    WATCH = "watch", _("Watching")
    REMINDER = "reminder", _("Reminder")


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned to you")
    REVIEW = "review", _("Awaiting your review")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    ESCALATED = "escalated", _("Escalated to you")
    RETURNED = "returned", _("Returned")
    DONE = "done", _("Done")
    HANDED_OFF = "handed_off", _("Waiting on your department")


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")
