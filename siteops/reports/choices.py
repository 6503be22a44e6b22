"""Kinds of report period and the dimensions an order-statistics report can break down by."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    DAY = "day", _("Day")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    CUSTOM = "custom", _("Custom period")


class Dimension(models.TextChoices):
    DAY = "day", _("By day")
    CATEGORY = "category", _("By category")
    REGION = "region", _("By region")
    PAYMENT = "payment", _("By payment method")
    CUSTOMER = "customer", _("New vs returning customers")
    REFERRAL = "referral", _("By referral source")


class RunTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("Scheduled")
    ADHOC = "adhoc", _("Ad hoc")
