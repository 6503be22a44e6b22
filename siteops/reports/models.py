"""Report definitions and their archived, immutable runs (PRC-04, PRC-07, PRC-08), for any
registered dataset (siteops.reports.datasets)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import PeriodKind, RunTrigger


class ReportDefinition(models.Model):
    """A report the process editor produces: what it shows, for which period, and who gets it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    dataset = models.CharField(
        _("dataset"), max_length=40, default="orders",
        help_text=_("What the report counts (each area registers its datasets)."),
    )  # fmt: skip
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    period_kind = models.CharField(
        _("period"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.WEEK
    )
    dimensions = models.JSONField(_("breakdowns"), default=list, blank=True)
    is_scheduled = models.BooleanField(
        _("run on schedule"),
        default=False,
        help_text=_("Produced automatically after each period ends (the scheduler runs it)."),
    )
    duty_code = models.CharField(_("duty"), max_length=16, blank=True)
    recipient_positions = models.ManyToManyField(
        "org.Position", blank=True, related_name="+", verbose_name=_("recipient positions")
    )
    recipient_departments = models.ManyToManyField(
        "org.Department", blank=True, related_name="+", verbose_name=_("recipient departments")
    )
    todo_position = models.ForeignKey(
        "org.Position", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("to-do for position"),
        help_text=_("Also hand each run's rows to this position as a work item (e.g. the "
                    "searches that found nothing, to the product editor)."),
    )  # fmt: skip
    recipient_emails = models.TextField(
        _("other recipients (email addresses)"), blank=True, help_text=_("One per line.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report definition")
        verbose_name_plural = _("report definitions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(is_scheduled=True, period_kind="custom"),
                name="reports_definition_scheduled_not_custom",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from siteops.core.errors import DomainError

        from . import datasets

        try:
            dataset = datasets.get(self.dataset)
        except DomainError as exc:
            raise ValidationError({"dataset": str(exc)}) from None
        try:
            self.dimensions = dataset.clean_dimensions(self.dimensions)
        except DomainError as exc:
            raise ValidationError({"dimensions": str(exc)}) from None
        try:
            self.filters = dataset.clean_filters(self.filters)
        except DomainError as exc:
            raise ValidationError({"filters": str(exc)}) from None
        if self.is_scheduled and self.period_kind == PeriodKind.CUSTOM:
            raise ValidationError(
                {"period_kind": _("A scheduled report needs a day, week or month period.")}
            )

    def email_list(self) -> list[str]:
        return [e.strip() for e in self.recipient_emails.splitlines() if e.strip()]


def _run_file_path(run: ReportRun, filename: str) -> str:
    return f"reports/{run.period_start:%Y/%m}/{filename}"


class ReportRun(models.Model):
    """One produced report for one period: its parameters, figures, XLSX file and HTML — never edited."""

    definition = models.ForeignKey(
        ReportDefinition, on_delete=models.PROTECT, related_name="runs",
        verbose_name=_("report"),
    )  # fmt: skip
    dataset = models.CharField(_("dataset"), max_length=40, default="orders", db_index=True)
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(pgettext_lazy("period start", "from"))
    period_end = models.DateField(_("to (inclusive)"))
    trigger = models.CharField(_("trigger"), max_length=8, choices=RunTrigger.choices)
    parameters = models.JSONField(_("parameters"), default=dict)
    figures = models.JSONField(_("figures"), default=dict)
    html = models.TextField(_("HTML view"))
    xlsx = models.FileField(_("XLSX file"), upload_to=_run_file_path)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("produced by"),
    )  # fmt: skip
    created_position_code = models.CharField(_("acting as position"), max_length=32, blank=True)
    created_acting = models.BooleanField(_("as acting holder"), default=False)
    created_at = models.DateTimeField(_("produced at"), auto_now_add=True, db_index=True)
    recipients = models.JSONField(_("sent to"), default=list, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    work_item_id = models.PositiveIntegerField(_("work item"), null=True, blank=True)
    todo_item_id = models.PositiveIntegerField(_("to-do work item"), null=True, blank=True)

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-period_start", "-created_at"]
        permissions = [("view_dashboard", _("Can see the manager dashboard"))]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "period_start", "period_end"],
                name="reports_run_once_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="reports_run_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.definition} {self.period_start}–{self.period_end}"

    def save(self, *args, **kwargs):
        # Archived runs are immutable: only the delivery receipt (sent_at, recipients) is
        # written afterwards, through a conditional UPDATE in the service.
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValidationError(_("An archived report run cannot be changed."))
        super().save(*args, **kwargs)
