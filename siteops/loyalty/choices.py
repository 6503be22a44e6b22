"""Statuses of points projects, members, batches and the kinds of ledger entry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (being set up)")
    APPROVED = "approved", _("Approved")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


PROJECT_BADGES = {"draft": "warning", "approved": "info", "active": "success", "closed": "muted"}

# The transition table of a project: action -> (from statuses, to status).
PROJECT_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "approve": (("draft",), "approved"),
    "activate": (("approved",), "active"),
    "close": (("approved", "active"), "closed"),
}


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    LEFT = "left", _("Left")


class BatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed (not yet submitted)")
    PENDING = "pending", _("Awaiting audit")
    APPROVED = "approved", _("Approved, not yet issued")
    REJECTED = "rejected", _("Rejected")
    ISSUED = "issued", _("Issued")


BATCH_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "regenerate": (("rejected",), "proposed"),
    "submit": (("proposed",), "pending"),
    "approve": (("pending",), "approved"),
    "reject": (("pending",), "rejected"),
    "withdraw": (("pending",), "proposed"),
    "issue": (("approved",), "issued"),
}


class AwardKind(models.TextChoices):
    ORDER = "order", _("Order amount")
    FIRST_ORDER = "first_order", _("First order bonus")


class EntryKind(models.TextChoices):
    EARN = "earn", _("Earned")
    REDEEM = "redeem", _("Spent")
    EXPIRE = "expire", _("Expired")
    ADJUST = "adjust", _("Adjustment")
    REVERSE = "reverse", _("Reversed")
    REFUND = "refund", _("Returned (order cancelled)")


class EntrySource(models.TextChoices):
    BATCH = "batch", _("Points batch")
    ORDER = "order", _("Order")
    ADJUSTMENT = "adjustment", _("Manual adjustment")
    CLAIM = "claim", _("Claimed on a topic page")


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    BOOKED = "booked", _("Approved and booked")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
