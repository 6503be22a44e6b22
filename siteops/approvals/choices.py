from django.db import models
from django.utils.translation import gettext_lazy as _


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Withdrawn")

    @property
    def badge(self) -> str:
        return {
            "pending": "warning",
            "approved": "success",
            "rejected": "danger",
            "cancelled": "info",
        }[self.value]


class StepStatus(models.TextChoices):
    WAITING = "waiting", _("Not reached yet")
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Not needed any more")

    @property
    def badge(self) -> str:
        return {
            "waiting": "info",
            "pending": "warning",
            "approved": "success",
            "rejected": "danger",
            "cancelled": "info",
        }[self.value]


class ApprovalAction(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved a step")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Withdrawn")
