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
    CycleKind,
    CycleStatus,
    PersonnelKind,
    PersonnelStatus,
    Phase,
    PlanStatus,
    ProbationOutcome,
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
    "offer": _("Offer proposed to the manager"),
    "offer_approved": _("Offer approved by the manager"),
    "offer_declined": _("Offer not approved"),
    "accept": _("Offer accepted"),
    "reject": _("Candidate rejected"),
    "scored": _("Scorecard"),
    "anonymised": _("Personal data deleted"),
    "launched": _("Launched"),
    "self_done": _("Self review done"),
    "review_done": _("Review done"),
    "calibrated": _("Calibrated"),
    "shared": _("Shared"),
    "acknowledged": _("Acknowledged"),
    "filed": _("Filed"),
    "effected": _("Appointments changed"),
    "failed": _("Could not be carried out"),
    "probation_set": _("Probation end set"),
    "handover_opened": _("Hand-over checklist opened"),
    "handover_ticked": _("Hand-over item ticked off"),
    "work_moved": _("Open work moved to the position"),
    "acting_ended": _("Acting cover ended"),
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
    # Served only through the recruitment page to those who may see the candidate; its type is
    # checked from the content (PDF or Word) and the file is deleted with the personal data.
    cv = models.FileField(_("CV"), upload_to="people/cv/", max_length=300, blank=True)
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
        # Not the name: this label is copied into approvals and notifications, which outlive
        # the retention period (PIPL); the name is shown only where the viewer may see it.
        return _("Candidate #%(pk)s of recruitment #%(req)s") % {
            "pk": self.pk,
            "req": self.request_id,
        }


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


class AppraisalCycle(models.Model):
    """An appraisal round over the department's positions, with its KPIs and phase deadlines."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=CycleKind.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    self_due = models.DateField(_("self reviews due"))
    review_due = models.DateField(_("reviews due"))
    calibration_due = models.DateField(_("calibration due"))
    status = models.CharField(
        _("status"), max_length=16, choices=CycleStatus.choices, default=CycleStatus.DRAFT
    )
    positions = models.ManyToManyField(
        "org.Position", blank=True, related_name="+", verbose_name=_("positions"),
        help_text=_("Only these positions' holders are appraised; none chosen: every position."),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("appraisal cycle")
        verbose_name_plural = _("appraisal cycles")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="people_cycle_period",
                violation_error_message=_("The period ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(review_due__gte=models.F("self_due"))
                & Q(calibration_due__gte=models.F("review_due")),
                name="people_cycle_phase_order",
                violation_error_message=_(
                    "Deadlines go in order: self review, then reviewer, then calibration."
                ),
            ),
        ]
        permissions = [
            ("manage_appraisalcycle", _("Can run appraisal cycles and calibrate")),
            ("view_all_appraisals", _("Can see every appraisal")),
        ]

    def __str__(self) -> str:
        return self.name


class Kpi(models.Model):
    """One KPI of a cycle's template, with its weight (the weights add up to 100)."""

    cycle = models.ForeignKey(
        AppraisalCycle, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("cycle")
    )
    name = models.CharField(_("KPI"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["cycle", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100), name="people_kpi_weight_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class Appraisal(models.Model):
    """One person's appraisal in a cycle; the reviewer is whoever does the superior's work."""

    cycle = models.ForeignKey(
        AppraisalCycle, on_delete=models.PROTECT, related_name="appraisals",
        verbose_name=_("cycle"),
    )  # fmt: skip
    appraisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("appraisee"),
    )  # fmt: skip
    position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, related_name="+", verbose_name=_("position")
    )
    reviewer_position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("reviewer's position"),
    )  # fmt: skip
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, default=Phase.SELF)
    self_comment = models.TextField(_("self review"), blank=True)
    reviewer_comment = models.TextField(_("reviewer's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("reviewed by"),
    )  # fmt: skip
    manager_comment = models.TextField(_("calibration note"), blank=True)
    final_score = models.DecimalField(
        _("final score"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        ordering = ["cycle", "position__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "appraisee", "position"], name="people_appraisal_unique"
            )
        ]

    def __str__(self) -> str:
        return _("%(cycle)s: %(person)s") % {"cycle": self.cycle, "person": self.appraisee}

    @property
    def is_shared(self) -> bool:
        return self.phase in (Phase.SHARED, Phase.ACKNOWLEDGED)


class KpiScore(models.Model):
    """The self and the reviewer's score (1–5) of one KPI in one appraisal."""

    appraisal = models.ForeignKey(
        Appraisal, on_delete=models.CASCADE, related_name="scores", verbose_name=_("appraisal")
    )
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="+", verbose_name=_("KPI"))
    self_score = models.PositiveSmallIntegerField(_("self score"), null=True, blank=True)
    reviewer_score = models.PositiveSmallIntegerField(_("reviewer's score"), null=True, blank=True)

    class Meta:
        verbose_name = _("KPI score")
        verbose_name_plural = _("KPI scores")
        ordering = ["appraisal", "kpi__order", "kpi_id"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "kpi"], name="people_kpi_score_unique"),
            models.CheckConstraint(
                condition=(Q(self_score__isnull=True) | Q(self_score__gte=1, self_score__lte=5))
                & (
                    Q(reviewer_score__isnull=True) | Q(reviewer_score__gte=1, reviewer_score__lte=5)
                ),
                name="people_kpi_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appraisal_id} · {self.kpi}"


class AppraisalEvent(ActionLabelMixin, Event):
    """One step of an appraisal (phase done, calibrated, shared, acknowledged)."""

    appraisal = models.ForeignKey(
        Appraisal, on_delete=models.CASCADE, related_name="events", verbose_name=_("appraisal")
    )
    action = models.CharField(_("action"), max_length=32)
    message = models.TextField(_("message"), blank=True)

    class Meta(Event.Meta):
        verbose_name = _("appraisal event")
        verbose_name_plural = _("appraisal events")


class Probation(models.Model):
    """The probation of one appointment: its end date and outcome (转正 or not)."""

    assignment = models.OneToOneField(
        "org.PositionAssignment", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("appointment"),
    )  # fmt: skip
    end_date = models.DateField(_("probation ends"))
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=ProbationOutcome.choices,
        default=ProbationOutcome.PENDING,
    )  # fmt: skip

    class Meta:
        verbose_name = _("probation")
        verbose_name_plural = _("probations")
        ordering = ["end_date", "pk"]

    def __str__(self) -> str:
        return _("Probation of %(person)s until %(day)s") % {
            "person": self.assignment.user,
            "day": self.end_date,
        }


