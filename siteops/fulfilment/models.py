"""Delivery batches handed to Logistics, and the status updates Logistics and Customer Service send."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from siteops.core import syncs as core_syncs
from siteops.core.events import Event

from .choices import (
    BatchStatus,
    ServiceKind,
    ShipmentKind,
    SyncSource,
    UpdateOutcome,
)  # fmt: skip


class DeliveryBatch(models.Model):
    """A set of paid / COD-confirmed orders handed to Logistics for picking and delivery."""

    number = models.CharField(_("batch number"), max_length=24, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.OPEN
    )
    warehouse = models.CharField(_("warehouse"), max_length=20, blank=True)
    rule = models.JSONField(_("selection rule"), default=dict, blank=True)
    order_count = models.PositiveIntegerField(_("orders"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_position_code = models.CharField(_("acting as position"), max_length=32, blank=True)
    created_acting = models.BooleanField(_("as acting holder"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    acknowledge_by = models.DateTimeField(_("Logistics to acknowledge by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.CharField(_("acknowledged by"), max_length=100, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery batch")
        verbose_name_plural = _("delivery batches")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "acknowledge_by"], name="fulfil_batch_due")]
        permissions = [
            ("create_batch", _("Can batch orders from the order pool")),
            ("acknowledge_deliverybatch", _("Can acknowledge a delivery batch (Logistics)")),
        ]

    def __str__(self) -> str:
        return self.number

    def timeline_events(self):
        """What Logistics reported about the batch's orders (pick-ups, deliveries, failures)."""
        return ShipmentEvent.objects.filter(
            order_id__in=BatchOrder.objects.filter(batch=self).values("order_id")
        )

    @property
    def is_open(self) -> bool:
        return self.status != BatchStatus.CLOSED

    @property
    def status_badge(self) -> str:
        return BatchStatus(self.status).badge


class BatchOrder(models.Model):
    """An order in a batch. ``active`` while the batch holds it: one active row per order."""

    batch = models.ForeignKey(
        DeliveryBatch, models.CASCADE, related_name="entries", verbose_name=_("batch")
    )
    order = models.ForeignKey(
        "orders.Order",
        models.PROTECT,
        related_name="batch_entries",
        verbose_name=_("order"),
    )
    active = models.BooleanField(_("in the batch"), default=True)
    tracking_number = models.CharField(_("tracking number"), max_length=64, blank=True)
    left_at = models.DateTimeField(_("left the batch at"), null=True, blank=True)

    class Meta:
        verbose_name = _("order in a batch")
        verbose_name_plural = _("orders in batches")
        ordering = ["batch", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"], condition=Q(active=True), name="fulfilment_order_one_open_batch"
            ),
            models.UniqueConstraint(fields=["batch", "order"], name="fulfilment_batch_order_once"),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}/{self.order_id}"


class SyncBatch(core_syncs.SyncBatch):
    """An uploaded file from Logistics or Customer Service: rows previewed, then applied once."""

    kind = models.CharField(_("from"), max_length=20, choices=SyncSource.choices)

    class Meta(core_syncs.SyncBatch.Meta):
        verbose_name = _("status file")
        verbose_name_plural = _("status files")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename}"


class SyncRow(core_syncs.SyncRow):
    """One row of an uploaded status file: what it says, what it would change, and its errors.

    ``key`` is the order number; ``old_value`` / ``new_value`` the order's status now / after.
    """

    batch = models.ForeignKey(
        SyncBatch, models.CASCADE, related_name="rows", verbose_name=_("file")
    )
    key = models.CharField(_("order number"), max_length=64, blank=True)
    data = models.JSONField(_("values"), default=dict)

    class Meta(core_syncs.SyncRow.Meta):
        verbose_name = _("status file row")
        verbose_name_plural = _("status file rows")
        constraints = [
            models.UniqueConstraint(fields=["batch", "line"], name="fulfilment_syncrow_line_once")
        ]


class ShipmentEvent(Event):
    """A shipment event Logistics reported (API or file) and what became of it.

    ``at`` is when it reached us; ``occurred_at`` when Logistics says it happened."""

    order = models.ForeignKey(
        "orders.Order", models.CASCADE, related_name="+", verbose_name=_("order")
    )
    kind = models.CharField(_("event"), max_length=20, choices=ShipmentKind.choices)
    tracking_number = models.CharField(_("tracking number"), max_length=64, blank=True)
    occurred_at = models.DateTimeField(_("happened at"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=UpdateOutcome.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    sync_row = models.ForeignKey(
        SyncRow, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("file row"),
    )  # fmt: skip
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta(Event.Meta):
        verbose_name = _("shipment event")
        verbose_name_plural = _("shipment events")
        ordering = ["-at", "-pk"]
        constraints = [
            # The same event reported twice (two files, a resend) is recorded once.
            models.UniqueConstraint(
                fields=["order", "kind", "occurred_at"],
                condition=Q(outcome__in=["applied", "held"]),
                name="fulfilment_shipment_event_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["order", "occurred_at"], condition=Q(outcome="held"),
                name="fulfil_shipment_held",
            )
        ]  # fmt: skip

    timeline_related = ("order",)

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind}"

    @property
    def timeline_change(self) -> str:
        parts = [self.order.number, self.get_outcome_display()]
        if self.tracking_number:
            parts.append(self.tracking_number)
        return " · ".join(parts)


class ServiceUpdate(Event):
    """An update Customer Service sent about an order: cancel, return, refund, new address."""

    order = models.ForeignKey(
        "orders.Order", models.CASCADE, related_name="+", verbose_name=_("order")
    )
    kind = models.CharField(_("update"), max_length=20, choices=ServiceKind.choices)
    reference = models.CharField(_("Customer Service ticket"), max_length=64)
    data = models.JSONField(_("details"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=UpdateOutcome.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    sync_row = models.ForeignKey(
        SyncRow, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("file row"),
    )  # fmt: skip

    class Meta(Event.Meta):
        verbose_name = _("Customer Service update")
        verbose_name_plural = _("Customer Service updates")
        ordering = ["-at", "-pk"]
        constraints = [
            # One ticket's update of one kind is applied once, whichever way it arrives.
            models.UniqueConstraint(
                fields=["order", "kind", "reference"],
                condition=Q(outcome="applied"),
                name="fulfilment_service_update_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind}"
