from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import ServiceKind, SyncSource


class PoolFilterForm(forms.Form):
    province = forms.CharField(label=_("Province"), required=False, max_length=32)
    city = forms.CharField(label=_("City"), required=False, max_length=32)
    warehouse = forms.CharField(label=_("Warehouse"), required=False, max_length=20)
    promised_from = forms.DateField(
        label=_("Promised from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    promised_to = forms.DateField(
        label=_("Promised by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def rule(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class UploadForm(forms.Form):
    source = forms.ChoiceField(label=_("From"), choices=SyncSource.choices)
    file = forms.FileField(label=_("File (.csv or .xlsx)"))


class ServiceUpdateForm(forms.Form):
    order_number = forms.CharField(label=_("Order number"), max_length=20)
    kind = forms.ChoiceField(label=_("Update"), choices=ServiceKind.choices)
    reference = forms.CharField(label=_("Customer Service ticket"), max_length=64)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    recipient = forms.CharField(label=_("Recipient"), max_length=50, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    province = forms.CharField(label=_("Province"), max_length=32, required=False)
    city = forms.CharField(label=_("City"), max_length=32, required=False)
    district = forms.CharField(label=_("District"), max_length=32, required=False)
    address_line = forms.CharField(label=_("Street address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=12, required=False)