class PersonnelRequest(models.Model):
    """A request to confirm, dismiss, promote, demote or transfer a person (confidential)."""

    kind = models.CharField(_("kind"), max_length=16, choices=PersonnelKind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("person"),
    )  # fmt: skip
    assignment = models.ForeignKey(
        "org.PositionAssignment", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("current appointment"),
    )  # fmt: skip
    new_position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("proposed position"),
    )  # fmt: skip
    effective_date = models.DateField(_("effective date"))
    reason = models.TextField(_("reason"))
    appraisals = models.ManyToManyField(
        Appraisal, blank=True, related_name="+", verbose_name=_("attached appraisals")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PersonnelStatus.choices,
        default=PersonnelStatus.PENDING,
    )  # fmt: skip
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("filed by"),
    )  # fmt: skip
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("finally approved by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    effected_at = models.DateTimeField(_("carried out at"), null=True, blank=True)

    class Meta:
        verbose_name = _("personnel request")
        verbose_name_plural = _("personnel requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["confirm", "dismiss"]) | Q(new_position__isnull=False),
                name="people_personnel_new_position",
                violation_error_message=_(
                    "A promotion, demotion or transfer names the new position."
                ),
            ),
        ]
        permissions = [("view_all_personnelrequests", _("Can see every personnel request"))]

    def __str__(self) -> str:
        return _("%(kind)s: %(person)s") % {"kind": self.get_kind_display(), "person": self.person}


class PersonnelEvent(ActionLabelMixin, Event):
    """One step of a personnel request: filed, approved, carried out."""

    request = models.ForeignKey(
        PersonnelRequest, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("personnel request"),
    )  # fmt: skip
    action = models.CharField(_("action"), max_length=32)
    message = models.TextField(_("message"), blank=True)

    class Meta(Event.Meta):
        verbose_name = _("personnel event")
        verbose_name_plural = _("personnel events")


class HandoverItem(models.Model):
    """One thing to hand over when a person leaves (a dismissal): work, acting cover, equipment,
    documents; ticked off by HR or the person's line (confidential like the request)."""

    class Kind(models.TextChoices):
        WORK = "work", _("Open work item")
        ACTING = "acting", _("Acting cover")
        ASSET = "asset", _("Equipment to return")
        OTHER = "other", _("Other")

    request = models.ForeignKey(
        PersonnelRequest, on_delete=models.CASCADE, related_name="handover",
        verbose_name=_("personnel request"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    label = models.CharField(_("what"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    ref = models.CharField(_("reference"), max_length=64, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("ticked off by"),
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("hand-over item")
        verbose_name_plural = _("hand-over items")
        ordering = ["request", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "ref"],
                condition=~Q(ref=""),
                name="people_handover_one_per_ref",
            )
        ]
        permissions = [("tick_handoveritem", _("Can tick off hand-over items"))]

    def __str__(self) -> str:
        return self.label
