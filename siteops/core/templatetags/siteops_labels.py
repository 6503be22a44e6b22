"""Labels for codes stored on records (so a page never shows a raw code)."""

from django import template

from siteops.core import labels

register = template.Library()


@register.filter
def warehouse_label(code: str) -> str:
    return labels.warehouse_label(code)
