"""Blocks of topic and static pages (ART-01, MNT-02): a registry of block types in code.

A page's ``blocks`` is a list of ``{"type": <name>, ...settings}``. Each type cleans its settings
when the page is saved (bad settings: a clear error, nothing saved) and renders itself; a block
that fails while rendering renders nothing and is logged — it never breaks its page.

The maintainer adds a type by writing a class here with ``name``, ``label``, ``clean()`` and
``render()`` and registering it with ``@register``; the art editor places it.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siteops.core.errors import DomainError
from siteops.core.inputs import InputError, clean_text, parse_datetime, parse_decimal, parse_int
from siteops.core.sanitize import clean_html

log = logging.getLogger(__name__)

MAX_BLOCKS = 60
REGISTRY: dict[str, type[Block]] = {}


def register(cls):
    REGISTRY[cls.name] = cls
    return cls


class Block:
    name = ""
    label = gettext_lazy("Block")
    #: the settings form the art editor or maintainer fills in (siteops.content.block_forms)
    form_fields: tuple[str, ...] = ()
    #: a block type registered from another app brings its settings form here (a Form class)
    settings_form = None
    #: rendered for each visitor with the page and the request (a form posting back, a
    #: customer's own state): ``render(settings, page=…, request=…)``, never cached
    per_visitor = False

    @classmethod
    def clean(cls, settings: dict) -> dict:
        raise NotImplementedError

    @classmethod
    def render(cls, settings: dict) -> str:
        raise NotImplementedError


def _url(value, field: str) -> str:
    value = clean_text(value or "", max_length=500, field=field)
    if not (value.startswith("/") or value.startswith("https://") or value.startswith("http://")):
        raise InputError(_("%(field)s must be an address starting with / or http(s)://.")
                         % {"field": field})  # fmt: skip
    if value.startswith("//"):
        raise InputError(_("%(field)s must be an address starting with / or http(s)://.")
                         % {"field": field})  # fmt: skip
    return value


@register
class RichText(Block):
    name = "richtext"
    label = gettext_lazy("Rich text")

    @classmethod
    def clean(cls, settings):
        return {"html": clean_html(str(settings.get("html", "")))}

    @classmethod
    def render(cls, settings):
        return mark_safe(f'<div class="block-text">{clean_html(settings["html"])}</div>')


@register
class Image(Block):
    name = "image"
    label = gettext_lazy("Image")

    @classmethod
    def clean(cls, settings):
        out = {
            "src": _url(settings.get("src"), _("Image address")),
            "alt": clean_text(settings.get("alt", ""), max_length=200, field=_("Alt text")),
        }
        if settings.get("link"):
            out["link"] = _url(settings["link"], _("Link"))
        return out

    @classmethod
    def render(cls, settings):
        img = format_html(
            '<img src="{}" alt="{}" loading="lazy">', settings["src"], settings["alt"]
        )
        if settings.get("link"):
            img = format_html('<a href="{}">{}</a>', settings["link"], img)
        return format_html('<figure class="block-image">{}</figure>', img)


SORTS = {"newest": ["-pk"], "price": ["min_price", "pk"], "-price": ["-min_price", "-pk"],
         "sales": ["-sales_count", "-pk"]}  # fmt: skip


@register
class ProductGrid(Block):
    """Products fed by a catalogue query: category, brand, tag, price range, sort, how many."""

    name = "product_grid"
    label = gettext_lazy("Product grid")

    @classmethod
    def clean(cls, settings):
        out = {
            "title": clean_text(settings.get("title", ""), max_length=80, field=_("Title")),
            "category": clean_text(
                settings.get("category", ""), max_length=80, field=_("Category")
            ),  # fmt: skip
            "brand": clean_text(settings.get("brand", ""), max_length=100, field=_("Brand")),
            "tag": clean_text(settings.get("tag", ""), max_length=60, field=_("Tag")),
            "sort": settings.get("sort") or "sales",
            "limit": parse_int(str(settings.get("limit", 8)), lo=1, hi=48),
        }
        if out["sort"] not in SORTS:
            raise InputError(_("Choose a known sort order."))
        for key in ("min_price", "max_price"):
            if settings.get(key) not in (None, ""):
                out[key] = str(parse_decimal(str(settings[key]), lo=Decimal(0),
                                             hi=Decimal(10**7)))  # fmt: skip
        return out

    @classmethod
    def products(cls, settings):
        from siteops.catalog.models import Category
        from siteops.catalog.selectors import shop_products

        category = None
        if settings.get("category"):
            category = Category.objects.filter(slug=settings["category"], is_active=True).first()
            if category is None:
                return []
        qs = shop_products(category=category)
        if settings.get("brand"):
            qs = qs.filter(brand__slug=settings["brand"])
        if settings.get("tag"):
            qs = qs.filter(tags__slug=settings["tag"])
        if settings.get("min_price"):
            qs = qs.filter(min_price__gte=Decimal(settings["min_price"]))
        if settings.get("max_price"):
            qs = qs.filter(min_price__lte=Decimal(settings["max_price"]))
        return list(
            qs.select_related(None)
            .only("pk", "title", "title_en", "min_price", "in_stock")
            .prefetch_related(None)
            .prefetch_related("images")
            .order_by(*SORTS[settings["sort"]])[: settings["limit"]]
        )

    @classmethod
    def render(cls, settings):
        return render_to_string(
            "content/blocks/product_grid.html",
            {"title": settings.get("title"), "products": cls.products(settings)},
        )


@register
class Countdown(Block):
    name = "countdown"
    label = gettext_lazy("Countdown")

    @classmethod
    def clean(cls, settings):
        until = parse_datetime(str(settings.get("until", "")))
        return {
            "until": until.isoformat(),
            "label": clean_text(settings.get("label", ""), max_length=80, field=_("Label")),
        }

    @classmethod
    def render(cls, settings):
        until = parse_datetime(settings["until"])
        left = until - timezone.now()
        if left.total_seconds() <= 0:
            text = _("Ended")
        else:
            text = _("%(d)s days %(h)s hours left") % {
                "d": left.days,
                "h": left.seconds // 3600,
            }
        return format_html(
            '<div class="block-countdown" data-until="{}"><strong>{}</strong> {}</div>',
            settings["until"],
            settings.get("label", ""),
            text,
        )


@register
class SloganBlock(Block):
    """A slogan used by reference (CPY-04): its variant for the placement, kept up to date."""

    name = "slogan"
    label = gettext_lazy("Slogan")

    @classmethod
    def clean(cls, settings):
        from .models import Slogan

        code = clean_text(settings.get("slogan", ""), max_length=60, field=_("Slogan"))
        if not Slogan.objects.filter(code=code).exists():
            raise InputError(_("No slogan has the code “%(code)s”.") % {"code": code})
        placement = clean_text(settings.get("placement", ""), max_length=40, field=_("Placement"))
        return {"slogan": code, "placement": placement}

    @classmethod
    def render(cls, settings):
        from .models import Slogan

        slogan = Slogan.objects.prefetch_related("variants__placement").get(code=settings["slogan"])
        return format_html(
            '<p class="block-slogan">{}</p>', slogan.for_placement(settings["placement"])
        )


@register
class StockFigure(Block):
    """The live "only N left" of a product (MNT-02): the page (cached whole) carries the figure
    of when it was rendered, and the browser asks /t/stock/<id>.json for the current one."""

    name = "stock"
    label = gettext_lazy("Remaining stock")

    @classmethod
    def clean(cls, settings):
        from siteops.catalog.models import Product

        pk = parse_int(str(settings.get("product", "")), lo=1, hi=2**62)
        if not Product.objects.filter(pk=pk).exists():
            raise InputError(_("No product has the number %(n)s.") % {"n": pk})
        return {
            "product": pk,
            "label": clean_text(settings.get("label", ""), max_length=80, field=_("Label")),
        }

    @classmethod
    def remaining(cls, product_id: int) -> int:
        from django.db.models import F, Sum

        from siteops.catalog.models import SKU

        total = SKU.objects.filter(product_id=product_id, is_active=True).aggregate(
            n=Sum(F("stock_on_hand") - F("stock_reserved"))
        )["n"]
        return max(0, total or 0)

    @classmethod
    def render(cls, settings):
        from django.urls import reverse

        url = reverse("content:stock", args=[settings["product"]])
        return format_html(
            '<p class="block-stock" data-stock-url="{}">{} <strong class="stock-n">{}</strong></p>'
            "<script>(function(){{var s=document.currentScript.previousElementSibling;"
            "fetch(s.dataset.stockUrl).then(function(r){{return r.json()}}).then(function(d){{"
            's.querySelector(".stock-n").textContent=d.remaining}}).catch(function(){{}})}})();'
            "</script>",
            url,
            settings.get("label") or _("Left in stock:"),
            cls.remaining(settings["product"]),
        )


@register
class SignUp(Block):
    """A sign-up form for a campaign (MNT-02): the visitor leaves a name and a phone or e-mail;
    the sign-ups are kept per page (siteops.content.models.SignUp), once per contact."""

    name = "signup"
    label = gettext_lazy("Sign-up form")
    per_visitor = True

    @classmethod
    def clean(cls, settings):
        return {
            "title": clean_text(settings.get("title", ""), max_length=80, field=_("Title")),
            "button": clean_text(settings.get("button", ""), max_length=20, field=_("Button")),
        }

    @classmethod
    def render(cls, settings, page=None, request=None):
        if page is None or page.pk is None or request is None:
            return ""  # only a saved, live page, shown to a visitor, takes sign-ups
        return render_to_string(
            "content/blocks/signup.html", {"settings": settings, "page": page}, request=request
        )


def clean_blocks(raw) -> list[dict]:
    """The page's blocks with each one's settings cleaned; a clear error names the bad one."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        raise DomainError(_("Blocks must be a list."))
    if len(raw) > MAX_BLOCKS:
        raise DomainError(_("A page has at most %(n)s blocks.") % {"n": MAX_BLOCKS})
    out = []
    for i, item in enumerate(raw, start=1):
        kind = item.get("type") if isinstance(item, dict) else None
        if kind not in REGISTRY:
            raise DomainError(_("Block %(i)s: unknown block type.") % {"i": i})
        try:
            settings = REGISTRY[kind].clean(item)
        except InputError as exc:
            raise DomainError(_("Block %(i)s: %(error)s") % {"i": i, "error": exc}) from exc
        out.append({"type": kind, **settings})
    return out


