"""Forms of the shop: registration, login, addresses and checkout (all server-validated)."""

from __future__ import annotations

import re
import uuid

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from siteops.orders import payments
from siteops.orders.choices import DELIVERY_FEES, DeliveryMethod
from siteops.orders.models import Address
from siteops.org.models import User


class RegisterForm(forms.Form):
    username = forms.RegexField(
        label=_("User name"), max_length=30, regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Use letters, digits and @/./+/-/_ only.")},
    )  # fmt: skip
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def clean_username(self):
        name = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(_("This user name is taken."))
        return name

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                password_validation.validate_password(
                    p1, User(username=data.get("username", ""), email=data.get("email", ""))
                )
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class LoginForm(AuthenticationForm):
    pass


class AddressForm(forms.ModelForm):
    class Meta:
        model = Address
        fields = ["recipient", "phone", "province", "city", "district", "line", "postal_code",
                  "is_default"]  # fmt: skip


class CheckoutForm(forms.Form):
    address = forms.ModelChoiceField(
        label=_("Deliver to"), queryset=Address.objects.none(), widget=forms.RadioSelect,
        empty_label=None,
    )  # fmt: skip
    delivery_method = forms.ChoiceField(
        label=_("Delivery"), choices=DeliveryMethod.choices, initial=DeliveryMethod.STANDARD,
        # Changing it refreshes the cost summary from the server (htmx; see checkout.html).
        widget=forms.RadioSelect(attrs={
            "hx-get": "/checkout/summary/", "hx-trigger": "change",
            "hx-target": "#checkout-summary", "hx-swap": "innerHTML",
            "hx-include": "[name='points']",
        }),
    )  # fmt: skip
    payment_method = forms.ChoiceField(label=_("Payment"), widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note for us"), max_length=200, required=False)
    # How many of the customer's points pay part of the goods; the value is computed on the
    # server when the order is placed (siteops.loyalty through the hook orders.points_spend).
    points = forms.IntegerField(
        label=_("Pay with points"), min_value=0, max_value=100_000_000, required=False,
        widget=forms.NumberInput(attrs={
            "hx-get": "/checkout/summary/", "hx-trigger": "change",
            "hx-target": "#checkout-summary", "hx-include": "[name='delivery_method']:checked",
        }),
    )  # fmt: skip
    # One token per checkout page shown: the same submission arriving twice makes one order.
    checkout_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checkout_token"].initial = uuid.uuid4().hex
        self.fields["address"].queryset = Address.objects.filter(customer=customer)
        default = self.fields["address"].queryset.filter(is_default=True).first()
        if default:
            self.fields["address"].initial = default.pk
        self.fields["payment_method"].choices = payments.choices()
        self.fields["delivery_method"].choices = [
            (value, f"{label} (¥{DELIVERY_FEES[value]})") for value, label in DeliveryMethod.choices
        ]

    def clean_checkout_token(self) -> str:
        # A token that is not ours is ignored (the cart, emptied with the order, still protects).
        return token_of(self.cleaned_data.get("checkout_token"))


def token_of(value) -> str:
    value = value if isinstance(value, str) else ""
    return value if re.fullmatch(r"[0-9a-f]{32}", value) else ""
