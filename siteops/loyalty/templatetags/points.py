"""The points line of an order's cost summary (the shop's order page loads this tag, so the
orders and shop apps need no code of the points app)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..ledger import points_paid

register = template.Library()


@register.simple_tag
def points_paid_line(order):
    """``<dt>/<dd>`` of what the order's goods were paid with in points (nothing when none)."""
    points, value = points_paid(order.pk)
    if not points:
        return ""
    return format_html(
        '<dt>{}</dt><dd id="order-points">-¥{} <span class="spec">{}</span></dd>',
        _("Paid with points"),
        value,
        _("%(n)d points") % {"n": points},
    )
