"""Needs, requirements and technical documents; the vendor and its schedule; tests and defects."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from siteops.core.errors import NotAllowed
from siteops.core.events import Event
from siteops.core.revisions import Revisioned

from .choices import (
    Assignee,
    CaseStatus,
    DefectStatus,
    DevKind,
    ExecutionStatus,
    FeedbackStatus,
    MilestoneStatus,
    NeedStatus,
    PlanKind,
    Priority,
    ProjectStatus,
    RequirementStatus,
    RunStatus,
    Section,
    Severity,
    Urgency,
)

USER = settings.AUTH_USER_MODEL


class Need(models.Model):
    """A business department's need for a website change, waiting for the manager's triage."""

    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem"))
    value = models.TextField(_("value to the business"), blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL
    )
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    requester = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("requested by"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.NEW
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged",
        verbose_name=_("merged into"),
    )  # fmt: skip
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-pk"]
        permissions = [("triage_need", _("Can accept, merge or reject needs"))]

    def __str__(self):
        return self.title


class Vendor(models.Model):
    """The outside company that develops the website system for us."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contract_no = models.CharField(_("contract number"), max_length=60, blank=True)
    sla_critical_days = models.PositiveSmallIntegerField(_("fix SLA, critical (days)"), default=1)
    sla_major_days = models.PositiveSmallIntegerField(_("fix SLA, major (days)"), default=3)
    sla_minor_days = models.PositiveSmallIntegerField(
        _("fix SLA, minor/trivial (days)"), default=10
    )

    class Meta:
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        ordering = ["name"]
        permissions = [
            (
                "use_portal",
                _("Can use the vendor portal: its own projects, milestones, defects, documents"),
            )
        ]

    def __str__(self):
        return self.name

    def sla_days(self, severity: str) -> int:
        if severity == Severity.CRITICAL:
            return self.sla_critical_days
        if severity == Severity.MAJOR:
            return self.sla_major_days
        return self.sla_minor_days


class VendorAccount(models.Model):
    """A login (a person) or a system (API client) of the vendor: it sees only this vendor's."""

    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="accounts", verbose_name=_("vendor")
    )
    user = models.OneToOneField(
        USER, on_delete=models.CASCADE, null=True, blank=True, related_name="vendor_account",
        verbose_name=_("login"),
    )  # fmt: skip
    api_client = models.OneToOneField(
        "org.ApiClient", on_delete=models.CASCADE, null=True, blank=True,
        related_name="vendor_account", verbose_name=_("API client"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("vendor login")
        verbose_name_plural = _("vendor logins")
        ordering = ["vendor", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, api_client__isnull=True)
                    | models.Q(user__isnull=True, api_client__isnull=False)
                ),
                name="vendors_account_user_or_client",
            )
        ]

    def __str__(self):
        return f"{self.vendor} · {self.user or self.api_client}"


