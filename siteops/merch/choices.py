"""Statuses and kinds of merchandising records, each with a label and a badge colour."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ShelfKind(models.TextChoices):
    NEW_ARRIVALS = "new_arrivals", _("New arrivals")
    HOT = "hot", _("Hot sellers")
    CATEGORY_FLOOR = "category_floor", _("Category floor")
    CUSTOM = "custom", _("Custom")


class Placement(models.TextChoices):
    """Which page shows an ad position."""

    HOME = "home", _("Home page")
    CATEGORY = "category", _("Category pages")
    OTHER = "other", _("Elsewhere (placed by the page itself)")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    RETURNED = "returned", _("Returned to Purchasing")

    @property
    def badge(self) -> str:
        return {
            "draft": "info",
            "submitted": "info",
            "in_progress": "warning",
            "done": "success",
            "returned": "danger",
        }[self.value]


# The one table of allowed plan transitions: (from, to) -> who may do it (a permission).
PLAN_TRANSITIONS: dict[tuple[str, str], str] = {
    (PlanStatus.DRAFT, PlanStatus.SUBMITTED): "merch.submit_shelfplan",
    (PlanStatus.RETURNED, PlanStatus.SUBMITTED): "merch.submit_shelfplan",
    (PlanStatus.SUBMITTED, PlanStatus.IN_PROGRESS): "merch.carry_out_shelfplan",
    (PlanStatus.SUBMITTED, PlanStatus.RETURNED): "merch.carry_out_shelfplan",
    (PlanStatus.IN_PROGRESS, PlanStatus.RETURNED): "merch.carry_out_shelfplan",
    (PlanStatus.IN_PROGRESS, PlanStatus.DONE): "merch.carry_out_shelfplan",
}

# Purchasing may edit a plan's contents only while it is in their hands.
PLAN_EDITABLE = {PlanStatus.DRAFT, PlanStatus.RETURNED}


class AdRequestStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for image")
    UPLOADED = "uploaded", _("Image uploaded")
    READY = "ready", _("Image ready")
    SCHEDULED = "scheduled", _("Ad scheduled")

    @property
    def badge(self) -> str:
        return {
            "waiting": "warning",
            "uploaded": "info",
            "ready": "success",
            "scheduled": "success",
        }[self.value]
