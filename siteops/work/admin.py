"""Back-office registrations of work (thin): the item list, schedules and escalation rules.

Work items change only through services (the item page's buttons); the list here is read-only.
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin

from siteops.core.admin_base import BigListAdmin, pk_url

from .models import DutySchedule, EscalationRule, WorkItem


@admin.register(WorkItem)
class WorkItemAdmin(BigListAdmin):
    list_display = ["number", "title_link", "status", "priority", "position", "due",
                    "requester_department", "source", "created_at"]  # fmt: skip
    list_filter = ["status", "priority", "source", "kind", "confidential", "position__department",
                   "position"]  # fmt: skip
    list_select_related = ["position", "position__department", "requester_department"]
    search_fields = ["title", "=id"]
    show_full_result_count = False
    date_hierarchy = None
    list_per_page = 50

    @admin.display(description="#", ordering="pk")
    def number(self, obj):
        return obj.pk

    @admin.display(description=_("title"), ordering="title")
    def title_link(self, obj):
        return format_html(
            '<a class="so-link" href="{}">{}</a>', pk_url("admin:work_item", obj.pk), obj.title
        )

    def get_queryset(self, request):
        from .selectors import visible_items

        return visible_items(request.user).select_related(*self.list_select_related)

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
