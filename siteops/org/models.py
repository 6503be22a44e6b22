"""The organisation: departments, positions (with duties and fallbacks), and who fills them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from siteops.core.audit import AuditedHistoryModel
from siteops.core.events import Event

from .choices import AccountEventKind, AssignmentKind, DepartmentKind


class BilingualNameMixin:
    """Show the Chinese or English name depending on the active UI language."""

    @property
    def name(self) -> str:
        lang = (get_language() or "zh-hans").lower()
        return self.name_en if lang.startswith("en") and self.name_en else self.name_zh


class User(AbstractUser):
    """A person who logs in: department staff, other departments' staff, or a shop customer."""

    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # Raised by database triggers when the person's appointments, or the permissions of a position
    # they were appointed to, change (migration 0005): the key of their cached access
    # (siteops.org.access). Read with the user row that authentication loads anyway.
    access_version = models.BigIntegerField(
        _("access version"), default=0, db_default=0, editable=False
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class Department(BilingualNameMixin, models.Model):
    """Our department, another department of the company, or company leadership."""

    code = models.SlugField(_("code"), max_length=16, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DepartmentKind.choices)
    order = models.PositiveSmallIntegerField(pgettext_lazy("sort position", "order"), default=0)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Position(BilingualNameMixin, models.Model):
    """A post in the org chart: work and permissions are addressed to it, not to a person."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="positions", verbose_name=_("department")
    )
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name=_("reports to"),
    )
    is_lead = models.BooleanField(_("leads a team"), default=False)
    headcount = models.PositiveSmallIntegerField(_("headcount"), default=1)
    group = models.OneToOneField(
        Group,
        on_delete=models.PROTECT,
        related_name="position",
        verbose_name=_("permission group"),
    )
    order = models.PositiveSmallIntegerField(pgettext_lazy("sort position", "order"), default=0)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["department__order", "order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(headcount__gte=1), name="org_position_headcount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def clean(self):
        from django.core.exceptions import ValidationError

        seen, boss = {self.pk}, self.reports_to
        while boss is not None:
            if boss.pk in seen:
                raise ValidationError({"reports_to": _("Reporting lines may not form a loop.")})
            seen.add(boss.pk)
            boss = boss.reports_to

    def chain(self) -> list[Position]:
        """The superiors of this position, nearest first, up to company leadership."""
        result, boss = [], self.reports_to
        while boss is not None and boss not in result:
            result.append(boss)
            boss = boss.reports_to
        return result


class ActingFallback(models.Model):
    """Which position covers this one when it is vacant, in order (e.g. PED covers PUR-COL)."""

    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="fallbacks", verbose_name=_("position")
    )
    fallback = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="+", verbose_name=_("covered by")
    )
    order = models.PositiveSmallIntegerField(pgettext_lazy("sort position", "order"), default=0)
    duty_code = models.CharField(_("duty that says so"), max_length=16, blank=True)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("acting fallback")
        verbose_name_plural = _("acting fallbacks")
        ordering = ["position", "order"]
        constraints = [
            models.UniqueConstraint(fields=["position", "fallback"], name="org_fallback_unique"),
            models.CheckConstraint(
                condition=~Q(position=models.F("fallback")), name="org_fallback_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position.code} → {self.fallback.code}"


class Duty(models.Model):
    """One duty (岗位职责) of a position, with its stable ID from the duty catalogue."""

    code = models.CharField(_("duty ID"), max_length=16, unique=True)
    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="duties", verbose_name=_("position")
    )
    text_zh = models.TextField(_("duty (Chinese)"))
    text_en = models.TextField(_("duty (English)"), blank=True)
    order = models.PositiveSmallIntegerField(pgettext_lazy("sort position", "order"), default=0)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["position__order", "order", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        lang = (get_language() or "zh-hans").lower()
        return self.text_en if lang.startswith("en") and self.text_en else self.text_zh


class AssignmentQuerySet(models.QuerySet):
    def active(self, at: datetime.date | datetime.datetime | None = None):
        """Assignments in force on the given day (today in the site's time zone by default)."""
        day = local_day(at)
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)


def local_day(at: datetime.date | datetime.datetime | None = None) -> datetime.date:
    if at is None:
        at = timezone.now()
    if isinstance(at, datetime.datetime):
        return timezone.localdate(at) if timezone.is_aware(at) else at.date()
    return at


class PositionAssignment(models.Model):
    """Who fills a position from a start day to an end day (inclusive): as holder or acting."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("person"),
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("position")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=AssignmentKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end (inclusive)"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_position_code = models.CharField(
        _("made acting as position"), max_length=32, blank=True
    )
    created_acting = models.BooleanField(_("made as acting holder"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    ending_notice_sent_on = models.DateField(_("ending notice sent on"), null=True, blank=True)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("position assignment")
        verbose_name_plural = _("position assignments")
        ordering = ["position__order", "kind", "-start"]
        indexes = [models.Index(fields=["user", "start", "end"], name="org_assign_user_dates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="org_assignment_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]
        permissions = [
            ("manage_department_assignments", _("Can appoint people within own department")),
            ("manage_all_assignments", _("Can appoint people in any department")),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.position.code} · {self.get_kind_display()}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end date cannot be before the start date.")})
        if self.kind == AssignmentKind.ACTING and not self.reason:
            raise ValidationError({"reason": _("Say why someone is acting for this position.")})

    def is_active(self, at=None) -> bool:
        day = local_day(at)
        return self.start <= day and (self.end is None or self.end >= day)


class ApiClient(models.Model):
    """Another department's system that calls our API with a token (e.g. Purchasing's ERP)."""

    name = models.CharField(_("name"), max_length=100)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="api_clients",
        verbose_name=_("department"),
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        related_name="api_clients",
        verbose_name=_("acts as position"),
        help_text=_("The client may do what this position's permission group allows."),
    )
    token_prefix = models.CharField(_("token prefix"), max_length=12, unique=True)
    token_hash = models.CharField(_("token hash"), max_length=64)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(bases=[AuditedHistoryModel], excluded_fields=["token_hash"])

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["department__order", "name"]

    def __str__(self) -> str:
        return self.name

    def has_perm(self, perm: str) -> bool:
        app_label, codename = perm.split(".", 1)
        return self.position.group.permissions.filter(
            content_type__app_label=app_label, codename=codename
        ).exists()


class AccountEvent(Event):
    """Something staff did to a person's account that the person did not do themselves."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="account_events",
        verbose_name=_("account"),
    )
    kind = models.CharField(_("what"), max_length=16, choices=AccountEventKind.choices)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta(Event.Meta):
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        permissions = [
            (
                "reset_customer_password",
                _("Can reset a shop customer's password (with a reason, logged)"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"
