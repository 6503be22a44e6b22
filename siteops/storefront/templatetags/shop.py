"""``{% product_cards products %}``: the shop's product cards, each rendered once per shop version
and language and then taken from the cache (one ``get_many`` for the whole list). A card shows
only what the shop version covers (title, price, sold out, first image), so a change still shows
on the next request."""

from django import template
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from siteops.catalog.selectors import sold_out_behaviour

from ..cache import PAGE_TIMEOUT, per_version, request_shop_version

register = template.Library()


@register.simple_tag(takes_context=True)
def product_cards(context, products):
    products = list(products)
    if not products:
        return ""
    card = get_template("storefront/_card.html")
    version = request_shop_version(context.get("request"))
    if version is None:
        return mark_safe("".join(card.render({"p": p}) for p in products))  # noqa: S308
    prefix = f"storefront:card:{get_language()}:{sold_out_behaviour()}:{version}:"
    found = cache.get_many([f"{prefix}{p.pk}" for p in products])
    html, missing = [], {}
    for p in products:
        key = f"{prefix}{p.pk}"
        if key not in found:
            found[key] = missing[key] = card.render({"p": p})
        html.append(found[key])
    if missing:
        cache.set_many(missing, PAGE_TIMEOUT)
    return mark_safe("".join(html))  # noqa: S308 - rendered by the (autoescaping) card template


def _english() -> bool:
    return (get_language() or "").startswith("en")


@register.filter
def shop_title(product) -> str:
    """A product's title in the shop's language: the English title on English pages, when set."""
    return (_english() and getattr(product, "title_en", "")) or product.title


@register.filter
def shop_name(obj) -> str:
    """A category's or brand's name in the shop's language (``name_en`` on English pages)."""
    return (_english() and getattr(obj, "name_en", "")) or obj.name


class ShopPartNode(template.Node):
    """``{% shop_part "name" %}…{% endshop_part %}``: a part of the shop's frame that only shows
    what the shop version covers (the regions, the footer's documents and licences), rendered
    once per version and language when the request has already read the version (a cached
    shop page or a topic page), so a miss of the whole page does not read them again. Other
    requests render it as before (no extra query to read a version they do not need)."""

    def __init__(self, name: str, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        version = getattr(request, "_shop_version", None)
        if version is None:
            return self.nodelist.render(context)
        return per_version(
            f"part:{self.name}:{get_language()}",
            lambda: mark_safe(self.nodelist.render(context)),  # noqa: S308 - a template's output
            version=version,
        )


@register.tag
def shop_part(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("shop_part takes one name")
    nodelist = parser.parse(("endshop_part",))
    parser.delete_first_token()
    return ShopPartNode(bits[1].strip("\"'"), nodelist)