class VendorProject(models.Model):
    """A contract with the vendor: its requirements, milestones, tests and defects."""

    vendor = models.ForeignKey(
        Vendor, on_delete=models.PROTECT, related_name="projects", verbose_name=_("vendor")
    )
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    slip_threshold_days = models.PositiveSmallIntegerField(
        _("escalate a slip beyond (days)"), default=7
    )
    reference_baseline = models.ForeignKey(
        "Baseline", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("baseline for escalation"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("vendor project")
        verbose_name_plural = _("vendor projects")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} · {self.name}"


class Requirement(Revisioned, models.Model):
    """One requirement the vendor must meet; revisioned, baselined into technical documents."""

    revision_fields = ("title", "statement", "rationale", "acceptance_criteria", "priority")

    project = models.ForeignKey(
        VendorProject, on_delete=models.PROTECT, related_name="requirements",
        verbose_name=_("project"),
    )  # fmt: skip
    code = models.CharField(_("ID"), max_length=30)
    title = models.CharField(_("title"), max_length=200)
    statement = models.TextField(_("statement"))
    rationale = models.TextField(_("rationale"), blank=True)
    acceptance_criteria = models.TextField(_("acceptance criteria"), blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    section = models.CharField(
        _("document chapter"), max_length=20, choices=Section.choices, default=Section.SCOPE
    )
    need = models.ForeignKey(
        Need, on_delete=models.PROTECT, null=True, blank=True, related_name="requirements",
        verbose_name=_("parent need"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=16, choices=RequirementStatus.choices,
        default=RequirementStatus.DRAFT,
    )  # fmt: skip

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["project", "code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="vendors_requirement_code")
        ]
        permissions = [("baseline_requirement", _("Can review and baseline requirements"))]

    def __str__(self):
        return f"{self.code} {self.title}"

    def revision_check(self, *, who, action):
        if self.status == RequirementStatus.WITHDRAWN:
            raise NotAllowed(_("A withdrawn requirement cannot be changed."))


class TechnicalDocument(models.Model):
    """A version of the technical document sent to the vendor: the baselined requirements then."""

    project = models.ForeignKey(
        VendorProject, on_delete=models.PROTECT, related_name="documents",
        verbose_name=_("project"),
    )  # fmt: skip
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("issued"), default=timezone.now)
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("issued by")
    )
    acknowledged_at = models.DateTimeField(_("acknowledged by the vendor"), null=True, blank=True)
    acknowledged_by = models.CharField(_("vendor's signatory"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("technical document")
        verbose_name_plural = _("technical documents")
        ordering = ["project", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["project", "version"], name="vendors_document_version")
        ]

    def __str__(self):
        return f"{self.title} v{self.version}"


class DocumentItem(models.Model):
    """A requirement as it stood (its baselined revision) in one version of a document."""

    document = models.ForeignKey(
        TechnicalDocument, on_delete=models.CASCADE, related_name="items",
        verbose_name=_("document"),
    )  # fmt: skip
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, related_name="+", verbose_name=_("requirement")
    )
    revision = models.ForeignKey(
        "core.Revision", on_delete=models.PROTECT, related_name="+", verbose_name=_("revision")
    )

    class Meta:
        verbose_name = _("document item")
        verbose_name_plural = _("document items")
        ordering = ["document", "requirement__section", "requirement__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "requirement"], name="vendors_document_requirement"
            )
        ]

    def __str__(self):
        return f"{self.document} · {self.requirement.code}"


class Milestone(models.Model):
    """A contract milestone: a deliverable due on a date, with its share of the payment."""

    project = models.ForeignKey(
        VendorProject, on_delete=models.CASCADE, related_name="milestones",
        verbose_name=_("project"),
    )  # fmt: skip
    code = models.CharField(_("code"), max_length=30)
    title = models.CharField(_("title"), max_length=200)
    deliverable = models.TextField(_("deliverable"))
    acceptance_criteria = models.TextField(_("acceptance criteria"), blank=True)
    payment_share = models.DecimalField(
        _("payment share (%)"), max_digits=5, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )  # fmt: skip
    planned_date = models.DateField(_("planned date"))
    forecast_date = models.DateField(_("forecast date"))
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    vendor_progress = models.PositiveSmallIntegerField(
        _("progress reported by the vendor (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    accepted_progress = models.PositiveSmallIntegerField(
        _("progress we accept (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    requirements = models.ManyToManyField(
        Requirement, blank=True, related_name="milestones", verbose_name=_("requirements")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MilestoneStatus.choices,
        default=MilestoneStatus.PLANNED,
    )  # fmt: skip
    acceptance_run = models.ForeignKey(
        "TestRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("acceptance test run"),
    )  # fmt: skip
    escalated_at = models.DateTimeField(_("slip escalated"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "planned_date", "code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="vendors_milestone_code")
        ]
        permissions = [("accept_milestone", _("Can accept milestones and take baselines"))]

    def __str__(self):
        return f"{self.code} {self.title}"


class Baseline(models.Model):
    """A named snapshot of the milestones' dates, against which slippage is measured."""

    project = models.ForeignKey(
        VendorProject, on_delete=models.CASCADE, related_name="baselines",
        verbose_name=_("project"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=100)
    taken_at = models.DateTimeField(_("taken"), default=timezone.now)
    taken_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("taken by")
    )

    class Meta:
        verbose_name = _("schedule baseline")
        verbose_name_plural = _("schedule baselines")
        ordering = ["project", "taken_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="vendors_baseline_name")
        ]

    def __str__(self):
        return self.name


class BaselineDate(models.Model):
    """A milestone's date as it stood in a baseline."""

    baseline = models.ForeignKey(
        Baseline, on_delete=models.CASCADE, related_name="dates", verbose_name=_("baseline")
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="baseline_dates",
        verbose_name=_("milestone"),
    )  # fmt: skip
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("baseline date")
        verbose_name_plural = _("baseline dates")
        ordering = ["baseline", "date"]
        constraints = [
            models.UniqueConstraint(fields=["baseline", "milestone"], name="vendors_baseline_date")
        ]

    def __str__(self):
        return f"{self.baseline}: {self.date}"


class MilestoneDelay(Event):
    """A change of a milestone's forecast date, with its reason (the delay log)."""

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="delays", verbose_name=_("milestone")
    )
    previous_date = models.DateField(_("previous forecast"))
    new_date = models.DateField(_("new forecast"))
    reason = models.TextField(_("reason"))

    class Meta(Event.Meta):
        verbose_name = _("schedule change")
        verbose_name_plural = _("schedule changes")

    @property
    def days(self) -> int:
        return (self.new_date - self.previous_date).days


class StatusReport(Event):
    """The vendor's weekly status report on a project: a dated record (its login or the API)."""

    project = models.ForeignKey(
        VendorProject, on_delete=models.CASCADE, related_name="status_reports",
        verbose_name=_("project"),
    )  # fmt: skip
    week_ending = models.DateField(_("week ending"))
    summary = models.TextField(_("progress this week"))
    risks = models.TextField(_("risks and issues"), blank=True)
    next_steps = models.TextField(_("plan for next week"), blank=True)

    class Meta(Event.Meta):
        verbose_name = _("weekly status report")
        verbose_name_plural = _("weekly status reports")
        ordering = ["project", "-week_ending", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "week_ending"], name="vendors_status_report_week"
            )
        ]

    def __str__(self):
        return f"{self.project.code} · {self.week_ending}"


