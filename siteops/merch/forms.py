"""Forms of the merchandising back office: ad image checks, art uploads, returning a plan."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Ad
from .validators import validate_ad_image


class AdAdminForm(forms.ModelForm):
    """The ad form checks the image by its content (Pillow), not by its name."""

    class Meta:
        model = Ad
        fields = [
            "position",
            "title",
            "image",
            "alt",
            "link",
            "start",
            "end",
            "weight",
            "is_active",
        ]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):  # a new upload (not the stored file)
            validate_ad_image(image)
        return image


class ImageUploadForm(forms.Form):
    image = forms.FileField(label=_("Ad image"))

    def clean_image(self):
        image = self.cleaned_data["image"]
        try:
            validate_ad_image(image)
        except ValidationError:
            raise
        return image


class ReturnPlanForm(forms.Form):
    reason = forms.CharField(label=_("Why it goes back"), widget=forms.Textarea(attrs={"rows": 3}))