def _fragment_key(item: dict) -> str:
    import hashlib
    import json

    from django.utils.translation import get_language

    raw = json.dumps(item, sort_keys=True, ensure_ascii=True).encode()
    digest = hashlib.sha1(raw, usedforsecurity=False).hexdigest()
    return f"content-block:{get_language()}:{digest}"


# Blocks whose HTML depends only on their settings and the catalogue (whose changes raise the
# shop version): kept in the shop's per-version cache. The others are rendered on every request:
# a form (its CSRF token is per visitor), the live stock figure, the countdown (the time left)
# and a slogan (slogan edits do not raise the shop version).
CACHEABLE = {"richtext", "image", "product_grid"}


def _render_one(i, item, page, fragment_cache, request) -> str:
    try:
        block = REGISTRY[item["type"]]
        if block.per_visitor:
            return str(block.render(item, page=page, request=request))
        if block is ProductGrid and fragment_cache is not None and page is None:
            return fragment_cache(_fragment_key(item), lambda: str(block.render(item)))
        return str(block.render(item))
    except Exception:  # noqa: BLE001 - a block never breaks its page
        log.exception("content block %s (%s) failed to render", i, item.get("type"))
        return ""


def render_blocks(blocks, page=None, fragment_cache=None, request=None) -> str:
    """HTML of all blocks; one that errors renders nothing and is logged. ``page``: the page
    they belong to and ``request`` (blocks that post back, like the sign-up form, need them).
    ``fragment_cache`` (name, compute): the shop's per-version cache. For a live page it keeps
    the HTML of all the page's CACHEABLE blocks as one entry (per page, live revision and
    language), so a miss of the whole page (a logged-in visitor, a campaign's query string)
    renders only the live blocks; without a page, each product grid is kept apart."""
    blocks = blocks or []
    static = None
    if fragment_cache is not None and page is not None and page.pk is not None:
        from django.utils.translation import get_language

        def compute():
            return [
                _render_one(i, item, page, None, request)
                if item.get("type") in CACHEABLE else None
                for i, item in enumerate(blocks)
            ]  # fmt: skip

        key = f"content-page-blocks:{page.pk}:{page.live_revision_id}:{get_language()}"
        static = fragment_cache(key, compute)
        if len(static) != len(blocks):  # a stale entry of another shape: never trust it
            static = None
    parts = []
    for i, item in enumerate(blocks):
        html = static[i] if static is not None else None
        if html is None:
            html = _render_one(i, item, page, fragment_cache, request)
        parts.append(html)
    return mark_safe("".join(parts))
