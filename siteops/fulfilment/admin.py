"""Back office lists of order operations: batches, shipment events, CS updates, status files.

All of them are records of what happened: read-only here; changes go through the work screens
(admin_views) and the services.
"""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from siteops.core.admin_base import BigListAdmin, ReadOnly, badge

from .models import DeliveryBatch, ServiceUpdate, ShipmentEvent, SyncBatch


class ReadOnlyAdmin(ReadOnly, BigListAdmin):
    show_full_result_count = False


def _badge(label, colour):
    return format_html('<span class="so-badge so-{}">{}</span>', colour, label)


@admin.register(DeliveryBatch)
class DeliveryBatchAdmin(ReadOnlyAdmin):
    list_display = ["number_link", "status_badge", "warehouse", "order_count", "created_at",
                    "acknowledge_by", "acknowledged_at", "closed_at"]  # fmt: skip
    list_filter = ["status", "warehouse"]
    search_fields = ["number"]
    date_hierarchy = "created_at"
    list_select_related = ["created_by"]

    @admin.display(description=_("batch number"), ordering="number")
    def number_link(self, obj):
        return format_html(
            '<a class="so-link" href="{}">{}</a>',
            reverse("admin:fulfilment_batch", args=[obj.number]), obj.number,
        )  # fmt: skip

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return badge(obj)

    def get_queryset(self, request):
        from .selectors import batches_visible_to

        return batches_visible_to(request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self.get_object(request, object_id)
        if batch is None or not self.has_view_permission(request, batch):
            return super().change_view(request, object_id, form_url, extra_context)
        return redirect("admin:fulfilment_batch", batch.number)


@admin.register(ShipmentEvent)
class ShipmentEventAdmin(ReadOnlyAdmin):
    list_display = ["order", "kind", "tracking_number", "occurred_at", "outcome_badge",
                    "reason", "client", "actor", "position_code", "acting", "at"]  # fmt: skip
    list_filter = ["outcome", "kind"]
    search_fields = ["order__number", "tracking_number"]
    list_select_related = ["order", "client", "actor"]
    raw_id_fields = ["order", "sync_row"]

    @admin.display(description=_("outcome"), ordering="outcome")
    def outcome_badge(self, obj):
        from .choices import UpdateOutcome

        return _badge(obj.get_outcome_display(), UpdateOutcome(obj.outcome).badge)


@admin.register(ServiceUpdate)
class ServiceUpdateAdmin(ReadOnlyAdmin):
    list_display = ["order", "kind", "reference", "outcome_badge", "reason", "client", "actor",
                    "at"]  # fmt: skip
    list_filter = ["outcome", "kind"]
    search_fields = ["order__number", "reference"]
    list_select_related = ["order", "client", "actor"]
    raw_id_fields = ["order", "sync_row"]

    @admin.display(description=_("outcome"), ordering="outcome")
    def outcome_badge(self, obj):
        from .choices import UpdateOutcome

        return _badge(obj.get_outcome_display(), UpdateOutcome(obj.outcome).badge)


@admin.register(SyncBatch)
class SyncBatchAdmin(ReadOnlyAdmin):
    list_display = ["file_link", "kind", "status", "rows_total", "rows_error", "sender",
                    "created_at", "applied_at"]  # fmt: skip
    list_filter = ["kind", "status"]
    list_select_related = ["actor", "client"]

    @admin.display(description=_("sent by"))
    def sender(self, obj):
        return obj.sender_label

    @admin.display(description=_("file"), ordering="filename")
    def file_link(self, obj):
        return format_html(
            '<a class="so-link" href="{}">{}</a>',
            reverse("admin:fulfilment_sync", args=[obj.pk]), obj.filename,
        )  # fmt: skip

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("fulfilment.view_syncbatch") or request.user.has_perm(
            "fulfilment.add_shipmentevent"
        ) or request.user.has_perm("fulfilment.add_serviceupdate")  # fmt: skip

    def get_queryset(self, request):
        from .selectors import sync_batches_visible_to

        return sync_batches_visible_to(request.user)
