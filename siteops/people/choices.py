"""Statuses and kinds of the people area (labels in the department's words, badge colours)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class RequestReason(models.TextChoices):
    NEW = "new", _("New post")
    REPLACEMENT = "replacement", _("Replacement")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class RecruitmentStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    OPEN = "open", _("Open")
    ON_HOLD = "on_hold", _("On hold")
    FILLED = "filled", _("Filled")
    CANCELLED = "cancelled", _("Cancelled")


class CandidateStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCREENED = "screened", _("Screened")
    INTERVIEW = "interview", _("Interview")
    OFFER_PENDING = "offer_pending", _("Offer awaiting the manager's approval")
    OFFER = "offer", _("Offer")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class CandidateSource(models.TextChoices):
    JOB_SITE = "job_site", _("Job site")
    REFERRAL = "referral", _("Referral")
    CAMPUS = "campus", _("Campus")
    AGENCY = "agency", _("Agency")
    OTHER = "other", _("Other")


class Recommendation(models.TextChoices):
    HIRE = "hire", _("Hire")
    MAYBE = "maybe", _("Undecided")
    NO = "no", _("Do not hire")


BADGE = {
    "draft": "so-info",
    "submitted": "so-warning",
    "pending": "so-warning",
    "approved": "so-success",
    "open": "so-info",
    "on_hold": "so-warning",
    "filled": "so-success",
    "cancelled": "so-info",
    "rejected": "so-danger",
    "accepted": "so-success",
    "offer_pending": "so-warning",
}


class CycleKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")
    PROBATION = "probation", _("End of probation")


class CycleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("In progress")
    CLOSED = "closed", _("Closed")


class Phase(models.TextChoices):
    SELF = "self", _("Self review")
    REVIEW = "review", _("Reviewer")
    CALIBRATION = "calibration", _("Manager's calibration")
    SHARED = "shared", _("Shared with the appraisee")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class PersonnelKind(models.TextChoices):
    CONFIRM = "confirm", _("Confirmation after probation (转正)")
    DISMISS = "dismiss", _("Dismissal (解职)")
    PROMOTE = "promote", _("Promotion (升职)")
    DEMOTE = "demote", _("Demotion (降级)")
    TRANSFER = "transfer", _("Transfer")


class PersonnelStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved, waiting for the effective date")
    EFFECTED = "effected", _("Carried out")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Withdrawn")


class ProbationOutcome(models.TextChoices):
    PENDING = "pending", _("On probation")
    CONFIRMED = "confirmed", _("Confirmed")
    ENDED = "ended", _("Employment ended")
