"""Browsing the shop: home, category, product, search and the help pages."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import CharField, Exists, F, Func, OuterRef, Prefetch, Value
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from siteops.catalog.models import SKU, Brand, Category, ProductImage
from siteops.catalog.selectors import category_ancestors, shop_products
from siteops.content import views as content_views
from siteops.core.inputs import InputError, clean_text, parse_decimal
from siteops.core.middleware import bad_request

from .. import search as product_search
from .. import services as shop_services
from ..cache import (
    cached_fragment,
    per_version,
    product_page_key,
    request_shop_version,
    shop_page,
)

PAGE_SIZE = 24
SORTS = {
    # Newest by id: ids grow with creation and the primary key is an index, whereas sorting 100k
    # products by published_at (unindexed, owned by the catalogue) means a full scan per page.
    "newest": ["-pk"],
    "price": ["min_price", "pk"],
    "-price": ["-min_price", "-pk"],
    "sales": ["-sales_count", "-pk"],
}


def _top_categories():
    return list(
        Category.objects.filter(parent__isnull=True, is_active=True).order_by("order", "name")
    )


def _cards(qs):
    """Products for cards: only what a card shows (storefront/_card.html), first image included
    (cards show no SKUs)."""
    return (
        qs.select_related(None)
        .only("pk", "title", "title_en", "min_price", "in_stock")
        .prefetch_related(None)
        .prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("order", "pk")))
    )


def _branch_ids(category) -> list[int]:
    """Active categories of the branch, so listings filter by an indexed category_id IN (…)."""
    return list(
        Category.objects.filter(path__startswith=category.path, is_active=True).values_list(
            "pk", flat=True
        )
    )


def _home_context() -> dict:
    blocks = None
    try:
        from siteops.merch.selectors import home_blocks

        blocks = home_blocks()
    except ImportError:  # merchandising not installed: newest products only
        blocks = None
    newest = []
    if blocks is None or not blocks.shelves:
        newest = list(_cards(shop_products()).order_by("-pk")[:12])
    return {"blocks": blocks, "newest": newest, "top_categories": _top_categories()}


@shop_page()
def home(request):
    """Ads and shelves from merchandising (newest products when no shelf is live). The main part
    is cached per language and shop version (see storefront/cache.py): one query on a hit."""
    main = cached_fragment(
        "home",
        get_language() or "",
        lambda: render_to_string("storefront/_home_main.html", _home_context()),
    )
    return render(request, "storefront/home.html", {"main": mark_safe(main)})  # noqa: S308


MAX_PRICE = Decimal("99999999.99")


def _price(value, errors: list) -> Decimal | None:
    """A price filter of the URL: empty -> no filter; NaN, Infinity, 1e999, text -> no filter and
    a message (the page answers 400), never a query the database cannot run."""
    if value in (None, ""):
        return None
    try:
        return parse_decimal(value, places=2, max_digits=10, lo=0, hi=MAX_PRICE)
    except InputError as exc:
        errors.append(_("Price filter “%(value)s”: %(reason)s") % {"value": str(value)[:20],
                                                                 "reason": exc.message})  # fmt: skip
        return None


def spec_value(key: str):
    """The text of one spec key of a SKU, for any key (Chinese keys included), per vendor."""
    if connection.vendor == "postgresql":
        return Func(F("spec"), Value(key), template="(%(expressions)s)", arg_joiner=" ->> ",
                    output_field=CharField())  # fmt: skip
    # Django stores JSON with ASCII escapes on SQLite, and SQLite matches keys as written.
    path = "$." + json.dumps(key)
    return Func(F("spec"), Value(path), function="json_extract", output_field=CharField())


def _spec_facets(base_qs, limit: int = 2000) -> dict[str, list[str]]:
    """Spec keys and their values among the SKUs of (at most ``limit``) products shown here.
    The database returns each distinct spec once, so few JSON values are decoded per page."""
    facets: dict[str, set[str]] = {}
    specs = (
        SKU.objects.filter(is_active=True, product__in=base_qs.order_by().values("pk")[:limit])
        .order_by()
        .values_list("spec", flat=True)
        .distinct()[:300]
    )
    for spec in specs:
        for key, value in (spec or {}).items():
            facets.setdefault(str(key), set()).add(str(value))
    return {k: sorted(v) for k, v in sorted(facets.items())}


FILTERS = {"min", "max", "brand", "in_stock", "spec"}


def _facets(base) -> dict:
    brands = Brand.objects.filter(pk__in=base.order_by().values("brand_id")).order_by("name")
    return {"brands": list(brands), "specs": _spec_facets(base)}


@shop_page()
def category(request, slug):
    cat = get_object_or_404(Category, slug=slug, is_active=True)
    base = shop_products().filter(category_id__in=_branch_ids(cat))
    qs = base
    errors: list[str] = []
    price_min = _price(request.GET.get("min"), errors)
    price_max = _price(request.GET.get("max"), errors)
    if price_min is not None:
        qs = qs.filter(min_price__gte=price_min)
    if price_max is not None:
        qs = qs.filter(min_price__lte=price_max)
    brands = [b for b in request.GET.getlist("brand") if b]
    if brands:
        qs = qs.filter(brand__slug__in=brands)
    if request.GET.get("in_stock"):
        qs = qs.filter(in_stock=True)
    chosen_specs = []
    for raw in request.GET.getlist("spec"):
        key, sep, value = raw.partition(":")
        if not sep or not key:
            continue
        chosen_specs.append(raw)
        matching = (
            SKU.objects.filter(product=OuterRef("pk"), is_active=True)
            .annotate(v=spec_value(key))
            .filter(v=value)
        )
        qs = qs.filter(Exists(matching))
    sort = request.GET.get("sort", "newest")
    if sort not in SORTS:
        sort = "newest"
    # What does not depend on the sort order or the page is computed once per shop version and
    # shared: the count for these filters, the brands and spec values to filter by.
    filters = "&".join(f"{k}={v}" for k, v in sorted(request.GET.lists()) if k in FILTERS)
    filters = hashlib.sha1(filters.encode(), usedforsecurity=False).hexdigest()
    paginator = Paginator(_cards(qs).order_by(*SORTS[sort]), PAGE_SIZE)
    paginator.count = per_version(f"count:{cat.pk}:{filters}", qs.count)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    facets = per_version(f"facets:{cat.pk}", lambda: _facets(base))
    return render(
        request,
        "storefront/category.html",
        {
            "category": cat,
            "breadcrumbs": category_ancestors(cat),
            "subcategories": cat.children.filter(is_active=True).order_by("order", "name"),
            "page": page,
            "brands": facets["brands"],
            "chosen_brands": brands,
            "spec_facets": facets["specs"],
            "chosen_specs": chosen_specs,
            "sort": sort,
            "sorts": [
                ("newest", _("Newest")),
                ("sales", _("Best selling")),
                ("price", _("Price: low to high")),
                ("-price", _("Price: high to low")),
            ],  # fmt: skip
            "price_min": request.GET.get("min", ""),
            "price_max": request.GET.get("max", ""),
            "in_stock": bool(request.GET.get("in_stock")),
            "query_string": params.urlencode(),
            "filter_errors": errors,
        },
        status=400 if errors else 200,
    )


@shop_page(product_page_key)
def product(request, pk):
    item = shop_products().defer(None).filter(pk=pk).first()  # with its description
    if item is None:
        raise Http404
    skus = list(item.skus.all())
    chosen = None
    wanted = request.GET.get("sku")
    if wanted:
        chosen = next((s for s in skus if str(s.pk) == wanted), None)
    if chosen is None:
        chosen = next((s for s in skus if s.available > 0), skus[0] if skus else None)
    # Newest of the same category (an index walk, not a sort of the whole branch), shared by
    # every product page of the category until the shop version changes.
    newest = per_version(
        f"related:{item.category_id}",
        lambda: list(
            _cards(shop_products().filter(category_id=item.category_id)).order_by("-pk")[:9]
        ),
    )
    related = [p for p in newest if p.pk != item.pk][:8]
    return render(
        request,
        "storefront/product.html",
        {
            "product": item,
            "description": item.description,
            "images": list(item.images.all()),
            "skus": skus,
            "chosen": chosen,
            "breadcrumbs": per_version(
                f"crumbs:{item.category_id}", lambda: category_ancestors(item.category)
            ),
            "related": related,
        },
    )


def search(request):
    try:  # control characters out (a NUL is refused by UntrustedQueryMiddleware before this)
        q = clean_text(request.GET.get("q") or "").replace("\n", " ").replace("\t", " ")[:100]
    except InputError as exc:
        return bad_request(request, exc.message)
    # Ranked ids per query, shared until the shop version changes (popular searches, paging).
    key = hashlib.sha1(q.encode(), usedforsecurity=False).hexdigest()
    ids = per_version(f"search:{key}", lambda: product_search.search_ids(q)) if q else []
    if q and request.GET.get("page") in (None, "", "1"):  # a search, not its next pages
        shop_services.search_record(q=q, found=bool(ids))
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    by_id = _cards(shop_products()).in_bulk(list(page.object_list))
    products = [by_id[pk] for pk in page.object_list if pk in by_id]
    return render(
        request,
        "storefront/search.html",
        {
            "q": q,
            "page": page,
            "products": products,
            "total": len(ids),
            "limited": len(ids) >= product_search.LIMIT,
        },  # fmt: skip
    )


@shop_page()
def page(request, slug):
    """A help document (content's published documents: 404 for drafts and unpublished ones)."""
    return content_views.help_page(request, slug)


@shop_page()
def topic(request, slug):
    """A topic page (content's published topic pages, cached whole like the rest of the shop;
    the shop version rises on publish. Drafts, reviews and unpublished pages: 404)."""
    version = request_shop_version(request)  # read once for the page, its blocks and footer

    def fragments(name, compute):
        return per_version(name, compute, version=version)

    return content_views.topic_page(request, slug, fragment_cache=fragments)


@shop_page()
def help_centre(request):
    """All published help documents by footer group, with a search."""
    return content_views.help_centre(request)


def language(request, code):
    """Switch the shop's language by a plain link (so cached pages need no CSRF token for it):
    remember ``code`` in the language cookie and go back to ``next`` when it is on this site."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )  # fmt: skip
    return response
