"""Translated labels that settings need (settings themselves are not scanned for messages)."""

from django.utils.translation import gettext_lazy as _

SITE_TITLE = _("SiteOps 网站运营平台")
SITE_HEADER = _("SiteOps")
SITE_SUBHEADER = _("Website operations")

# Warehouse codes as people read them (orders and batches store the code; "main" is the default).
WAREHOUSES = {"main": _("Main warehouse")}


def warehouse_label(code: str) -> str:
    return str(WAREHOUSES.get(code, code)) if code else ""
