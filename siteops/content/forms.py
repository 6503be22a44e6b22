import json

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import FooterGroup, PageKind, RoundKind
from .models import Page


class PageForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=PageKind.choices)
    slug = forms.SlugField(label=_("address (slug)"), max_length=80)
    title = forms.CharField(label=_("title (Chinese)"), max_length=120)
    title_en = forms.CharField(label=_("title (English)"), max_length=120, required=False)
    body = forms.CharField(label=_("text (Chinese)"), widget=forms.Textarea, required=False,
                           max_length=100_000)  # fmt: skip
    body_en = forms.CharField(label=_("text (English)"), widget=forms.Textarea, required=False,
                              max_length=100_000)  # fmt: skip
    seo_title = forms.CharField(label=_("SEO title"), max_length=120, required=False)
    seo_description = forms.CharField(label=_("SEO description"), max_length=300, required=False)
    blocks = forms.CharField(
        label=_("blocks"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=200_000,
        help_text=_(
            'Topic and static pages: a JSON list, e.g. [{"type": "richtext", "html": "…"}]'
        ),
    )
    footer_group = forms.ChoiceField(
        label=_("footer group"), choices=[("", "—"), *FooterGroup.choices], required=False
    )
    order = forms.IntegerField(label=_("order"), min_value=0, max_value=999, initial=0)
    needs_design = forms.BooleanField(label=_("needs a designed page"), required=False)
    message = forms.CharField(label=_("what changed"), max_length=300, required=False)

    def __init__(self, *args, page: Page | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        if page is not None:
            for name in ("kind", "slug"):
                self.fields[name].disabled = True
                self.fields[name].required = False

    def clean_blocks(self):
        raw = self.cleaned_data.get("blocks") or ""
        if not raw.strip():
            return []
        try:
            value = json.loads(raw)
        except ValueError:
            raise forms.ValidationError(_("Blocks must be valid JSON.")) from None
        return value

    def content(self) -> dict:
        names = ("title", "title_en", "body", "body_en", "seo_title", "seo_description", "blocks")
        return {n: self.cleaned_data[n] for n in names}


class SubmitForm(forms.Form):
    publish_at = forms.DateTimeField(label=_("go live at (empty: when approved)"), required=False)
    message = forms.CharField(label=_("note to the reviewer"), max_length=500, required=False)


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(label=_("go live at"))


class DesignRequestForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=160)
    purpose = forms.CharField(label=_("purpose"), widget=forms.Textarea, required=False,
                              max_length=4000)  # fmt: skip
    placements = forms.CharField(label=_("placements and pixel sizes"), widget=forms.Textarea,
                                 required=False, max_length=2000)  # fmt: skip
    copy = forms.CharField(label=_("copy"), widget=forms.Textarea, required=False, max_length=4000)
    references = forms.CharField(label=_("references"), widget=forms.Textarea, required=False,
                                 max_length=2000)  # fmt: skip
    deadline = forms.DateField(label=_("deadline"), required=False)


class ProofForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=RoundKind.choices)
    image = forms.FileField(label=_("proof"))
    note = forms.CharField(label=_("note"), max_length=1000, required=False)


class DecideForm(forms.Form):
    feedback = forms.CharField(label=_("feedback"), widget=forms.Textarea(attrs={"rows": 3}),
                               required=False, max_length=4000)  # fmt: skip
