"""Staffing plans, recruitment requests (招聘需求), candidates and their interviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from siteops.core.events import Event

from .choices import (
    CandidateSource,
    CandidateStatus,
    PlanStatus,
    Recommendation,
    RecruitmentStatus,
    RequestReason,
    Urgency,
)


ACTION_LABELS = {
    "created": _("Drawn up"),
    "changed": _("Changed"),
    "submitted": _("Submitted for approval"),
    "approved": _("Approved"),
    "rejected": _("Rejected"),
    "withdrawn": _("Withdrawn"),
    "requested": _("Requested"),
    "approve": _("Approved"),
    "open": _("Opened"),
    "hold": _("Put on hold"),
    "resume": _("Resumed"),
    "fill": _("Filled"),
    "cancel": _("Cancelled"),
    "candidate_added": _("Candidate recorded"),
    "screen": _("Passed screening"),
    "interview": _("Invited to interview"),
    "offer": _("Offer made"),
    "accept": _("Offer accepted"),
    "reject": _("Candidate rejected"),
    "scored": _("Scorecard"),
    "anonymised": _("Personal data deleted"),
}


class ActionLabelMixin:
    @property
    def action_label(self):
        return ACTION_LABELS.get(self.action, self.action)


class StaffingPlan(models.Model):
    """The department's staffing plan for a year; each amendment is a new version."""

    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    note = models.TextField(_("reason for this version"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drawn up by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("staffing plan")
        verbose_name_plural = _("staffing plans")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="people_plan_year_version"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="people_plan_year_range"
            ),
        ]
        permissions = [("manage_staffingplan", _("Can draw up and submit staffing plans"))]

    def __str__(self) -> str:
        return _("Staffing plan %(year)s v%(version)s") % {
            "year": self.year,
            "version": self.version,
        }


class StaffingPlanLine(models.Model):
    """The planned headcount of one position in a plan version."""

    plan = models.ForeignKey(
        StaffingPlan, on_delete=models.CASCADE, related_name="lines", verbose_name=_("plan")
    )
    position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, related_name="+", verbose_name=_("position")
    )
    planned = models.PositiveSmallIntegerField(_("planned headcount"))

    class Meta:
        verbose_name = _("staffing plan line")
        verbose_name_plural = _("staffing plan lines")
        ordering = ["plan", "position__order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="people_plan_line_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.position.code} · {self.planned}"


class RecruitmentRequest(models.Model):
    """A manager's request to HR & Administration to recruit for a position (招聘需求)."""

    position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, related_name="+", verbose_name=_("position")
    )
    number = models.PositiveSmallIntegerField(_("number of people"), default=1)
    reason = models.CharField(_("reason"), max_length=16, choices=RequestReason.choices)
    requirements = models.TextField(_("requirements"))
    salary_min = models.DecimalField(_("salary from (CNY/month)"), max_digits=9, decimal_places=2)
    salary_max = models.DecimalField(_("salary to (CNY/month)"), max_digits=9, decimal_places=2)
    expected_start = models.DateField(_("expected start"))
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RecruitmentStatus.choices,
        default=RecruitmentStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recruitment request")
        verbose_name_plural = _("recruitment requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="people_recruit_number_pos"),
            models.CheckConstraint(
                condition=Q(salary_max__gte=models.F("salary_min")),
                name="people_recruit_salary_band",
                violation_error_message=_("The salary band's upper end is below its lower end."),
            ),
        ]
        permissions = [
            ("decide_recruitmentrequest", _("Can approve and run recruitment requests")),
        ]

    def __str__(self) -> str:
        return _("Recruitment #%(pk)s: %(position)s × %(n)s") % {
            "pk": self.pk,
            "position": self.position.name,
            "n": self.number,
        }

    @property
    def days_to_fill(self) -> int | None:
        if self.status == RecruitmentStatus.FILLED and self.closed_at:
            return (self.closed_at - self.created_at).days
        return None


class Candidate(models.Model):
    """A person applying for a recruitment request; personal data is confidential (PIPL)."""

    request = models.ForeignKey(
        RecruitmentRequest,
        on_delete=models.PROTECT,
        related_name="candidates",
        verbose_name=_("recruitment request"),
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=CandidateSource.choices)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CandidateStatus.choices, default=CandidateStatus.APPLIED
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user account"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["request", "created_at", "pk"]

    def __str__(self) -> str:
        return self.name


class Interview(models.Model):
    """One interview round with one panel member's scorecard."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="interviews", verbose_name=_("candidate")
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("interviewer"),
    )
    position_code = models.CharField(_("as position"), max_length=16, blank=True)
    score = models.PositiveSmallIntegerField(_("score (1–5)"))
    recommendation = models.CharField(
        _("recommendation"), max_length=8, choices=Recommendation.choices
    )
    notes = models.TextField(_("notes"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview scorecard")
        verbose_name_plural = _("interview scorecards")
        ordering = ["candidate", "round", "at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="people_interview_score_range"
            ),
            models.UniqueConstraint(
                fields=["candidate", "round", "interviewer"], name="people_interview_one_card"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.round} · {self.interviewer}"


class RecruitmentEvent(ActionLabelMixin, Event):
    """One step in a recruitment request's history (status change, candidate, anonymisation)."""

    request = models.ForeignKey(
        RecruitmentRequest,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("recruitment request"),
    )
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("candidate"),
    )
    action = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta(Event.Meta):
        verbose_name = _("recruitment event")
        verbose_name_plural = _("recruitment events")


class PlanEvent(ActionLabelMixin, Event):
    """One step in a staffing plan's history."""

    plan = models.ForeignKey(
        StaffingPlan, on_delete=models.CASCADE, related_name="events", verbose_name=_("plan")
    )
    action = models.CharField(_("action"), max_length=32)
    message = models.TextField(_("message"), blank=True)

    class Meta(Event.Meta):
        verbose_name = _("staffing plan event")
        verbose_name_plural = _("staffing plan events")
