"""Statuses and rule frequencies of deadlines and obligations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")

    @property
    def badge(self) -> str:
        return {"open": "warning", "done": "success", "cancelled": "neutral"}[self.value]


class ObligationFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly (on day N)")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly (by a date)")
    ONCE = "once", _("Once, within N days of a date")


class DeadlineEventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    RESCHEDULED = "rescheduled", _("Due date changed")
    DONE = "done", _("Outcome recorded")
    CANCELLED = "cancelled", _("Cancelled")
    OVERDUE = "overdue", _("Overdue")
