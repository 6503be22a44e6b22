"""Back office of IT and hosting: thin lists and forms whose saves go through the services."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline

from siteops.core.admin_base import BigListAdmin, HistoryAdmin
from siteops.core.errors import DomainError

from . import services
from .models import (
    Asset,
    Certificate,
    Check,
    Contract,
    Domain,
    Incident,
    Maintenance,
    MaintenanceWindow,
    Monitor,
    OfficeSystem,
    ProcurementOption,
    ProcurementPlan,
    Provider,
)


def _run(request, fn, ok_message):
    try:
        fn()
    except (DomainError, ValidationError) as exc:
        for m in getattr(exc, "messages", None) or [str(exc)]:
            messages.error(request, m)
    else:
        messages.success(request, ok_message)


class OptionInline(TabularInline):
    model = ProcurementOption
    extra = 2


@admin.register(ProcurementPlan)
class ProcurementPlanAdmin(HistoryAdmin):
    list_display = ("title", "kind", "quantity", "budget", "status", "purchase_order", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("title", "purchase_order")
    inlines = [OptionInline]
    fields = ("title", "need", "kind", "quantity", "budget", "budget_line", "owner")
    actions = ["submit_for_approval"]

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.status != "draft":
            return self.fields
        return ()

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Submit for approval"), permissions=["change"])
    def submit_for_approval(self, request, queryset):
        for plan in queryset:
            _run(
                request,
                lambda p=plan: services.plan_submit(actor=request.user, plan=p),
                _("Submitted for approval."),
            )


@admin.register(Asset)
class AssetAdmin(HistoryAdmin, BigListAdmin):
    list_display = (
        "tag",
        "kind",
        "model_name",
        "serial",
        "location",
        "owner",
        "status",
        "warranty_end",
    )
    list_filter = ("status", "kind")
    search_fields = ("tag", "serial", "model_name")
    list_select_related = ("owner",)
    readonly_fields = ("status", "plan")

    def save_model(self, request, obj, form, change):
        services.asset_save(actor=request.user, asset=obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Maintenance)
class MaintenanceAdmin(ModelAdmin):
    list_display = ("asset", "kind", "done_on", "cost", "downtime_minutes")
    list_filter = ("kind",)
    list_select_related = ("asset",)
    autocomplete_fields = ()

    def has_change_permission(self, request, obj=None):
        return False


class RenewableAdmin(ModelAdmin):
    list_display = ("__str__", "expires_on", "auto_renew", "position")
    list_filter = ("auto_renew",)

    def save_model(self, request, obj, form, change):
        services.renewable_save(actor=request.user, obj=obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contract)
class ContractAdmin(RenewableAdmin):
    list_display = (
        "title",
        "provider",
        "starts_on",
        "expires_on",
        "notice_days",
        "monthly_cost",
        "auto_renew",
    )


@admin.register(Domain)
class DomainAdmin(RenewableAdmin):
    list_display = ("name", "registrar", "expires_on", "auto_renew", "icp_number", "transfer_lock")
    search_fields = ("name", "icp_number")


@admin.register(Certificate)
class CertificateAdmin(RenewableAdmin):
    pass


@admin.register(OfficeSystem)
class OfficeSystemAdmin(ModelAdmin):
    list_display = ("name", "kind", "vendor", "seats", "renewal_on", "administrator")

    def save_model(self, request, obj, form, change):
        services.renewable_save(actor=request.user, obj=obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Provider)
class ProviderAdmin(ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)


@admin.register(Monitor)
class MonitorAdmin(ModelAdmin):
    list_display = ("name", "path", "expected_status", "is_active", "is_public", "provider")


@admin.register(Check)
class CheckAdmin(BigListAdmin):
    list_display = ("monitor", "at", "ok", "status_code", "ms", "in_maintenance")
    list_filter = ("ok", "monitor")
    list_select_related = ("monitor",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Incident)
class IncidentAdmin(ModelAdmin):
    list_display = ("monitor", "started_at", "ended_at", "cause")
    list_select_related = ("monitor",)
    readonly_fields = ("monitor", "started_at", "ended_at")
    fields = ("monitor", "started_at", "ended_at", "cause")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MaintenanceWindow)
class MaintenanceWindowAdmin(ModelAdmin):
    list_display = ("title", "starts_at", "ends_at")
