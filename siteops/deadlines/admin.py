from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin

from .models import Deadline, DeadlineKind, Obligation


@admin.register(DeadlineKind)
class DeadlineKindAdmin(SimpleHistoryAdmin, ModelAdmin):
    list_display = ["name", "code", "lead_days"]
    search_fields = ["name", "code"]
    fields = ["code", "name", "lead_days"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False  # deadlines and obligations refer to it (PROTECT)


@admin.register(Obligation)
class ObligationAdmin(SimpleHistoryAdmin, ModelAdmin):
    list_display = ["name", "kind", "position", "frequency", "day", "month", "is_active"]
    list_filter = ["frequency", "is_active", "kind"]
    list_select_related = ["kind", "position"]
    search_fields = ["name", "title_template"]
    fields = ["name", "kind", "position", "frequency", "day", "month", "anchor", "within_days",
              "title_template", "starts_on", "ends_on", "is_active"]  # fmt: skip


@admin.register(Deadline)
class DeadlineAdmin(ModelAdmin):
    """Read-only list: deadlines change through their services (register, done, cancel)."""

    list_display = ["title", "kind", "due_date", "position", "status", "done_at"]
    list_filter = ["status", "kind", "position"]
    list_select_related = ["kind", "position"]
    search_fields = ["title"]
    date_hierarchy = "due_date"
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.editable]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
