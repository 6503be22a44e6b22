"""Forms of the people screens: bounded parsing of what staff type (errors are translated)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import CandidateSource, Recommendation, RequestReason, Urgency


class PlanNewForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("reason for this version"), max_length=2000, required=False)


class PlanLineForm(forms.Form):
    position = forms.CharField(label=_("position"), max_length=16)
    planned = forms.IntegerField(label=_("planned headcount"), min_value=0, max_value=999)


class RecruitmentForm(forms.Form):
    number = forms.IntegerField(label=_("number of people"), min_value=1, max_value=99, initial=1)
    reason = forms.ChoiceField(label=_("reason"), choices=RequestReason.choices)
    requirements = forms.CharField(label=_("requirements"), max_length=4000, widget=forms.Textarea)
    salary_min = forms.DecimalField(
        label=_("salary from (CNY/month)"), min_value=0, max_value=9999999, decimal_places=2
    )
    salary_max = forms.DecimalField(
        label=_("salary to (CNY/month)"), min_value=0, max_value=9999999, decimal_places=2
    )
    expected_start = forms.DateField(label=_("expected start"))
    urgency = forms.ChoiceField(label=_("urgency"), choices=Urgency.choices)

    def clean(self):
        data = super().clean()
        lo, hi = data.get("salary_min"), data.get("salary_max")
        if lo is not None and hi is not None and hi < lo:
            raise forms.ValidationError(_("The salary band's upper end is below its lower end."))
        return data


class CandidateForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    source = forms.ChoiceField(label=_("source"), choices=CandidateSource.choices)
    email = forms.EmailField(label=_("email"), required=False)
    phone = forms.CharField(label=_("phone"), max_length=32, required=False)
    notes = forms.CharField(label=_("notes"), max_length=4000, required=False)
    cv = forms.FileField(label=_("CV (PDF or Word)"), required=False)


class CandidateMoveForm(forms.Form):
    action = forms.CharField(max_length=16)
    start_date = forms.DateField(label=_("start date"), required=False)
    username = forms.CharField(label=_("user name"), max_length=150, required=False)


class ScoreForm(forms.Form):
    round = forms.IntegerField(label=_("round"), min_value=1, max_value=9, initial=1)
    score = forms.IntegerField(label=_("score (1–5)"), min_value=1, max_value=5)
    recommendation = forms.ChoiceField(label=_("recommendation"), choices=Recommendation.choices)
    notes = forms.CharField(label=_("notes"), max_length=4000, required=False)
