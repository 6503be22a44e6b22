"""``{% licence_footer %}``: the licence numbers the shop footer shows, from the register.

The shop caches whole pages by its version; ``services.licence_save``/``licence_transition``
change that version whenever a shown number (or its link, or whether it is held) changes.
"""

from django import template

from ..selectors import footer_licences

register = template.Library()


@register.inclusion_tag("compliance/_footer.html")
def licence_footer():
    return {"licences": footer_licences()}
