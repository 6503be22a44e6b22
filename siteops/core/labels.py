"""Translated labels that settings need (settings themselves are not scanned for messages)."""

from django.utils.translation import gettext_lazy as _

SITE_TITLE = _("SiteOps 网站运营平台")
SITE_HEADER = _("SiteOps")
SITE_SUBHEADER = _("Website operations")
