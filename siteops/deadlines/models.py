"""Due dates: deadline kinds (lead times), deadlines, recurring obligations, and daily digests."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from siteops.core.audit import AuditedHistoryModel
from siteops.core.events import Event

from . import recurrence
from .choices import DeadlineEventKind, DeadlineStatus, ObligationFrequency


def parse_lead_days(text: str) -> list[int]:
    """ "90, 30, 7, 1" → [90, 30, 7, 1]; raises ValidationError (translated) on bad input."""
    out = set()
    for part in (text or "").replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or len(part) > 4 or int(part) > 3660:
            raise ValidationError(
                _("Lead times are whole days between 0 and 3660, separated by commas.")
            )
        out.add(int(part))
    return sorted(out, reverse=True)


class DeadlineKind(models.Model):
    """A kind of due date (licence validity, domain expiry, warranty end …) and its lead times."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    lead_days = models.CharField(
        _("reminders (days before)"),
        max_length=100,
        default="90,30,7,1",
        help_text=_("Days before the due date that a reminder goes out, e.g. 90,30,7,1."),
    )
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("deadline kind")
        verbose_name_plural = _("deadline kinds")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["code"], name="deadlines_kind_unique_code")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        try:
            self.lead_days = ",".join(str(d) for d in parse_lead_days(self.lead_days))
        except ValidationError as e:
            raise ValidationError({"lead_days": e.messages}) from e

    @property
    def leads(self) -> list[int]:
        """Lead times, largest first (bad stored text counts as none rather than failing a job)."""
        try:
            return parse_lead_days(self.lead_days)
        except ValidationError:
            return []


class Obligation(models.Model):
    """A recurring obligation (monthly on day N, quarterly, "by 31 March every year", "within 30
    days of go-live"); each occurrence becomes one deadline, exactly once."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.ForeignKey(
        DeadlineKind, on_delete=models.PROTECT, related_name="obligations", verbose_name=_("kind")
    )
    position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, related_name="obligations",
        verbose_name=_("responsible position"),
    )  # fmt: skip
    frequency = models.CharField(_("frequency"), max_length=12, choices=ObligationFrequency.choices)
    day = models.PositiveSmallIntegerField(
        _("day"),
        default=1,
        help_text=_("Day of the month (1–31; a shorter month uses its last day)."),
    )
    month = models.PositiveSmallIntegerField(
        _("month"), default=1,
        help_text=_("Yearly: the month (1–12). Quarterly: month 1, 2 or 3 of the quarter."),
    )  # fmt: skip
    anchor = models.DateField(
        _("from date"), null=True, blank=True, help_text=_("Once: the date the period starts from.")
    )
    within_days = models.PositiveSmallIntegerField(_("within (days)"), default=0)
    title_template = models.CharField(
        _("title"), max_length=200, help_text=_("{period} is replaced by the period, e.g. 2027.")
    )
    starts_on = models.DateField(_("first period from"), default=timezone.localdate)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("recurring obligation")
        verbose_name_plural = _("recurring obligations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="deadlines_obligation_unique_name"),
            models.CheckConstraint(
                condition=Q(day__gte=1, day__lte=31), name="deadlines_obligation_day_range"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="deadlines_obligation_month_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.frequency == ObligationFrequency.QUARTERLY and self.month > 3:
            raise ValidationError(
                {"month": _("For a quarterly obligation, give month 1, 2 or 3 of the quarter.")}
            )
        if self.frequency == ObligationFrequency.ONCE and not self.anchor:
            raise ValidationError({"anchor": _("Give the date the period starts from.")})
        if self.frequency == ObligationFrequency.YEARLY and self.month and self.day:
            try:
                datetime.date(2024, self.month, self.day)
            except ValueError as e:
                raise ValidationError({"day": _("That month has no such day.")}) from e
        if self.title_template and "{period}" not in self.title_template:
            raise ValidationError({"title_template": _("The title must contain {period}.")})

    @property
    def rule(self) -> recurrence.Rule:
        return recurrence.Rule(
            frequency=self.frequency, day=self.day, month=self.month,
            anchor=self.anchor, within_days=self.within_days,
        )  # fmt: skip


class DeadlineQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=DeadlineStatus.OPEN)


class Deadline(models.Model):
    """Something that must be done (renewed, filed, decided) by a date, by a position."""

    kind = models.ForeignKey(
        DeadlineKind, on_delete=models.PROTECT, related_name="deadlines", verbose_name=_("kind")
    )
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"), db_index=True)
    position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, related_name="deadlines",
        verbose_name=_("responsible position"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=12, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    obligation = models.ForeignKey(
        Obligation, on_delete=models.PROTECT, null=True, blank=True, related_name="occurrences",
        verbose_name=_("obligation"),
    )  # fmt: skip
    period_key = models.CharField(_("period"), max_length=32, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("done by"),
    )  # fmt: skip
    overdue_handled_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_date", "pk"]
        constraints = [
            # Each occurrence of an obligation exists once.
            models.UniqueConstraint(
                fields=["obligation", "period_key"],
                condition=Q(obligation__isnull=False),
                name="deadlines_one_per_obligation_period",
            ),
            # One open deadline of a kind per object (registering again moves its date).
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind"],
                condition=Q(status="open", obligation__isnull=True, subject_type__isnull=False),
                name="deadlines_one_open_per_subject_kind",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="deadlines_status_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def status_badge(self) -> str:
        return DeadlineStatus(self.status).badge

    def is_overdue(self, today=None) -> bool:
        return self.status == DeadlineStatus.OPEN and self.due_date < (
            today or timezone.localdate()
        )


class DeadlineEvent(Event):
    """One step of a deadline: registered, moved, done, cancelled, overdue."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=16, choices=DeadlineEventKind.choices)
    message = models.CharField(_("message"), max_length=300, blank=True)

    class Meta(Event.Meta):
        verbose_name = _("deadline event")
        verbose_name_plural = _("deadline events")

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.kind}"


class DigestSent(models.Model):
    """The one reminder digest a person got on a day (a second run that day sends nothing)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deadline_digests",
        verbose_name=_("person"),
    )  # fmt: skip
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder digest")
        verbose_name_plural = _("reminder digests")
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="deadlines_one_digest_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"


class DigestEntry(models.Model):
    """One deadline in a digest, at one lead time (so the same reminder never repeats)."""

    digest = models.ForeignKey(DigestSent, on_delete=models.CASCADE, related_name="entries")
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField(_("due date"))
    lead_days = models.IntegerField(_("days before"))

    class Meta:
        verbose_name = _("digest line")
        verbose_name_plural = _("digest lines")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.deadline_id} -{self.lead_days}"
