"""Back-office registrations of the organisation (thin: lists, filters, links to work screens)."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from siteops.core.admin_base import HistoryAdmin
from siteops.core.errors import DomainError

from . import services
from .models import (
    AccountEvent,
    ActingFallback,
    ApiClient,
    Department,
    Duty,
    Position,
    PositionAssignment,
    User,
)

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
        # Customers' accounts are not staff business: the list holds staff and administrators
        # (and anyone ever appointed). Customer Service finds a customer on the reset page.
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(
            Q(is_staff=True) | Q(is_superuser=True) | Q(assignments__isnull=False)
        ).distinct()

    def has_change_permission(self, request, obj=None):
        """Details, password and "active" of an account within the actor's remit only
        (services.account_change_check: no one above one's own rank, administrators by
        administrators, customers never)."""
        if not super().has_change_permission(request, obj):
            return False  # one's own password: the back office's "change password" page
        return obj is None or services.may_change_account(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk and not request.user.is_superuser:
            fields += ["username", "is_active", "is_staff"]  # not one's own access
        return fields

    def save_model(self, request, obj, form, change):
        if change:
            services.account_change_check(request.user, User.objects.get(pk=obj.pk))
        else:
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


class PositionForm(forms.ModelForm):
    """The position's change form checks the org rules (services.position_update_check) so a
    refusal is a message on the form, not an error page."""

    request = None

    class Meta:
        model = Position
        fields = services.POSITION_FIELDS

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.request is not None and not self.errors:
            changes = {f: data.get(f) for f in self.changed_data if f in services.POSITION_FIELDS}
            try:
                services.position_update_check(
                    actor=self.request.user, position=self.instance, changes=changes
                )
            except DomainError as exc:
                raise ValidationError(str(exc)) from None
        return data


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
    form = PositionForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request = request
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("code")  # permissions and URLs are keyed by it
        if obj is not None and not services.is_leadership(request.user):
            # Moving a position is above the remit (leadership; HR with a second person through
            # services.position_update(confirmed_by=...)).
            fields += ["department", "reports_to"]
        return fields

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or services.is_leadership(request.user):
            return True
        # One's own position and those above it are changed by one's superiors.
        return obj.pk not in services.senior_ids(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        services.position_update(
            actor=request.user,
            position=obj,
            changes={f: form.cleaned_data[f] for f in form.changed_data
                     if f in services.POSITION_FIELDS},
        )  # fmt: skip

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
    history_revert = False  # appointments change only through the org services

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiClient)
class ApiClientAdmin(HistoryAdmin):
    list_display = ["name", "department", "position", "token_prefix", "is_active", "created_at"]
    list_select_related = ["department", "position"]
    list_filter = ["department", "is_active"]
    readonly_fields = ["token_prefix", "created_at"]
    fields = ["name", "department", "position", "is_active", "token_prefix", "created_at"]

    def has_add_permission(self, request):
        # Tokens are issued with `siteops issue-token` so the secret is shown exactly once.
        return False


@admin.register(AccountEvent)
class AccountEventAdmin(ModelAdmin):
    """Read-only log of what staff did to accounts (support password resets)."""

    list_display = ["at", "user", "kind", "reason", "actor", "position_code"]
    list_filter = ["kind"]
    list_select_related = ["user", "actor"]
    search_fields = ["user__username", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
