"""Back-office registrations of the organisation (thin: lists, filters, links to work screens)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from siteops.core.admin_base import HistoryAdmin

from .models import ActingFallback, ApiClient, Department, Duty, Position, PositionAssignment, User

admin.site.unregister(Group)  # groups belong to positions; nobody edits them by hand


@admin.register(User)
class UserAdmin(BaseUserAdmin, ModelAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    list_display = ["username", "display_name", "email", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active"]
    search_fields = ["username", "display_name", "email", "phone"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["display_name", "first_name", "last_name", "email", "phone"]}),
        (_("Access"), {"fields": ["is_active", "is_staff"],
                       "description": _("Permissions come from the positions the person holds; "
                                        "appoint them on a position's page.")}),
    ]  # fmt: skip
    add_fieldsets = [
        (None, {"fields": ["username", "display_name", "email", "password1", "password2"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.is_staff = True  # created in the back office = an employee
        super().save_model(request, obj, form, change)


@admin.register(Department)
class DepartmentAdmin(HistoryAdmin):
    list_display = ["code", "name_zh", "name_en", "kind", "order"]
    list_filter = ["kind"]


class DutyInline(TabularInline):
    model = Duty
    fields = ["code", "text_zh", "text_en", "order"]
    extra = 0


class FallbackInline(TabularInline):
    model = ActingFallback
    fk_name = "position"
    fields = ["fallback", "order", "duty_code"]
    extra = 0


@admin.register(Position)
class PositionAdmin(HistoryAdmin):
    list_display = ["code", "name_zh", "name_en", "department", "reports_to", "headcount", "page"]
    list_filter = ["department", "is_lead"]
    list_select_related = ["department", "reports_to"]
    search_fields = ["code", "name_zh", "name_en"]
    readonly_fields = ["group"]
    fields = ["code", "name_zh", "name_en", "department", "reports_to", "is_lead", "headcount",
              "order", "group"]  # fmt: skip
    inlines = [DutyInline, FallbackInline]

    @admin.display(description=_("Staffing and duties"))
    def page(self, obj):
        return format_html(
            '<a class="so-link" href="{}">{}</a>',
            reverse("admin:org_position", args=[obj.code]),
            _("open"),
        )

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Duty)
class DutyAdmin(HistoryAdmin):
    list_display = ["code", "position", "text_zh", "text_en"]
    list_filter = ["position__department", "position"]
    list_select_related = ["position"]
    search_fields = ["code", "text_zh", "text_en"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(PositionAssignment)
class PositionAssignmentAdmin(HistoryAdmin):
    """Read-only list: appointments are made on a position's page, through the service."""

    list_display = [
        "position",
        "user",
        "kind",
        "start",
        "end",
        "reason",
        "created_by",
        "created_position_code",
    ]
    list_filter = ["kind", "position__department", "position"]
    list_select_related = ["position", "user", "created_by"]
    search_fields = ["user__username", "user__display_name", "position__code", "reason"]
    date_hierarchy = "start"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiClient)
class ApiClientAdmin(HistoryAdmin):
    list_display = ["name", "department", "position", "token_prefix", "is_active", "created_at"]
    list_filter = ["department", "is_active"]
    readonly_fields = ["token_prefix", "created_at"]
    fields = ["name", "department", "position", "is_active", "token_prefix", "created_at"]

    def has_add_permission(self, request):
        # Tokens are issued with `siteops issue-token` so the secret is shown exactly once.
        return False