class StatusReportLine(models.Model):
    """One milestone in a weekly report: the vendor's progress and forecast date."""

    report = models.ForeignKey(
        StatusReport, on_delete=models.CASCADE, related_name="lines", verbose_name=_("report")
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="+", verbose_name=_("milestone")
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    forecast_date = models.DateField(_("forecast date"))
    reason = models.TextField(_("reason for a new date"), blank=True)

    class Meta:
        verbose_name = _("status report line")
        verbose_name_plural = _("status report lines")
        ordering = ["report", "milestone__planned_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "milestone"], name="vendors_status_line_milestone"
            )
        ]

    def __str__(self):
        return f"{self.report} · {self.milestone.code}"


class TestPlan(models.Model):
    """A plan of testing of one kind, with its entry and exit criteria."""

    __test__ = False

    project = models.ForeignKey(
        VendorProject, on_delete=models.CASCADE, related_name="plans", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=PlanKind.choices)
    build = models.CharField(_("build or release under test"), max_length=60, blank=True)
    entry_criteria = models.TextField(_("entry criteria"), blank=True)
    exit_criteria = models.TextField(_("exit criteria"), blank=True)
    exit_min_pass_rate = models.DecimalField(
        _("exit: minimum pass rate (%)"), max_digits=5, decimal_places=2, default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )  # fmt: skip
    exit_max_open_major = models.PositiveIntegerField(
        _("exit: open critical or major defects allowed"), default=0
    )

    class Meta:
        verbose_name = _("test plan")
        verbose_name_plural = _("test plans")
        ordering = ["project", "name"]

    def __str__(self):
        return self.name


class TestCase(Revisioned, models.Model):
    """A test case: steps and expected result; every edit is a new version (revision)."""

    __test__ = False
    revision_fields = ("title", "steps", "expected")

    plan = models.ForeignKey(
        TestPlan, on_delete=models.CASCADE, related_name="cases", verbose_name=_("test plan")
    )
    title = models.CharField(_("title"), max_length=200)
    steps = models.TextField(_("steps"))
    expected = models.TextField(_("expected result"))
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.PROPOSED
    )
    reviewer = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("reviewer"),
    )  # fmt: skip
    requirements = models.ManyToManyField(
        Requirement, blank=True, related_name="cases", verbose_name=_("requirements")
    )
    automation_key = models.CharField(
        _("automated test name"), max_length=200, blank=True,
        help_text=_("The test's class and name in CI results (JUnit XML), e.g. cart.CartTest.test_add."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("test case")
        verbose_name_plural = _("test cases")
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "automation_key"],
                condition=~models.Q(automation_key=""),
                name="vendors_case_automation_key",
            )
        ]

    def __str__(self):
        return self.title


