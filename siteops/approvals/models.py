"""Approval by a second person (maker–checker): rules per kind of object, approvals, steps, events."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from siteops.core.events import Event

from .choices import ApprovalAction, ApprovalStatus, StepStatus


class ApprovalRule(models.Model):
    """Who approves one kind of object: positions in order (overrides the kind's default steps)."""

    kind = models.CharField(_("kind of object"), max_length=100, unique=True)
    is_active = models.BooleanField(_("in force"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("approval rule")
        verbose_name_plural = _("approval rules")
        ordering = ["kind"]

    def __str__(self) -> str:
        from .registry import kind_label

        return str(kind_label(self.kind))


class ApprovalRuleStep(models.Model):
    """One step of a rule: a position approves, always or only above a value (e.g. a budget)."""

    rule = models.ForeignKey(
        ApprovalRule, on_delete=models.CASCADE, related_name="steps", verbose_name=_("rule")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    position = models.ForeignKey(
        "org.Position",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approver position"),
    )
    min_value = models.DecimalField(
        _("only when the value is above"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty when this position always approves."),
    )

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["rule", "order"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "order"], name="approvals_rulestep_order"),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True) | Q(min_value__gte=0),
                name="approvals_rulestep_min_value_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.position}"


class Approval(Event):
    """An object submitted for approval. Its :class:`Event` fields say who submitted it, when,
    acting as which position; ``current_step`` is the order of the step waiting for a decision."""

    kind = models.CharField(_("kind of object"), max_length=100)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("model"),
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    object_label = models.CharField(_("object"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    revision = models.ForeignKey(
        "core.Revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revision"),
    )
    message = models.CharField(_("submitter's note"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    current_step = models.PositiveSmallIntegerField(_("current step"), default=1)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["-at", "-pk"]
        permissions = [("cancel_any_approval", _("Can withdraw anyone's submission"))]
        constraints = [
            # One pending approval per object: a second submission while one waits is refused
            # by the database even when two arrive at the same moment.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status="pending"),
                name="approvals_one_pending_per_object",
            ),
        ]
        indexes = [models.Index(fields=["status", "at"], name="approvals_status_at")]

    def __str__(self) -> str:
        return self.object_label

    @property
    def status_badge(self) -> str:
        return ApprovalStatus(self.status).badge

    def clean(self):
        if self.status != ApprovalStatus.PENDING and self.decided_at is None:
            raise ValidationError(
                {"decided_at": _("A decided approval needs the time of decision.")}
            )


class ApprovalStep(models.Model):
    """One step of an approval, copied from the rule when it was submitted."""

    approval = models.ForeignKey(
        Approval, on_delete=models.CASCADE, related_name="steps", verbose_name=_("approval")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    position = models.ForeignKey(
        "org.Position",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approver position"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=StepStatus.choices, default=StepStatus.WAITING
    )

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["approval", "order"]
        constraints = [
            models.UniqueConstraint(fields=["approval", "order"], name="approvals_step_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.position}"

    @property
    def status_badge(self) -> str:
        return StepStatus(self.status).badge


class ApprovalEvent(Event):
    """Something that happened to an approval: submitted, a step approved, rejected, withdrawn."""

    approval = models.ForeignKey(
        Approval, on_delete=models.CASCADE, related_name="events", verbose_name=_("approval")
    )
    step = models.ForeignKey(
        ApprovalStep,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("step"),
    )
    action = models.CharField(_("what"), max_length=16, choices=ApprovalAction.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("approval event")
        verbose_name_plural = _("approval events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} @ {timezone.localtime(self.at):%Y-%m-%d %H:%M}"
