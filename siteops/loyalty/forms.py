"""Forms of the points work screens (their values are parsed again by the services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Project


class RequestForm(forms.Form):
    code = forms.CharField(label=_("code"), max_length=32)
    name = forms.CharField(label=_("name"), max_length=100)
    note = forms.CharField(label=_("what Website Sales asks for"), widget=forms.Textarea,
                           required=False, max_length=4000)  # fmt: skip


class SetupForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ("name", "sponsor", "starts_on", "ends_on", "budget_points", "point_value",
                  "pending_days", "redeem_allowed", "valid_days", "warn_days")  # fmt: skip
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}),
                   "ends_on": forms.DateInput(attrs={"type": "date"})}  # fmt: skip


class RuleForm(forms.Form):
    effective_from = forms.DateField(label=_("in force from"),
                                     widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    points_per_yuan = forms.DecimalField(label=_("points per ¥1 of paid goods"), initial=1,
                                         min_value=0, max_digits=8, decimal_places=4)  # fmt: skip
    first_order_points = forms.IntegerField(label=_("fixed points for the first order"),
                                            initial=0, min_value=0)  # fmt: skip
    multiplier = forms.DecimalField(label=_("multiplier"), initial=1, min_value=1,
                                    max_digits=5, decimal_places=2)  # fmt: skip
    multiplier_from = forms.DateField(label=_("multiplier from"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    multiplier_to = forms.DateField(label=_("multiplier until"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    monthly_cap = forms.IntegerField(label=_("cap per member per month"), required=False,
                                     min_value=1)  # fmt: skip
    note = forms.CharField(label=_("why this version"), required=False, max_length=200)


class MembersForm(forms.Form):
    file = forms.FileField(label=_("XLSX or CSV file (columns: customer, joined_on)"))


class GenerateForm(forms.Form):
    start = forms.DateField(label=_("period from"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("period until"), widget=forms.DateInput(attrs={"type": "date"}))
