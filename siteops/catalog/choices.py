"""Statuses of the catalogue, each with a label and a badge colour."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from siteops.core import syncs as core_syncs


class ProductStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    DELISTED = "delisted", _("Delisted")
    DELETED = "deleted", _("Deleted")

    @property
    def badge(self) -> str:
        return {"draft": "info", "published": "success", "delisted": "warning",
                "deleted": "danger"}[self.value]  # fmt: skip


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting the product editor")
    RETURNED = "returned", _("Returned to Purchasing")
    RESUBMITTED = "resubmitted", _("Resubmitted by Purchasing")
    ACCEPTED = "accepted", _("Accepted into the catalogue")
    COMPLETED = "completed", _("Completed by the product editor")
    WITHDRAWN = "withdrawn", _("Withdrawn by Purchasing")

    @property
    def badge(self) -> str:
        return {"submitted": "info", "returned": "warning", "resubmitted": "info",
                "accepted": "success", "completed": "success", "withdrawn": "danger"}[self.value]  # fmt: skip


class SyncSource(models.TextChoices):
    PURCHASING = "purchasing", _("Purchasing")
    WAREHOUSE = "warehouse", _("Warehouse")


# The statuses and channels of sync batches are the one set of siteops.core.syncs.
SyncChannel = core_syncs.SyncChannel
SyncBatchStatus = core_syncs.SyncBatchStatus
SyncRowStatus = core_syncs.SyncRowStatus


class SyncOp(models.TextChoices):
    PRICE = "price", _("Price change")
    DELIST = "delist", _("Delisting")
    DELETE = "delete", _("Deletion")
    CATEGORY = "category", _("Category change")
    STOCK_SET = "stock_set", _("Stock level")
    STOCK_ADJUST = "stock_adjust", _("Stock adjustment")


PURCHASING_OPS = {SyncOp.PRICE, SyncOp.DELIST, SyncOp.DELETE, SyncOp.CATEGORY}
WAREHOUSE_OPS = {SyncOp.STOCK_SET, SyncOp.STOCK_ADJUST}


class ScheduledKind(models.TextChoices):
    PUBLISH = "publish", _("Publish")
    DELIST = "delist", _("Delist")
    PRICE = "price", _("Price change")


class ScheduledStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class PriceSource(models.TextChoices):
    EDITOR = "editor", _("Product editor")
    BULK = "bulk", _("Bulk action")
    SYNC = "sync", _("Purchasing sync")
    SCHEDULED = "scheduled", _("Scheduled change")
    INTAKE = "intake", _("Intake")
