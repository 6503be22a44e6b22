"""Back-office registrations of work (thin): the item list, schedules and escalation rules.

Work items change only through services (the item page's buttons); the list here is read-only.
"""

import html

from django.conf import settings
from django.contrib import admin
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin
from unfold.views import ChangeList

from siteops.core.admin_base import (
    BigListAdmin,
    LeanBooleanFilter,
    LeanChoicesFilter,
    LeanFilterMixin,
    pk_url,
)
from siteops.org.models import Department
from siteops.org.selectors import Staffing

from .models import DutySchedule, EscalationRule, WorkItem


def _staffing(request) -> Staffing:
    """Today's staffing snapshot, read once per request of the list (its filters and its
    visibility ask it: one read of the organisation version instead of four)."""
    found = getattr(request, "_work_staffing", None)
    if found is None:
        found = request._work_staffing = Staffing.current()
    return found


class PositionFilter(LeanFilterMixin, admin.RelatedFieldListFilter):
    """Django's position filter with its choices read from today's staffing snapshot (kept per
    organisation version): the same choices in the same order, without a query and a model
    instance per position on every list page (issue #20). Its HTML is kept with the snapshot's
    version."""

    def field_choices(self, field, request, model_admin):
        staffing = _staffing(request)
        self.kept_version = staffing.kept_key
        positions = staffing.positions.values()
        ordered = sorted(positions, key=lambda p: (p.department.order, p.order, p.code))
        return [(p.pk, str(p)) for p in ordered]


class DepartmentFilter(LeanFilterMixin, admin.RelatedFieldListFilter):
    """Django's filter on the position's department, its departments kept with the staffing
    snapshot (the organisation version follows every change of a department)."""

    def field_choices(self, field, request, model_admin):
        staffing = _staffing(request)
        self.kept_version = staffing.kept_key
        departments = staffing.derived(
            "work.departments", lambda: list(Department.objects.order_by("order", "code"))
        )
        return [(d.pk, str(d)) for d in departments]


# The columns the list shows (an item row has ~25); the related rows it joins are read whole.
LIST_COLUMNS = ["title", "status", "priority", "position", "due", "requester_department",
                "source", "created_at"]  # fmt: skip


class WorkItemChangeList(ChangeList):
    """The list reads only the columns it shows (as the order list does): fewer values to turn
    into each row's item, ≈ 2,700 Python calls a page (on a GET; a POST gets whole items)."""

    def get_queryset(self, request, exclude_parameters=None):
        qs = super().get_queryset(request, exclude_parameters)
        return qs.only(*LIST_COLUMNS) if request.method == "GET" else qs


@admin.register(WorkItem)
class WorkItemAdmin(BigListAdmin):
    list_display = ["number", "title_link", "status", "priority", "position", "due",
                    "requester_department", "source", "created_at"]  # fmt: skip
    list_filter = [("status", LeanChoicesFilter), ("priority", LeanChoicesFilter),
                   ("source", LeanChoicesFilter), ("kind", LeanChoicesFilter),
                   ("confidential", LeanBooleanFilter),
                   ("position__department", DepartmentFilter), ("position", PositionFilter)]  # fmt: skip
    list_select_related = ["position", "requester_department"]
    search_fields = ["title", "=id"]
    show_full_result_count = False
    date_hierarchy = None
    list_per_page = 50

    @admin.display(description="#", ordering="pk")
    def number(self, obj):
        # As Django shows a number (formats.number_format, ≈ 35 Python calls a row), which is
        # the plain digits unless thousands are grouped.
        return obj.pk if settings.USE_THOUSAND_SEPARATOR else str(obj.pk)

    @admin.display(description=_("title"), ordering="title")
    def title_link(self, obj):
        # format_html's work without its lazy-string checks (≈ 60 Python calls a row)
        url = html.escape(pk_url("admin:work_item", obj.pk))
        return SafeString(f'<a class="so-link" href="{url}">{html.escape(obj.title)}</a>')

    def get_changelist(self, request, **kwargs):
        return WorkItemChangeList

    def get_queryset(self, request):
        from .selectors import visible_items

        return visible_items(request.user, _staffing(request)).select_related(
            *self.list_select_related
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DutySchedule)
class DutyScheduleAdmin(SimpleHistoryAdmin, ModelAdmin):
    list_display = ["name", "position", "duty", "frequency", "weekday", "day_of_month", "month",
                    "hour", "is_active"]  # fmt: skip
    list_filter = ["frequency", "is_active", "position"]
    list_select_related = ["position", "position__department", "duty"]
    search_fields = ["name", "title_template"]
    autocomplete_fields = []
    fields = ["name", "duty", "position", "frequency", "weekday", "day_of_month", "month", "hour",
              "title_template", "description", "due_in_days", "priority", "is_active"]  # fmt: skip


@admin.register(EscalationRule)
class EscalationRuleAdmin(SimpleHistoryAdmin, ModelAdmin):
    list_display = ["name", "overdue_working_days", "levels_up", "is_active"]
    list_filter = ["is_active"]
