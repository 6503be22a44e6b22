from django import template

from ..selectors import footer_groups

register = template.Library()


@register.simple_tag
def help_footer():
    """The shop footer's groups of live documents: [(group label, [pages])]."""
    return footer_groups()
