"""The settings form of each block type (MNT-02): what the art editor fills in to place a block
and the maintainer to configure it. A form's cleaned data goes through the block type's own
``clean()`` (siteops.content.blocks), so the form and the JSON editor accept the same things."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from siteops.core.errors import DomainError

from .blocks import REGISTRY, clean_blocks


class RichTextForm(forms.Form):
    html = forms.CharField(label=_("text"), widget=forms.Textarea, max_length=50_000)


class ImageForm(forms.Form):
    src = forms.CharField(label=_("Image address"), max_length=500)
    alt = forms.CharField(label=_("Alt text"), max_length=200, required=False)
    link = forms.CharField(label=_("Link"), max_length=500, required=False)


class ProductGridForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=80, required=False)
    category = forms.CharField(label=_("Category (address)"), max_length=80, required=False)
    brand = forms.CharField(label=_("Brand (address)"), max_length=100, required=False)
    tag = forms.CharField(label=_("Tag (address)"), max_length=60, required=False)
    min_price = forms.DecimalField(label=_("lowest price"), min_value=0, max_value=10**7,
                                   decimal_places=2, required=False)  # fmt: skip
    max_price = forms.DecimalField(label=_("highest price"), min_value=0, max_value=10**7,
                                   decimal_places=2, required=False)  # fmt: skip
    sort = forms.ChoiceField(label=_("sort"), choices=[
        ("sales", _("Best-selling")), ("newest", _("Newest")), ("price", _("Price, low to high")),
        ("-price", _("Price, high to low"))])  # fmt: skip
    limit = forms.IntegerField(label=_("how many"), min_value=1, max_value=48, initial=8)

    def clean(self):
        data = super().clean()
        lo, hi = data.get("min_price"), data.get("max_price")
        if lo is not None and hi is not None and lo > hi:
            raise forms.ValidationError(_("The lowest price is above the highest."))
        return data


class CountdownForm(forms.Form):
    until = forms.DateTimeField(label=_("counts down to (the campaign's end)"))
    label = forms.CharField(label=_("Label"), max_length=80, required=False)


class SloganForm(forms.Form):
    slogan = forms.CharField(label=_("Slogan code"), max_length=60)
    placement = forms.CharField(label=_("Placement code"), max_length=40, required=False)


class StockForm(forms.Form):
    product = forms.IntegerField(label=_("product number"), min_value=1, max_value=2**62)
    label = forms.CharField(label=_("Label"), max_length=80, required=False)


class SignUpForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=80, required=False)
    button = forms.CharField(label=_("Button"), max_length=20, required=False)


FORMS: dict[str, type[forms.Form]] = {
    "richtext": RichTextForm,
    "image": ImageForm,
    "product_grid": ProductGridForm,
    "countdown": CountdownForm,
    "slogan": SloganForm,
    "stock": StockForm,
    "signup": SignUpForm,
}


def form_for(kind: str) -> type[forms.Form] | None:
    """The settings form of a block type: content's own, or the one a block type registered
    from another app brings (``Block.settings_form``)."""
    if kind in FORMS:
        return FORMS[kind]
    block = REGISTRY.get(kind)
    return getattr(block, "settings_form", None) if block is not None else None


def block_from_form(kind: str, form: forms.Form) -> dict:
    """The block's settings from a valid form, cleaned by the block type (DomainError if bad)."""
    if kind not in REGISTRY or form_for(kind) is None:
        raise DomainError(_("Unknown block type."))
    data = {k: ("" if v is None else v) for k, v in form.cleaned_data.items()}
    if "until" in data and data["until"]:
        data["until"] = data["until"].isoformat()
    return clean_blocks([{"type": kind, **{k: str(v) for k, v in data.items()}}])[0]
