"""Forms of the catalogue's work screens."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from siteops.core.widgets import KeptBlankForm

from .choices import ScheduledKind, SyncSource
from .models import Brand, Category
from .services.intake import FIELDS


def skus_to_text(skus: list[dict]) -> str:
    lines = []
    for s in skus or []:
        spec = "; ".join(f"{k}={v}" for k, v in (s.get("spec") or {}).items())
        lines.append(" | ".join(str(x or "") for x in (
            s.get("code"), spec, s.get("price"), s.get("market_price"), s.get("cost"),
            s.get("barcode"), s.get("weight"),
        )))  # fmt: skip
    return "\n".join(lines)


def text_to_skus(text: str) -> list[dict]:
    skus = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")] + [""] * 7
        skus.append(dict(zip(["code", "spec", "price", "market_price", "cost", "barcode", "weight"],
                             parts[:7], strict=True)))  # fmt: skip
    return skus


class SubmissionForm(forms.Form):
    """One product's information (Purchasing sends it; the editor tidies it)."""

    reference = forms.CharField(label=FIELDS["reference"], max_length=64)
    title = forms.CharField(label=FIELDS["title"], max_length=200)
    title_en = forms.CharField(label=FIELDS["title_en"], max_length=200, required=False)
    subtitle = forms.CharField(label=FIELDS["subtitle"], max_length=300, required=False)
    category = forms.ChoiceField(label=FIELDS["category"], required=False)
    brand = forms.ChoiceField(label=FIELDS["brand"], required=False)
    description = forms.CharField(
        label=FIELDS["description"], widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    skus = forms.CharField(
        label=FIELDS["skus"],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One SKU per line: code | 颜色=红; 尺码=M | price | market price | cost | barcode | weight"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import category_tree

        self.fields["category"].choices = [("", "—")] + [
            (c.slug, c.indented_name) for c in category_tree(active_only=True)
        ]
        self.fields["brand"].choices = [("", "—")] + [(b.slug, b.name) for b in Brand.objects.all()]

    @classmethod
    def initial_from(cls, data: dict) -> dict:
        return {
            **{k: data.get(k, "") for k in FIELDS if k != "skus"},
            "skus": skus_to_text(data.get("skus")),
        }

    def to_data(self) -> dict:
        d = dict(self.cleaned_data)
        d["skus"] = text_to_skus(d["skus"])
        return d


class ReturnForm(forms.Form):
    """PED-06: a reason per field that falls short."""

    note = forms.CharField(
        label=_("note to Purchasing"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in FIELDS.items():
            self.fields[f"reason_{key}"] = forms.CharField(
                label=label, required=False, max_length=300
            )

    def reasons(self) -> dict:
        return {
            k: self.cleaned_data.get(f"reason_{k}", "")
            for k in FIELDS
            if self.cleaned_data.get(f"reason_{k}")
        }


class UploadForm(forms.Form):
    file = forms.FileField(label=_("spreadsheet (.xlsx or .csv)"))


class SyncUploadForm(UploadForm):
    source = forms.ChoiceField(label=_("from"), choices=SyncSource.choices)
    note = forms.CharField(label=_("note"), required=False, max_length=300)


class ScheduleForm(KeptBlankForm):
    kind = forms.ChoiceField(
        label=_("action"),
        choices=[
            (ScheduledKind.PUBLISH, ScheduledKind.PUBLISH.label),
            (ScheduledKind.DELIST, ScheduledKind.DELIST.label),
        ],
    )
    due_at = forms.DateTimeField(
        label=_("at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class ImageForm(KeptBlankForm):
    image = forms.FileField(label=_("image"))
    alt = forms.CharField(label=_("alternative text"), required=False, max_length=200)


class PriceForm(forms.Form):
    price = forms.DecimalField(label=_("new price"), max_digits=12, decimal_places=2, min_value=0)


__all__ = ["Category"]