class TestRun(models.Model):
    """One run of a plan's cases on a build; each case is an execution."""

    __test__ = False
    plan = models.ForeignKey(
        TestPlan, on_delete=models.PROTECT, related_name="runs", verbose_name=_("test plan")
    )
    name = models.CharField(_("name"), max_length=200)
    build = models.CharField(_("build"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.OPEN
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The test report's sign-off: once, by the position that may sign off (who, as which, when).
    signed_off_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("signed off by"),
    )  # fmt: skip
    signed_off_position_code = models.CharField(
        _("signed off as position"), max_length=32, blank=True
    )
    signed_off_acting = models.BooleanField(_("signed off as acting holder"), default=False)
    signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    signed_off_note = models.TextField(_("sign-off note"), blank=True)
    #: The test report as PDF, written once when the run closes (None without a Chinese font).
    report_pdf = models.FileField(_("test report (PDF)"), upload_to="vendors/test-reports/",
                                  blank=True)  # fmt: skip

    class Meta:
        verbose_name = _("test run")
        verbose_name_plural = _("test runs")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("execute_test", _("Can record test results")),
            ("sign_off_testrun", _("Can sign off test reports")),
        ]

    def __str__(self):
        return self.name


class TestExecution(models.Model):
    """A case in a run: the case version it ran, who tests it (a position) and the result."""

    __test__ = False
    run = models.ForeignKey(
        TestRun, on_delete=models.CASCADE, related_name="executions", verbose_name=_("test run")
    )
    case = models.ForeignKey(
        TestCase, on_delete=models.PROTECT, related_name="executions", verbose_name=_("test case")
    )
    case_revision = models.ForeignKey(
        "core.Revision", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("case version"),
    )  # fmt: skip
    position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, related_name="+", verbose_name=_("tester")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExecutionStatus.choices, default=ExecutionStatus.IDLE
    )
    comment = models.TextField(_("comment"), blank=True)
    tested_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("tested by"),
    )  # fmt: skip
    tested_at = models.DateTimeField(_("tested"), null=True, blank=True)

    class Meta:
        verbose_name = _("test execution")
        verbose_name_plural = _("test executions")
        ordering = ["run", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "case"], name="vendors_execution_once_per_run")
        ]

    def __str__(self):
        return f"{self.run} · {self.case_revision.data.get('title', '')}"

    @property
    def case_data(self) -> dict:
        """The case's text as it was when it ran (never the case's current text)."""
        return self.case_revision.data


