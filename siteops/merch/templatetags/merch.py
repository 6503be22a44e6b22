"""{% load merch %}{% merch_home_blocks %}: the home page's ads and shelves, live now."""

from django import template

from ..selectors import home_blocks

register = template.Library()


@register.inclusion_tag("merch/home_blocks.html", takes_context=True)
def merch_home_blocks(context, blocks=None):
    return {"blocks": blocks or home_blocks(), "request": context.get("request")}
