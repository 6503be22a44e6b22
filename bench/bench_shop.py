"""Shop benchmarks (issue #5): home, category, product and search pages at 100k products, each as
requests/s relative to the minimal Django view served by the same gunicorn in the same run, with
p95 latency at 16 connections. Uses the catalogue's ``catalog_products`` dataset (100k published
products over four categories, titles "基准商品 N 号"), indexed for search by the storefront's
migration triggers as they are inserted.
"""

from __future__ import annotations

from bench import HttpBenchmark

SEARCH = "/search/?q=%E5%9F%BA%E5%87%86%E5%95%86%E5%93%81+21+%E5%8F%B7"  # "基准商品 21 号"


def _product_path() -> str:
    """A product page on the current database (ids differ between the small and full ones)."""
    from siteops.catalog.models import Product

    pk = Product.objects.filter(code="B0000021").values_list("pk", flat=True).first()
    return f"/p/{pk}/"


def _page(name: str, goal: str, path=None, path_fn=None):
    bench = HttpBenchmark(name=name, path=path or "/", needs=["catalog_products"], goal=goal,
                          p95_ms=200)  # fmt: skip
    if path_fn is not None:
        bench.target = lambda ctx: ctx.load(path_fn(), bench, login=None)
        bench.queries = lambda ctx: ctx.client(None).get(path_fn())
    return bench


def register(suite):
    suite.add(
        _page("storefront.home", ">= 0.40", "/"),
        _page("storefront.category", ">= 0.10", "/c/bench-digital/?sort=sales"),
        _page("storefront.product", ">= 0.15", path_fn=_product_path),
        _page("storefront.search", ">= 0.05", SEARCH),
    )
