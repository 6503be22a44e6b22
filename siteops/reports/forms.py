import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import PeriodKind
from .periods import period_containing


class ReportForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, initial="month")
    day = forms.DateField(
        label=_("Day in the period"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    start = forms.DateField(
        label=_("From (custom)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To (custom)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Breakdowns"), choices=(), required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, dataset, **kwargs):
        """The breakdowns and filters are the dataset's (``f_<key>`` fields for its filters)."""
        super().__init__(*args, **kwargs)
        self.dataset = dataset
        self.fields["dimensions"].choices = [(d.key, d.label) for d in dataset.dimensions]
        for f in dataset.filters:
            self.fields[f"f_{f.key}"] = forms.ChoiceField(
                label=f.label, required=False, choices=[("", _("All")), *f.choices()]
            )

    def filters(self) -> dict[str, str]:
        return {f.key: self.cleaned_data.get(f"f_{f.key}") or "" for f in self.dataset.filters}

    def clean(self):
        data = super().clean()
        kind = data.get("period")
        if kind == PeriodKind.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("A custom period needs both dates."))
            if end < start:
                raise forms.ValidationError(_("The period ends before it starts."))
            if (end - start).days > 366:
                raise forms.ValidationError(_("A report covers at most one year."))
        elif kind:
            start, end = period_containing(kind, data.get("day") or timezone.localdate())
        else:
            return data
        data["range"] = (start, end)
        return data

    def date_range(self) -> tuple[datetime.date, datetime.date]:
        return self.cleaned_data["range"]


class SendForm(forms.Form):
    name = forms.CharField(label=_("Report name"), max_length=200)
    emails = forms.CharField(
        label=_("Send to (email addresses, one per line)"), widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )  # fmt: skip

    def clean_emails(self):
        from django.core.validators import validate_email

        lines = [e.strip() for e in self.cleaned_data["emails"].splitlines() if e.strip()]
        for e in lines:
            validate_email(e)
        return "\n".join(lines)