class Defect(models.Model):
    """A defect found by testing, fixed by the vendor or our maintainer, and retested."""

    project = models.ForeignKey(
        VendorProject, on_delete=models.PROTECT, related_name="defects", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=200)
    steps = models.TextField(_("steps to reproduce"), blank=True)
    environment = models.CharField(_("environment"), max_length=200, blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MAJOR
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DefectStatus.choices, default=DefectStatus.NEW
    )
    assignee = models.CharField(
        _("assigned to"), max_length=10, choices=Assignee.choices, blank=True
    )
    target_build = models.CharField(_("target build"), max_length=60, blank=True)
    executions = models.ManyToManyField(
        TestExecution, blank=True, related_name="defects", verbose_name=_("executions")
    )
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    fix_due = models.DateField(_("fix due (SLA)"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    sla_breach_reported_at = models.DateTimeField(_("SLA breach reported"), null=True, blank=True)

    class Meta:
        verbose_name = _("defect")
        verbose_name_plural = _("defects")
        ordering = ["-created_at", "-pk"]
        permissions = [("fix_defect", _("Can work on assigned defects"))]

    def __str__(self):
        return f"#{self.pk} {self.title}"


class DefectEvent(Event):
    """A step in a defect's life: who moved it from which status to which, and why."""

    defect = models.ForeignKey(
        Defect, on_delete=models.CASCADE, related_name="events", verbose_name=_("defect")
    )
    from_status = models.CharField(
        _("from"), max_length=10, choices=DefectStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=DefectStatus.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta(Event.Meta):
        verbose_name = _("defect event")
        verbose_name_plural = _("defect events")


class VendorEvent(Event):
    """A step taken on a need, requirement, milestone, document or run (the area's log)."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("kind of record"),
    )  # fmt: skip
    object_id = models.PositiveBigIntegerField(_("record id"))
    subject = GenericForeignKey("content_type", "object_id")
    verb = models.CharField(_("what happened"), max_length=40)
    message = models.TextField(_("message"), blank=True)

    class Meta(Event.Meta):
        verbose_name = _("vendors and testing event")
        verbose_name_plural = _("vendors and testing events")
        indexes = [models.Index(fields=["content_type", "object_id"], name="vendors_event_subject")]


class DevRequest(models.Model):
    """Typed development work for the programming team: a new module, an upgrade or a bug."""

    kind = models.CharField(_("kind"), max_length=16, choices=DevKind.choices)
    title = models.CharField(_("title"), max_length=200)
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, null=True, blank=True, related_name="dev_requests",
        verbose_name=_("requirement"),
    )  # fmt: skip
    need = models.ForeignKey(
        Need, on_delete=models.PROTECT, null=True, blank=True, related_name="dev_requests",
        verbose_name=_("need"),
    )  # fmt: skip
    affected_module = models.CharField(_("affected module"), max_length=100, blank=True)
    design_notes = models.TextField(_("design notes"), blank=True)
    estimate_days = models.DecimalField(
        _("estimate (days)"), max_digits=6, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )  # fmt: skip
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, blank=True)
    steps_to_reproduce = models.TextField(_("steps to reproduce"), blank=True)
    expected = models.TextField(_("expected behaviour"), blank=True)
    actual = models.TextField(_("actual behaviour"), blank=True)
    environment = models.CharField(_("environment"), max_length=200, blank=True)
    release = models.CharField(_("delivered in release"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        verbose_name = _("development request")
        verbose_name_plural = _("development requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.kind in (DevKind.NEW_MODULE, DevKind.UPGRADE):
            if self.requirement_id is None:
                errors["requirement"] = _("Module work is done against a requirement.")
            if self.kind == DevKind.UPGRADE and not self.affected_module:
                errors["affected_module"] = _("Name the module to upgrade.")
            if self.estimate_days is None:
                errors["estimate_days"] = _("Give an estimate in days.")
        elif self.kind == DevKind.BUG:
            for name in ("affected_module", "severity", "steps_to_reproduce", "expected", "actual"):
                if not getattr(self, name):
                    errors[name] = _("A bug report needs this field.")
        if errors:
            raise ValidationError(errors)


class BetaParticipant(models.Model):
    """A shop customer in the public beta (they opt in and out from their account)."""

    user = models.OneToOneField(
        USER, on_delete=models.CASCADE, related_name="beta", verbose_name=_("customer")
    )
    active = models.BooleanField(_("in the beta"), default=True)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("beta participant")
        verbose_name_plural = _("beta participants")
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return str(self.user)


class BetaFeature(models.Model):
    """A feature shown to the beta cohort only while it is switched on (checked on the server)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("what to try"), blank=True)
    enabled = models.BooleanField(_("on for the beta cohort"), default=False)

    class Meta:
        verbose_name = _("beta feature")
        verbose_name_plural = _("beta features")
        ordering = ["code"]

    def __str__(self):
        return self.name


class BetaFeedback(models.Model):
    """A beta customer's feedback, waiting for triage (accepted as a defect or need, or declined)."""

    user = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("customer")
    )
    feature = models.ForeignKey(
        BetaFeature, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback",
        verbose_name=_("feature"),
    )  # fmt: skip
    text = models.TextField(_("feedback"))
    page = models.CharField(_("page"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW
    )
    triage_note = models.TextField(_("triage note"), blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    # What accepting it made (through the needs' and defects' services), linked back to it.
    need = models.ForeignKey(
        Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="beta_feedback",
        verbose_name=_("need"),
    )  # fmt: skip
    defect = models.ForeignKey(
        Defect, on_delete=models.SET_NULL, null=True, blank=True, related_name="beta_feedback",
        verbose_name=_("defect"),
    )  # fmt: skip
    triaged_at = models.DateTimeField(_("triaged"), null=True, blank=True)

    class Meta:
        verbose_name = _("beta feedback")
        verbose_name_plural = _("beta feedback")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text[:60]
