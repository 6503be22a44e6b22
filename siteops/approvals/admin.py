"""Back-office registration of approval rules (thin). Approvals themselves change only through
services, on their own pages (siteops/approvals/admin_views.py)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline

from .models import ApprovalRule, ApprovalRuleStep
from .registry import kinds


class ApprovalRuleForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("kind of object"))

    class Meta:
        model = ApprovalRule
        fields = ["kind", "is_active", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.kind, k.label) for k in kinds()]


class ApprovalRuleStepInline(TabularInline):
    model = ApprovalRuleStep
    extra = 1
    fields = ["order", "position", "min_value"]
    autocomplete_fields = ["position"]


@admin.register(ApprovalRule)
class ApprovalRuleAdmin(ModelAdmin):
    form = ApprovalRuleForm
    list_display = ["__str__", "kind", "is_active", "note"]
    list_filter = ["is_active"]
    inlines = [ApprovalRuleStepInline]
