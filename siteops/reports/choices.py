"""Kinds of report period and of run (the breakdowns belong to each dataset: datasets.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    DAY = "day", _("Day")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    CUSTOM = "custom", _("Custom period")


class RunTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("Scheduled")
    ADHOC = "adhoc", _("Ad hoc")
