"""Back office for orders: a thin list and detail; every status change goes through services."""

from django.contrib import admin, messages
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline
from unfold.views import ChangeList

from siteops.core.admin_base import BigListAdmin, LeanChoicesFilter, LeanDateFilter, badge
from siteops.core.errors import DomainError

from . import services
from .choices import OrderStatus
from .models import Order, OrderLine


class ReadOnlyInline(TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    verbose_name_plural = _("Lines")

    def get_fields(self, request, obj=None):
        fields = ["sku_code", "title", "spec", "unit_price", "quantity", "line_total"]
        if request.user.has_perm("orders.view_order_cost"):
            fields.append("unit_cost")
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sku")

    @admin.display(description=_("cost"))
    def unit_cost(self, line):
        return line.sku.cost if line.sku.cost is not None else "—"


_BADGES: dict[tuple, str] = {}

# The columns the list shows (and what its links, badges and customer's name need).
LIST_COLUMNS = ["number", "status", "payment_method", "delivery_method", "total", "province",
                "city", "created_at", "customer__username", "customer__display_name",
                "customer__first_name", "customer__last_name"]  # fmt: skip


class OrderChangeList(ChangeList):
    """The list page reads only the columns it shows (an order row has ~30): on a GET only —
    an action (a POST) gets whole orders, as the services expect."""

    def get_queryset(self, request, exclude_parameters=None):
        qs = super().get_queryset(request, exclude_parameters)
        return qs.only(*LIST_COLUMNS) if request.method == "GET" else qs


@admin.register(Order)
class OrderAdmin(BigListAdmin):
    list_display = ["number", "customer", "status_badge", "payment_method", "delivery_method",
                    "total", "province", "city", "created_at"]  # fmt: skip
    list_filter = [("status", LeanChoicesFilter), ("payment_method", LeanChoicesFilter),
                   ("delivery_method", LeanChoicesFilter), ("created_at", LeanDateFilter)]  # fmt: skip
    list_select_related = ["customer"]
    search_fields = ["=number", "recipient", "phone", "customer__username"]
    show_full_result_count = False
    list_per_page = 50
    date_hierarchy = None
    ordering = ["-created_at", "-pk"]
    actions = ["confirm_bank_transfer", "cancel_orders"]
    inlines = [OrderLineInline]
    change_form_template = "orders/order_change_form.html"  # + the one timeline (core)
    fieldsets = [
        (None, {"fields": ["number", "customer", "status", "stock_state", "created_at",
                           "status_changed_at", "reserved_until"]}),
        (_("Payment and delivery"), {"fields": ["payment_method", "delivery_method", "subtotal",
                                                "delivery_fee", "total", "warehouse",
                                                "promised_date"]}),
        (_("Delivery address"), {"fields": ["recipient", "phone", "province", "city", "district",
                                            "address_line", "postal_code", "customer_note"]}),
        (_("Referral"), {"fields": ["utm_source", "utm_medium", "utm_campaign", "referral"]}),
    ]  # fmt: skip

    def get_changelist(self, request, **kwargs):
        return OrderChangeList

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Order._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # orders change only through the actions (services)

    def has_confirm_payment_permission(self, request):
        return request.user.has_perm("orders.confirm_payment")

    def has_change_order_status_permission(self, request):
        return request.user.has_perm("orders.change_order_status")

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, order):
        """The badge of each status rendered once per language and process (a list page showed
        50 badges of a handful of statuses, ≈ 80 Python calls each; issue #20)."""
        key = (get_language(), order.status)
        html = _BADGES.get(key)
        if html is None:
            html = _BADGES[key] = badge(order)
        return html

    def _run(self, request, queryset, call, done_message):
        done, failed = 0, []
        for order in queryset:
            try:
                call(order)
                done += 1
            except DomainError as exc:
                failed.append(f"{order.number}: {exc}")
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for text in failed:
            self.message_user(request, text, messages.ERROR)

    @admin.action(description=_("Confirm the bank transfer was received"),
                  permissions=["confirm_payment"])  # fmt: skip
    def confirm_bank_transfer(self, request, queryset):
        self._run(
            request, queryset,
            lambda o: services.order_confirm_payment(actor=request.user, order=o),
            _("%(count)d order(s) marked paid."),
        )  # fmt: skip

    @admin.action(description=_("Cancel the selected orders"),
                  permissions=["change_order_status"])  # fmt: skip
    def cancel_orders(self, request, queryset):
        self._run(
            request, queryset,
            lambda o: services.order_cancel(actor=request.user, order=o,
                                            note=str(_("Cancelled in the back office"))),
            _("%(count)d order(s) cancelled."),
        )  # fmt: skip


__all__ = ["OrderAdmin", "OrderStatus"]
