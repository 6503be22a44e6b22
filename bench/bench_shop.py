"""Shop benchmarks (issue #5): home, category, product and search pages at 100k products, each as
requests/s relative to the minimal Django view served by the same gunicorn in the same run, with
p95 latency at 16 connections. Uses the catalogue's ``catalog_products`` dataset (100k published
products over four categories, titles "基准商品 N 号"), indexed for search by the storefront's
migration triggers as they are inserted.

Anonymous pages are cached whole (storefront/cache.py), so the plain entries measure what a
visitor gets: mostly cache hits. The ``…_uncached`` entries add a different ``_b=N`` to every
request, so every request is a miss that renders the page and stores it: the cost of the first
visitor after a change, and close to what a logged-in customer gets.
"""

from __future__ import annotations

import itertools

from bench import HttpBenchmark

_BUST = itertools.count(1)  # query counts of the "uncached" pages: a new number each time

SEARCH = "/search/?q=%E5%9F%BA%E5%87%86%E5%95%86%E5%93%81+21+%E5%8F%B7"  # "基准商品 21 号"
CATEGORY = "/c/bench-digital/?sort=sales"


def _product_path() -> str:
    """A product page on the current database (ids differ between the small and full ones)."""
    from siteops.catalog.models import Product

    pk = Product.objects.filter(code="B0000021").values_list("pk", flat=True).first()
    return f"/p/{pk}/"


def _numbered(path: str) -> str:
    return path.replace("{n}", f"q{next(_BUST)}")


def _page(name: str, goal: str, path=None, path_fn=None, note=""):
    bench = HttpBenchmark(name=name, path=path or "/", needs=["catalog_products"], goal=goal,
                          p95_ms=200, note=note)  # fmt: skip
    if path_fn is not None:
        bench.target = lambda ctx: ctx.load(path_fn(), bench, login=None)
        bench.queries = lambda ctx: ctx.client(None).get(_numbered(path_fn()))
    elif "{n}" in bench.path:
        bench.queries = lambda ctx: ctx.client(None).get(_numbered(bench.path))
    return bench


def register(suite):
    suite.add(
        _page("storefront.home", ">= 0.40", "/", note="cached for anonymous visitors"),
        _page("storefront.category", ">= 0.10", CATEGORY, note="cached"),
        _page("storefront.product", ">= 0.15", path_fn=_product_path, note="cached"),
        _page("storefront.search", ">= 0.05", SEARCH, note="page rendered; ranked ids cached per query"),
        _page("storefront.home_uncached", ">= 0.10", "/?_b={n}",
              note="every request a miss (its main part still a cached fragment); our floor, the issue sets home only with caching"),
        _page("storefront.category_uncached", ">= 0.10", CATEGORY + "&_b={n}",
              note="every request a miss: the page rendered"),
        _page("storefront.product_uncached", ">= 0.15",
              path_fn=lambda: _product_path() + "?_b={n}",
              note="every request a miss: the page rendered"),
    )  # fmt: skip
