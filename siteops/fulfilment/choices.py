"""Statuses of delivery batches, shipment events, Customer Service updates and sync batches."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from siteops.core import syncs as core_syncs


class BatchStatus(models.TextChoices):
    OPEN = "open", _("Offered to Logistics")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged by Logistics")
    CLOSED = "closed", _("Closed")

    @property
    def badge(self) -> str:
        return {"open": "warning", "acknowledged": "info", "closed": "success"}[self.value]


OPEN_BATCH_STATUSES = (BatchStatus.OPEN, BatchStatus.ACKNOWLEDGED)


class ShipmentKind(models.TextChoices):
    PICKED_UP = "picked_up", _("Picked up")
    IN_TRANSIT = "in_transit", _("In transit")
    DELIVERED = "delivered", _("Delivered")
    DELIVERY_FAILED = "delivery_failed", _("Delivery failed")


class ServiceKind(models.TextChoices):
    CANCEL = "cancel", _("Cancellation")
    RETURN_REQUEST = "return_request", _("Return requested")
    RETURN_APPROVE = "return_approve", _("Return approved (goods back)")
    RETURN_REJECT = "return_reject", _("Return rejected")
    REFUND = "refund", _("Refund")
    ADDRESS_CHANGE = "address_change", _("Address change")


class UpdateOutcome(models.TextChoices):
    APPLIED = "applied", _("Applied")
    HELD = "held", _("Held (waiting for an earlier event)")
    REFUSED = "refused", _("Refused")
    DUPLICATE = "duplicate", _("Already applied")

    @property
    def badge(self) -> str:
        return {"applied": "success", "held": "warning", "refused": "danger",
                "duplicate": "info"}[self.value]  # fmt: skip


class SyncSource(models.TextChoices):
    LOGISTICS = "logistics", _("Logistics")
    CUSTOMER_SERVICE = "customer_service", _("Customer Service")


# A status file's statuses are the one set of siteops.core.syncs (preview, applied, discarded).
SyncStatus = core_syncs.SyncBatchStatus
