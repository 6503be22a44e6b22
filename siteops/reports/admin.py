"""Back office: report definitions (who gets which report) and the archive of runs (read-only)."""

from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from siteops.core.admin_base import BigListAdmin
from siteops.core.errors import DomainError

from . import datasets
from .models import ReportDefinition, ReportRun
from .selectors import runs_visible_to


class ReportDefinitionForm(forms.ModelForm):
    class Meta:
        model = ReportDefinition
        fields = ["code", "name", "dataset", "filters", "period_kind", "dimensions",
                  "is_scheduled", "duty_code", "todo_position", "recipient_positions",
                  "recipient_departments",
                  "recipient_emails"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dataset"] = forms.ChoiceField(
            label=ReportDefinition._meta.get_field("dataset").verbose_name,
            choices=[(d.key, d.title) for d in datasets.all_datasets()],
        )


def dataset_title(key: str) -> str:
    try:
        return str(datasets.get(key).title)
    except DomainError:  # a dataset whose app was removed: show its key rather than fail
        return key


class DatasetFilter(admin.SimpleListFilter):
    """By dataset, under its title (never the key)."""

    title = _("dataset")
    parameter_name = "dataset"

    def lookups(self, request, model_admin):
        return [(d.key, d.title) for d in datasets.all_datasets()]

    def queryset(self, request, queryset):
        return queryset.filter(dataset=self.value()) if self.value() else queryset


@admin.register(ReportDefinition)
class ReportDefinitionAdmin(ModelAdmin):
    form = ReportDefinitionForm
    list_display = ["name", "code", "dataset_name", "period_kind", "is_scheduled", "duty_code"]
    list_filter = [DatasetFilter, "period_kind", "is_scheduled"]
    search_fields = ["name", "code"]
    filter_horizontal = ["recipient_positions", "recipient_departments"]
    exclude = ["created_by"]

    @admin.display(description=_("dataset"), ordering="dataset")
    def dataset_name(self, obj):
        return dataset_title(obj.dataset)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ReportRun)
class ReportRunAdmin(BigListAdmin):
    """The archive, browsable by period (date hierarchy on the period's first day)."""

    list_display = ["run_link", "dataset_name", "period_kind", "period_start", "period_end",
                    "trigger", "created_at", "created_by", "sent_at"]  # fmt: skip
    list_filter = [DatasetFilter, "period_kind", "trigger", "definition"]
    date_hierarchy = "period_start"
    search_fields = ["definition__name"]
    list_select_related = ["definition", "created_by"]
    show_full_result_count = False

    @admin.display(description=_("report"), ordering="definition__name")
    def run_link(self, obj):
        return format_html('<a class="so-link" href="{}">{}</a>',
                           reverse("admin:reports_run", args=[obj.pk]), obj.definition.name)  # fmt: skip

    @admin.display(description=_("dataset"), ordering="dataset")
    def dataset_name(self, obj):
        return dataset_title(obj.dataset)

    def get_queryset(self, request):
        return runs_visible_to(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if self.has_view_permission(request) and str(object_id).isdigit():
            return redirect("admin:reports_run", int(object_id))
        return super().change_view(request, object_id, form_url, extra_context)
