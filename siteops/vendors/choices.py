"""Statuses and kinds of needs, requirements, milestones, tests and defects."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class NeedStatus(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    MERGED = "merged", _("Merged into another need")
    REJECTED = "rejected", _("Rejected")


class RequirementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    BASELINED = "baselined", _("Baselined")
    CHANGED = "changed", _("Changed after baseline")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Section(models.TextChoices):
    """The chapters of the technical document a requirement belongs to."""

    SCOPE = "scope", _("Scope")
    FLOWS = "flows", _("Business flows")
    SCREENS = "screens", _("Screens")
    DATA = "data", _("Data")
    INTERFACES = "interfaces", _("Interfaces")
    NON_FUNCTIONAL = "non_functional", _("Non-functional requirements")


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DELIVERED = "delivered", _("Delivered for acceptance")
    ACCEPTED = "accepted", _("Accepted")


class PlanKind(models.TextChoices):
    BLACK_BOX = "black_box", _("Black-box functional test")
    WHITE_BOX = "white_box", _("White-box test (code review, unit-test evidence)")
    INTERNAL = "internal", _("Internal test (staff)")
    PUBLIC_BETA = "public_beta", _("Public beta")


class CaseStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    DISABLED = "disabled", _("Disabled")
    NEEDS_UPDATE = "needs_update", _("Needs update")


class RunStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ExecutionStatus(models.TextChoices):
    IDLE = "idle", _("Idle")
    RUNNING = "running", _("Running")
    PASSED = "passed", _("Passed")
    WAIVED = "waived", _("Waived")
    FAILED = "failed", _("Failed")
    BLOCKED = "blocked", _("Blocked")
    ERROR = "error", _("Error")


#: Kiwi TCMS's weights: positive = done and good, negative = done and bad, zero = not done.
STATUS_WEIGHT = {
    ExecutionStatus.IDLE: 0,
    ExecutionStatus.RUNNING: 0,
    ExecutionStatus.PASSED: 20,
    ExecutionStatus.WAIVED: 30,
    ExecutionStatus.FAILED: -30,
    ExecutionStatus.BLOCKED: -10,
    ExecutionStatus.ERROR: -20,
}
STATUS_BADGE = {
    "idle": "so-badge",
    "running": "so-badge so-info",
    "passed": "so-badge so-success",
    "waived": "so-badge so-success",
    "failed": "so-badge so-danger",
    "blocked": "so-badge so-warning",
    "error": "so-badge so-danger",
}


class Severity(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    MAJOR = "major", _("Major")
    MINOR = "minor", _("Minor")
    TRIVIAL = "trivial", _("Trivial")


class DefectStatus(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    FIXED = "fixed", _("Fixed")
    RETEST = "retest", _("Retest")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


OPEN_DEFECT = [
    DefectStatus.NEW,
    DefectStatus.ASSIGNED,
    DefectStatus.FIXED,
    DefectStatus.RETEST,
    DefectStatus.REOPENED,
]


class Assignee(models.TextChoices):
    VENDOR = "vendor", _("The vendor")
    MNT = "MNT", _("Internal maintainer (MNT)")


class DevKind(models.TextChoices):
    NEW_MODULE = "new_module", _("New module (MOD-01)")
    UPGRADE = "upgrade", _("Module upgrade (MOD-02)")
    BUG = "bug", _("Bug or limitation (MNT-01)")


#: Which position does each kind of development work.
DEV_KIND_POSITION = {DevKind.NEW_MODULE: "MOD", DevKind.UPGRADE: "MOD", DevKind.BUG: "MNT"}


class FeedbackStatus(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
